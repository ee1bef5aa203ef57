"""Assistance requests: an IP office in a crisis asks the network for help, the coordinators
propose vetted experts, an expert accepts through their personal link, and the request is
followed to its closure. Every change is an event (who, when, what).

States only change through experts.assistance, which checks the transitions and writes the
event; the admin shows the state read-only."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .roster import Expert


class RequestState(models.TextChoices):
    RECEIVED = "received", _("Received")
    MATCHED = "matched", _("Expert proposed")
    ACCEPTED = "accepted", _("Expert accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")
    DECLINED = "declined", _("Declined")


class CrisisKind(models.TextChoices):
    NATURAL = "natural-disaster", _("Natural disaster")
    HEALTH = "health", _("Pandemic or health emergency")
    CONFLICT = "conflict", _("Armed conflict or civil unrest")
    CYBER = "cyber", _("Cyber attack or IT failure")
    ECONOMIC = "economic", _("Economic or financial crisis")
    OTHER = "other", _("Other")


class ServiceArea(models.TextChoices):
    FILING = "filing", _("Receiving applications")
    EXAMINATION = "examination", _("Examination and registration")
    PUBLICATION = "publication", _("Publication and IP data")
    FEES = "fees", _("Fees, renewals and deadlines")
    ENFORCEMENT = "enforcement", _("Disputes and enforcement")
    INFORMATION = "information", _("Information and help for users")


class Urgency(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediate: within 48 hours")
    WEEK = "week", _("Within a week")
    MONTH = "month", _("Within a month")


class FiledBy(models.TextChoices):
    OFFICE = "office", _("The office, on the public form")
    COORDINATOR = "coordinator", _("A coordinator, on the office's behalf")


class AssistanceRequest(models.Model):
    office = models.CharField(_("office"), max_length=200)
    country = CountryField(_("country"))
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    crisis_kind = models.CharField(_("kind of crisis"), max_length=20, choices=CrisisKind.choices)
    description = models.TextField(_("what happened and what help is needed"), max_length=4000)
    services_affected = models.JSONField(_("services affected"), default=list, blank=True)
    expertise_needed = models.JSONField(_("expertise needed"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices)
    language = models.CharField(
        _("language of the requester"),
        max_length=10,
        choices=settings.LANGUAGES,
        help_text=_("E-mails to the requester are written in this language."),
    )
    filed_by = models.CharField(
        _("filed by"), max_length=12, choices=FiledBy.choices, default=FiledBy.COORDINATOR
    )
    state = models.CharField(
        _("state"), max_length=12, choices=RequestState.choices, default=RequestState.RECEIVED
    )
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("first expert accepted"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed or declined"), null=True, blank=True)
    help_given = models.BooleanField(_("help given"), null=True, blank=True)
    outcome = models.TextField(_("outcome note"), blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    class Meta:
        verbose_name = _("assistance request")
        verbose_name_plural = _("assistance requests")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["state", "received_at"])]

    def __str__(self) -> str:
        return f"{self.reference} — {self.office}"

    @property
    def reference(self) -> str:
        return f"AR-{self.pk:04d}" if self.pk else "AR-new"

    @property
    def is_open(self) -> bool:
        return self.state not in (RequestState.CLOSED, RequestState.DECLINED)


class Answer(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Proposal(models.Model):
    """One expert proposed for one request; the expert answers through a signed link."""

    request = models.ForeignKey(
        AssistanceRequest, on_delete=models.CASCADE, related_name="proposals"
    )
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="proposals")
    answer = models.CharField(
        _("answer"), max_length=10, choices=Answer.choices, default=Answer.PENDING
    )
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    note = models.TextField(_("expert's note"), blank=True, max_length=2000)
    language = models.CharField(_("language of the expert"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("proposed expert")
        verbose_name_plural = _("proposed experts")
        ordering = ["proposed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "expert"], name="one_proposal_per_expert")
        ]

    def __str__(self) -> str:
        return f"{self.request.reference}: {self.expert}"


class EventKind(models.TextChoices):
    RECEIVED = "received", _("Request received through the public form")
    ENTERED = "entered", _("Request entered by a coordinator")
    PROPOSED = "proposed", _("Proposed %(detail)s")
    ACCEPTED = "accepted", _("%(detail)s accepted")
    DECLINED_BY_EXPERT = "expert_declined", _("%(detail)s declined")
    WITHDRAWN = "withdrawn", _("Withdrew %(detail)s")
    STARTED = "started", _("Work started")
    CLOSED_HELPED = "closed_helped", _("Closed, help given: %(detail)s")
    CLOSED_NOT_HELPED = "closed_not_helped", _("Closed, no help given: %(detail)s")
    DECLINED = "declined", _("Declined: %(detail)s")


class Actor(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    REQUESTER = "requester", _("The requester, on the public form")
    EXPERT = "expert", _("The expert, through their personal link")


class RequestEvent(models.Model):
    """The request's log: what happened (a kind, with a name or note), by whom and when.
    Stored as a kind rather than a sentence, so each coordinator reads it in their language."""

    request = models.ForeignKey(AssistanceRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    kind = models.CharField(_("what happened"), max_length=20, choices=EventKind.choices)
    detail = models.TextField(_("detail"), blank=True)
    actor = models.CharField(
        _("actor"), max_length=12, choices=Actor.choices, default=Actor.COORDINATOR
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_state = models.CharField(max_length=12, choices=RequestState.choices, blank=True)
    to_state = models.CharField(max_length=12, choices=RequestState.choices, blank=True)

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.description

    @property
    def description(self) -> str:
        """The event in the active language."""
        return str(self.get_kind_display()) % {"detail": self.detail}

    @property
    def by(self) -> str:
        if self.actor == Actor.COORDINATOR and self.user is not None:
            return self.user.get_full_name() or self.user.get_username()
        return str(self.get_actor_display())
