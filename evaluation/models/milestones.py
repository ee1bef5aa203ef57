"""Milestones behind OP-1 and OP-2 (and evidence for the others): status, date, evidence."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MilestoneKind(models.TextChoices):
    SCOPING_STUDY_PUBLISHED = "op-1", _("OP-1: scoping study published")
    SCOPING_STUDY_APPROVED = "op-2", _("OP-2: scoping study approved by the CDIP")


class Milestone(models.Model):
    indicator = models.CharField(
        _("indicator"), max_length=10, choices=MilestoneKind.choices, unique=True
    )
    reached_on = models.DateField(_("date reached"), null=True, blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page on the site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The published scoping study (OP-1)."),
    )
    document_reference = models.CharField(
        _("document or decision reference"),
        max_length=200,
        blank=True,
        help_text=_("E.g. the CDIP document and the decision approving the study (OP-2)."),
    )
    evidence_url = models.URLField(_("evidence (web address)"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["indicator"]

    def __str__(self) -> str:
        return self.get_indicator_display()
