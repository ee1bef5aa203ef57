"""The log of erasures: which pseudonymous code lost its personal data, when, by whom and why.

It holds the code only (never the erased name or e-mail), so it can be kept as long as the
answers: it proves the request was honoured without undoing it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ErasureReason(models.TextChoices):
    REQUEST = "request", _("The participant's request")
    RETENTION = "retention", _("Retention period over")


class ErasureRecord(models.Model):
    participant_code = models.CharField(_("pseudonymous code"), max_length=40)
    cohort_name = models.CharField(_("cohort"), max_length=200, blank=True)
    erased_at = models.DateTimeField(_("erased at"), auto_now_add=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erased by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=12, choices=ErasureReason.choices)

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        ordering = ["-erased_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.participant_code} — {self.erased_at:%Y-%m-%d}"
