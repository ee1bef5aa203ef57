"""Cohorts: one training or workshop, with an opening and closing time for each phase."""

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable


class Phase(models.TextChoices):
    PRE = "pre", _("Before (PRE)")
    POST = "post", _("After (POST)")
    FEEDBACK = "feedback", _("Workshop feedback")
    FOLLOW_UP = "follow_up", _("Office follow-up")


def new_enrolment_key() -> str:
    return secrets.token_urlsafe(16)  # 128 bits: the cohort's public self-enrolment link


class Cohort(ClusterableModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    workshop_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("workshop page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The training or workshop's page on the site."),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    self_enrolment = models.BooleanField(
        _("self-enrolment open"),
        default=True,
        help_text=_("Attendees can enrol themselves through the cohort's public link."),
    )
    enrolment_key = models.CharField(max_length=40, unique=True, default=new_enrolment_key)
    attendance_recorded = models.BooleanField(_("attendance recorded"), default=False)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("workshop_page"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        MultiFieldPanel([FieldPanel("place"), FieldPanel("online")], heading=_("Where")),
        FieldPanel("self_enrolment"),
        FieldPanel("attendance_recorded"),
        InlinePanel("phases", label=_("Phases"), min_num=1),
    ]

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name


MAX_REMINDERS = 5


def parse_reminder_days(value: str) -> list[int]:
    """The days before closing on which reminders go, in the order they are sent: "7, 2"
    gives [7, 2]. Raises ValueError."""
    days = set()
    for part in value.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= 365:
            raise ValueError(part)
        days.add(int(part))
    if len(days) > MAX_REMINDERS:
        raise ValueError(value)
    return sorted(days, reverse=True)


def validate_reminder_days(value: str) -> None:
    try:
        parse_reminder_days(value)
    except ValueError:
        raise ValidationError(
            _("Give up to %(count)d whole numbers of days from 1 to 365, separated by commas.")
            % {"count": MAX_REMINDERS}
        ) from None


class CohortPhase(Orderable):
    cohort = ParentalKey(Cohort, related_name="phases", on_delete=models.CASCADE)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    instrument = models.ForeignKey(
        "surveys.Instrument",
        verbose_name=_("instrument"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("In the source language; participants see their language's translation."),
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    invite_on_opening = models.BooleanField(
        _("invite when the window opens"),
        default=True,
        help_text=_(
            "E-mail the invitation to every participant not yet invited once the window "
            "opens (and to those enrolled later, while it is open)."
        ),
    )
    reminder_days = models.CharField(
        _("reminders, days before closing"),
        max_length=40,
        blank=True,
        default="7, 2",
        validators=[validate_reminder_days],
        help_text=_(
            "For example “7, 2”: a reminder 7 days and another 2 days before the window "
            "closes, to those invited who have not submitted. Empty: no reminders."
        ),
    )

    panels = [
        FieldPanel("phase"),
        FieldPanel("instrument"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldRowPanel([FieldPanel("invite_on_opening"), FieldPanel("reminder_days")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("phase")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "phase"], name="one_window_per_phase")
        ]

    def __str__(self) -> str:
        return f"{self.cohort} — {self.get_phase_display()}"

    @property
    def reminder_schedule(self) -> list[int]:
        try:
            return parse_reminder_days(self.reminder_days)
        except ValueError:
            return []

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at
