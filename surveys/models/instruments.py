"""Instruments: the questionnaires, as translatable snippets.

django-survey-and-report stores them (Survey, Category, Question) and their answers, but has
no per-language texts and no stable item codes. Here each instrument is a translatable
ClusterableModel with its domains and items inline, so translators work on it through
wagtail-localize like on any snippet; every language's copy points at the same library rows
(synchronised foreign keys), so answers given in any language pool into one data set, keyed
by item code.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

# A code identifies an instrument, domain or item in every language and in the data.
CODE_FIELD = {"overridable": False}


class InstrumentKind(models.TextChoices):
    COMPETENCE = "competence", _("Competence self-assessment (before and after)")
    FEEDBACK = "feedback", _("Workshop feedback")
    FOLLOW_UP = "follow_up", _("Office follow-up")


class ItemKind(models.TextChoices):
    RATING = "rating", _("Rating 1–5 with behavioural anchors")
    KNOWLEDGE = "knowledge", _("Knowledge check (one correct answer)")
    USEFULNESS = "usefulness", _("Usefulness 1–5 with “can't judge”")
    CHOICE = "choice", _("One choice among options")
    YES_NO = "yes_no", _("Yes or no")
    DATE = "date", _("Date")
    URL = "url", _("Web address")
    TEXT = "text", _("Open comment")


# Stored answer codes: numbers for every closed item, so the stored body is the score.
CANT_JUDGE = 9
YES, NO = 1, 2


def choice_blocks():
    return [("choice", blocks.CharBlock(label=_("Choice"), max_length=300))]


class Instrument(TranslatableMixin, ClusterableModel):
    code = models.SlugField(_("code"), max_length=40, help_text=_("Stable, never translated."))
    kind = models.CharField(_("kind"), max_length=20, choices=InstrumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    consent_notice = models.TextField(
        _("consent notice"),
        blank=True,
        help_text=_("Shown before self-enrolment: what is collected, why, and who sees it."),
    )
    rating_scale = StreamField(
        choice_blocks(),
        blank=True,
        verbose_name=_("rating scale"),
        help_text=_("The five points of rating items, from 1 to 5, unless an item has its own."),
    )
    cant_judge_label = models.CharField(_("“can't judge” label"), max_length=100, blank=True)
    # The storage in django-survey-and-report; the same row in every language.
    survey = models.ForeignKey(
        "survey.Survey", null=True, blank=True, editable=False, on_delete=models.PROTECT
    )

    override_translatable_fields = [
        SynchronizedField("code", **CODE_FIELD),
        SynchronizedField("kind", **CODE_FIELD),
    ]
    panels = [
        MultiFieldPanel([FieldPanel("title"), FieldPanel("code"), FieldPanel("kind")]),
        FieldPanel("introduction"),
        FieldPanel("consent_notice"),
        FieldPanel("rating_scale"),
        FieldPanel("cant_judge_label"),
        InlinePanel("domains", label=_("Domains (one screen each)")),
        InlinePanel("items", label=_("Items")),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        constraints = [
            models.UniqueConstraint(fields=["code", "locale"], name="unique_instrument_code")
        ]

    def __str__(self) -> str:
        return self.title


class Domain(TranslatableMixin, Orderable):
    """A group of items shown on one screen (a competence domain)."""

    instrument = ParentalKey(Instrument, related_name="domains", on_delete=models.CASCADE)
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    override_translatable_fields = [SynchronizedField("code", **CODE_FIELD)]
    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("description")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("domain")

    def __str__(self) -> str:
        return self.name


class Item(TranslatableMixin, Orderable):
    instrument = ParentalKey(Instrument, related_name="items", on_delete=models.CASCADE)
    code = models.SlugField(_("code"), max_length=40, help_text=_("Stable, never translated."))
    domain_code = models.SlugField(_("domain code"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices)
    text = models.TextField(_("text"))
    choices = StreamField(
        choice_blocks(),
        blank=True,
        verbose_name=_("choices"),
        help_text=_("Options in order (their codes are 1, 2, 3…); ratings: five anchors."),
    )
    correct_choice = models.PositiveSmallIntegerField(_("correct choice"), null=True, blank=True)
    required = models.BooleanField(_("required"), default=True)
    question = models.ForeignKey(
        "survey.Question", null=True, blank=True, editable=False, on_delete=models.PROTECT
    )

    override_translatable_fields = [
        SynchronizedField("code", **CODE_FIELD),
        SynchronizedField("domain_code", **CODE_FIELD),
        SynchronizedField("kind", **CODE_FIELD),
        SynchronizedField("correct_choice", **CODE_FIELD),
        SynchronizedField("required", **CODE_FIELD),
    ]
    panels = [
        FieldPanel("code"),
        FieldPanel("domain_code"),
        FieldPanel("kind"),
        FieldPanel("text"),
        FieldPanel("choices"),
        FieldPanel("correct_choice"),
        FieldPanel("required"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("item")

    def __str__(self) -> str:
        return f"{self.code}: {self.text[:60]}"

    def clean(self) -> None:
        options = len(self.choices)
        if self.kind == ItemKind.KNOWLEDGE and not (
            self.correct_choice and 1 <= self.correct_choice <= options
        ):
            raise ValidationError(
                {"correct_choice": _("Give the number of the correct choice (1 to %d).") % options}
            )
        if self.kind in (ItemKind.CHOICE, ItemKind.KNOWLEDGE) and options < 2:
            raise ValidationError({"choices": _("Give at least two choices.")})
