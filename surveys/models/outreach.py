"""Invitations and reminders: the messages' texts (translatable snippets) and what was sent to
whom, per participant and phase.

A row of OutreachMessage is one e-mail planned for one participant: invitation round 1, 2…
(a re-send is a new round, on the evaluator's explicit request) or the reminder scheduled so
many days before the window closes. The unique constraint is what makes every run idempotent:
planning twice creates nothing the second time."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from .cohorts import Phase

PLACEHOLDERS = ("name", "link", "closes", "cohort")
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def check_placeholders(text: str, required: tuple[str, ...] = ()) -> list[str]:
    """What is wrong with the placeholders of `text`, as messages; empty when nothing is."""
    used = set(PLACEHOLDER.findall(text))
    problems = [
        _("Unknown placeholder {%(name)s}: use {name}, {link}, {closes} or {cohort}.")
        % {"name": name}
        for name in sorted(used - set(PLACEHOLDERS))
    ]
    problems += [
        _("Put {%(name)s} in the text: the message is useless without it.") % {"name": name}
        for name in required
        if name not in used
    ]
    return problems


class InvitationMessage(TranslatableMixin, models.Model):
    """The invitation for one phase, in one language; reminders reuse it under a heading."""

    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("body"),
        help_text=_(
            "Plain text. Placeholders: {name} (the participant's name), {link} (their "
            "personal link, required), {closes} (when the questionnaire closes), {cohort}."
        ),
    )

    override_translatable_fields = [SynchronizedField("phase", overridable=False)]
    panels = [FieldPanel("phase"), FieldPanel("subject"), FieldPanel("body")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("invitation message")
        verbose_name_plural = _("invitation messages")
        constraints = [
            models.UniqueConstraint(fields=["phase", "locale"], name="one_message_per_phase")
        ]

    def __str__(self) -> str:
        return f"{self.get_phase_display()}: {self.subject}"

    def clean(self) -> None:
        errors = {}
        if problems := check_placeholders(self.subject):
            errors["subject"] = problems
        if problems := check_placeholders(self.body, required=("link",)):
            errors["body"] = problems
        if errors:
            raise ValidationError(errors)

    @property
    def usable(self) -> bool:
        """A translation may have lost a placeholder: then the source language is sent."""
        return not check_placeholders(self.subject) and not check_placeholders(
            self.body, required=("link",)
        )


class MessageKind(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    REMINDER = "reminder", _("Reminder")


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    BOUNCED = "bounced", _("Bounced")


class OutreachMessage(models.Model):
    participant = models.ForeignKey(
        "surveys.Participant", on_delete=models.CASCADE, related_name="outreach_messages"
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=MessageKind.choices)
    # Invitations: the round (1, then 2… for each explicit re-send). Reminders: the number of
    # days before the window closes it was scheduled for.
    step = models.PositiveSmallIntegerField(_("step"))
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # The mail server's answer when it refused (evaluators only: it may quote the address).
    error = models.CharField(_("error"), max_length=500, blank=True)
    language = models.CharField(_("language written in"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("invitation or reminder")
        verbose_name_plural = _("invitations and reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "phase", "kind", "step"], name="one_message_per_step"
            )
        ]
        indexes = [models.Index(fields=["status", "id"], name="outreach_status")]

    def __str__(self) -> str:
        return f"{self.participant} — {self.phase} {self.kind} {self.step}"


class OptOut(models.Model):
    """The participant asked for no more reminders for this phase (signed link, no login)."""

    participant = models.ForeignKey(
        "surveys.Participant", on_delete=models.CASCADE, related_name="opt_outs"
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    opted_out_at = models.DateTimeField(_("opted out at"), auto_now_add=True)

    class Meta:
        verbose_name = _("opt-out")
        constraints = [
            models.UniqueConstraint(fields=["participant", "phase"], name="one_opt_out_per_phase")
        ]

    def __str__(self) -> str:
        return f"{self.participant} — {self.phase}"
