"""A review-workbook export an evaluator asked for: its state while the background task builds
it, and the private file it produced (only its requester may download it)."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ExportFailure(models.TextChoices):
    """Why an export failed, told to the evaluator in their own language (the technical
    detail stays in `error`, for the site's administrators)."""

    ERROR = "error", _("The workbook could not be built.")
    NOT_QUEUED = "not_queued", _("The export could not be handed to the background worker.")
    NOT_STARTED = (
        "not_started",
        _(
            "No background worker took up the export in time: the site's task worker may be "
            "stopped."
        ),
    )
    STOPPED = (
        "stopped",
        _(
            "The background worker stopped while building the workbook (restarted, out of time "
            "or out of memory)."
        ),
    )


class ReviewExport(models.Model):
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="review_exports",
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    # What the workbook covers, e.g. {"cohorts": ["slug", …]}; empty: everything.
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    # Relative to PRIVATE_MEDIA_ROOT: the file is never served by a URL of its own.
    file_path = models.CharField(_("file"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # Written with the progress, and at least every few seconds while the worker is alive:
    # a running export without a recent heartbeat has lost its worker (fail_stale_exports).
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    failure = models.CharField(
        _("failure"), max_length=20, choices=ExportFailure.choices, blank=True
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("review workbook export")
        verbose_name_plural = _("review workbook exports")
        ordering = ["-created_at", "-pk"]
        # Who may export is the evaluators' right (see evaluation.export_views), and each
        # export belongs to its requester: no model permissions to grant.
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)
