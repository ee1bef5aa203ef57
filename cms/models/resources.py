"""The communication tools: one page type per kind, on one shared base.

The base is concrete (multi-table) rather than abstract so that the library, the stakeholder
pages and the evaluation of OP-6 can list every kind in one queryset.
"""

import datetime
import math
from collections import defaultdict

from django import forms
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from ..blocks import (
    AttachmentBlock,
    ChartsBlock,
    CountryExampleBlock,
    LearningObjectiveBlock,
    body_blocks,
    is_empty_chart,
)
from .fields import SAME_SLUG_IN_EVERY_LANGUAGE
from .taxonomy import CrisisPhase, StakeholderGroup, Topic


def default_locale_terms() -> dict:
    """Editors tag resources with the source-language terms; translations share them."""
    return {"locale__language_code": Locale.get_default().language_code}


class ResourcePage(Page):
    summary = models.TextField(_("summary"), help_text=_("Two or three sentences for lists."))
    publication_date = models.DateField(_("publication date"), default=datetime.date.today)
    crisis_phase = models.CharField(_("crisis phase"), max_length=20, choices=CrisisPhase.choices)
    stakeholder_groups = ParentalManyToManyField(
        StakeholderGroup,
        verbose_name=_("tailored for"),
        related_name="resources",
        limit_choices_to=default_locale_terms,
    )
    topics = ParentalManyToManyField(
        Topic,
        verbose_name=_("topics"),
        related_name="resources",
        blank=True,
        limit_choices_to=default_locale_terms,
    )
    body = StreamField(body_blocks(), blank=True, verbose_name=_("body"))
    attachments = StreamField(
        [("attachment", AttachmentBlock())], blank=True, verbose_name=_("attachments")
    )

    is_creatable = False
    parent_page_types = ["cms.ResourceLibraryPage"]
    subpage_types: list[str] = []
    override_translatable_fields = [
        SAME_SLUG_IN_EVERY_LANGUAGE,
        SynchronizedField("crisis_phase", overridable=False),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("crisis_phase"),
        index.FilterField("publication_date"),
    ]

    # Each kind puts its own fields between these two.
    lead_panels = Page.content_panels + [FieldPanel("summary")]
    closing_panels = [
        FieldPanel("body"),
        FieldPanel("attachments"),
        MultiFieldPanel(
            [
                FieldPanel("stakeholder_groups", widget=forms.CheckboxSelectMultiple),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("crisis_phase"),
                FieldPanel("publication_date"),
            ],
            heading=_("Audience and classification"),
        ),
    ]
    content_panels = lead_panels + closing_panels

    class Meta:
        verbose_name = _("resource")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["audiences"] = audiences_with_pages(self)
        context["topics"] = localized_terms(Topic, self.topics.all(), self.locale)
        return context

    @property
    def kind(self) -> str:
        return self.specific_class._meta.model_name

    @property
    def kind_label(self) -> str:
        return self.specific_class._meta.verbose_name


def one_empty_chart() -> list:
    """A new infographic opens with a chart ready to fill; left empty, it is dropped."""
    return [("chart", ChartsBlock().child_blocks["chart"].get_default())]


class InfographicPage(ResourcePage):
    """An infographic: charts drawn from data, or an image with its text alternative."""

    charts = StreamField(
        ChartsBlock(),
        blank=True,
        default=one_empty_chart,
        verbose_name=_("charts"),
        help_text=_("Leave the chart empty for an image infographic."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("infographic image"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leave empty for an infographic made of charts only."),
    )
    alt_text = models.CharField(
        _("alternative text"),
        max_length=250,
        blank=True,
        help_text=_("The infographic's message in one sentence, for screen readers."),
    )
    long_description = models.TextField(
        _("long description"),
        blank=True,
        help_text=_("Everything the infographic says, as text: its figures and their meaning."),
    )

    # Title, summary, chart, body, then the optional image fallback.
    content_panels = (
        ResourcePage.lead_panels
        + [FieldPanel("charts"), FieldPanel("body")]
        + [
            MultiFieldPanel(
                [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("long_description")],
                heading=_("Image instead of charts (optional)"),
            )
        ]
        + ResourcePage.closing_panels[1:]
    )
    is_creatable = True

    class Meta:
        verbose_name = _("infographic")
        verbose_name_plural = _("infographics")

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        if self.image_id:
            missing = {
                name: _("An image infographic needs this text alternative.")
                for name in ("alt_text", "long_description")
                if not getattr(self, name).strip()
            }
            if missing:
                raise ValidationError(missing)
        elif not self.all_charts():
            raise ValidationError({"image": _("Add an image, or fill in at least one chart.")})

    def save(self, *args, **kwargs):
        # Pages made in code get the empty chart of the model's default too: drop it.
        if any(is_empty_chart(block.value) for block in self.charts):
            self.charts = [
                (block.block_type, block.value, block.id)
                for block in self.charts
                if not is_empty_chart(block.value)
            ]
        return super().save(*args, **kwargs)

    def all_charts(self) -> list:
        """The charts of the chart field, then any in the body."""
        charts = [block for block in self.charts if not is_empty_chart(block.value)]
        return charts + [block for block in self.body if block.block_type == "chart"]


class GuidePage(ResourcePage):
    is_creatable = True

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")


class TrainingModulePage(ResourcePage):
    learning_objectives = StreamField(
        [("objective", LearningObjectiveBlock())], verbose_name=_("learning objectives")
    )
    duration_hours = models.DecimalField(
        _("duration (hours)"),
        max_digits=5,
        decimal_places=1,
    )

    content_panels = (
        ResourcePage.lead_panels
        + [FieldPanel("learning_objectives"), FieldPanel("duration_hours")]
        + ResourcePage.closing_panels
    )
    is_creatable = True

    @property
    def duration_display(self) -> str:
        hours = self.duration_hours
        text = formats.number_format(hours, decimal_pos=0 if hours == int(hours) else 1)
        return ngettext("%(hours)s hour", "%(hours)s hours", math.ceil(hours)) % {"hours": text}

    class Meta:
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")


class PolicyOptionPage(ResourcePage):
    """One entry of the compendium of existing policy options."""

    rationale = RichTextField(_("rationale"), features=["bold", "italic", "link", "ul"])
    country_examples = StreamField(
        [("example", CountryExampleBlock())], blank=True, verbose_name=_("country examples")
    )

    content_panels = (
        ResourcePage.lead_panels
        + [FieldPanel("rationale"), FieldPanel("country_examples")]
        + ResourcePage.closing_panels
    )
    is_creatable = True

    class Meta:
        verbose_name = _("policy option")
        verbose_name_plural = _("compendium of policy options")


class PublicationPage(ResourcePage):
    """The scoping study and the project's reports."""

    document_reference = models.CharField(
        _("CDIP document reference"), max_length=40, blank=True, help_text=_("e.g. CDIP/32/6")
    )
    approval_date = models.DateField(_("approval date"), null=True, blank=True)

    content_panels = (
        ResourcePage.lead_panels
        + [FieldPanel("document_reference"), FieldPanel("approval_date")]
        + ResourcePage.closing_panels
    )
    override_translatable_fields = ResourcePage.override_translatable_fields + [
        SynchronizedField("document_reference", overridable=False)
    ]
    is_creatable = True

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")


class CaseStudyPage(ResourcePage):
    """A national experience of a real crisis."""

    country = models.CharField(_("country"), max_length=80)
    crisis = models.CharField(_("crisis"), max_length=200, help_text=_("What happened, and when."))

    content_panels = (
        ResourcePage.lead_panels
        + [FieldPanel("country"), FieldPanel("crisis")]
        + ResourcePage.closing_panels
    )
    is_creatable = True

    class Meta:
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")


class WorkshopPage(ResourcePage):
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    place = models.CharField(
        _("place"), max_length=200, help_text=_("City and country, or online.")
    )
    agenda = StreamField(body_blocks(), blank=True, verbose_name=_("agenda"))

    content_panels = (
        ResourcePage.lead_panels
        + [
            FieldPanel("start_date"),
            FieldPanel("end_date"),
            FieldPanel("place"),
            FieldPanel("agenda"),
        ]
        + ResourcePage.closing_panels
    )
    is_creatable = True

    class Meta:
        verbose_name = _("workshop or event")
        verbose_name_plural = _("workshops and events")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            from django.core.exceptions import ValidationError

            raise ValidationError({"end_date": _("The event cannot end before it starts.")})


RESOURCE_KINDS: list[type[ResourcePage]] = [
    InfographicPage,
    GuidePage,
    TrainingModulePage,
    PolicyOptionPage,
    PublicationPage,
    CaseStudyPage,
    WorkshopPage,
]


def live_resources(locale: Locale) -> models.QuerySet[ResourcePage]:
    """Every live resource in one language, newest first, ready for lists (no N+1)."""
    return (
        ResourcePage.objects.live()
        .public()
        .filter(locale=locale)
        .select_related("content_type")
        .order_by("-publication_date", "-pk")
    )


def resources_for_group(group: StakeholderGroup, locale: Locale) -> list[tuple[str, list]]:
    """The resources tailored for `group` in `locale`, grouped by kind in RESOURCE_KINDS order."""
    resources = live_resources(locale).filter(
        stakeholder_groups__translation_key=group.translation_key
    )
    by_kind: dict[str, list] = defaultdict(list)
    for resource in resources:
        by_kind[resource.content_type.model].append(resource)
    return [
        (kind._meta.verbose_name_plural, by_kind[kind._meta.model_name])
        for kind in RESOURCE_KINDS
        if by_kind[kind._meta.model_name]
    ]


def localized_terms(model, terms, locale: Locale) -> list:
    """The terms' versions in `locale` (falling back to the term itself), in term order."""
    keys = [term.translation_key for term in terms]
    localized = {
        t.translation_key: t for t in model.objects.filter(translation_key__in=keys, locale=locale)
    }
    return sorted(
        (localized.get(t.translation_key, t) for t in terms), key=lambda t: (t.sort_order, t.name)
    )


def audiences_with_pages(resource: ResourcePage) -> list:
    """The resource's stakeholder groups in its language, each with its stakeholder page."""
    from .taxonomy import StakeholderPage

    groups = localized_terms(StakeholderGroup, resource.stakeholder_groups.all(), resource.locale)
    pages = {
        p.group_id: p
        for p in StakeholderPage.objects.live().filter(locale=resource.locale, group__in=groups)
    }
    for group in groups:
        group.page = pages.get(group.pk)
    return groups
