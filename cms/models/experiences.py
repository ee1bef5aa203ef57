"""The call for experiences: IP offices share what a real crisis did to their services.

Submissions feed the scoping study. They are stored (editors review them in the admin), never
only e-mailed, and an accepted one becomes a draft case study in one click.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from .fields import SAME_SLUG_IN_EVERY_LANGUAGE

ATTACHMENT_EXTENSIONS = ["pdf", "docx", "odt", "txt", "rtf"]
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
TEXT_LIMIT = 5000


def private_storage() -> FileSystemStorage:
    """Attachments live outside MEDIA_ROOT, with no public URL: only editors download them."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


def attachment_path(instance: "ExperienceSubmission", filename: str) -> str:
    return f"experiences/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class CallForExperiencesPage(Page):
    introduction = models.TextField(_("introduction"))
    thank_you = models.TextField(
        _("thank-you message"), help_text=_("Shown once the experience has been sent.")
    )

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("thank_you")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types: list[str] = []
    override_translatable_fields = [SAME_SLUG_IN_EVERY_LANGUAGE]
    cache_page = False  # its form carries a per-visitor CSRF token

    class Meta:
        verbose_name = _("call for experiences")

    def serve(self, request, *args, **kwargs):
        from ..views import call_for_experiences

        return call_for_experiences(request, self)


class ExperienceSubmission(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    office = models.CharField(_("IP office"), max_length=200)
    country = models.CharField(_("country"), max_length=100)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    crisis = models.CharField(_("the crisis"), max_length=300)
    impact = models.TextField(_("impact on the office's services"), max_length=TEXT_LIMIT)
    response = models.TextField(_("what the office did"), max_length=TEXT_LIMIT)
    lessons = models.TextField(_("lessons learned"), max_length=TEXT_LIMIT)
    attachment = models.FileField(
        _("attachment"),
        storage=private_storage,
        upload_to=attachment_path,
        blank=True,
        validators=[FileExtensionValidator(ATTACHMENT_EXTENSIONS)],
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    consent_to_publish = models.BooleanField(_("may be published as a case study"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    case_study = models.ForeignKey(
        "cms.CaseStudyPage",
        verbose_name=_("case study"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("status"),
        FieldPanel("office", read_only=True),
        FieldPanel("country", read_only=True),
        FieldPanel("contact_name", read_only=True),
        FieldPanel("contact_email", read_only=True),
        FieldPanel("crisis", read_only=True),
        FieldPanel("impact", read_only=True),
        FieldPanel("response", read_only=True),
        FieldPanel("lessons", read_only=True),
        FieldPanel("language", read_only=True),
        FieldPanel("consent_to_publish", read_only=True),
    ]

    class Meta:
        verbose_name = _("experience submission")
        verbose_name_plural = _("experience submissions")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.office} — {self.crisis}"

    @cached_property
    def attachment_name(self) -> str:
        return Path(self.attachment.name).name if self.attachment else ""
