"""How often each document is downloaded, per language of the page it was linked from.

Counts only: no address, user or time of any single download is stored.
"""

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model_string


class DocumentDownload(models.Model):
    document = models.ForeignKey(
        get_document_model_string(), on_delete=models.CASCADE, related_name="download_counts"
    )
    language = models.CharField(
        _("language"), max_length=10, blank=True, help_text=_("Empty when the link gave none.")
    )
    count = models.PositiveIntegerField(_("downloads"), default=0)

    class Meta:
        verbose_name = _("document downloads")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language"], name="one_download_count_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_id} [{self.language or '?'}]: {self.count}"


def record_download(document, language: str) -> None:
    """Add one to the document's count for `language` (unknown codes count as "")."""
    if language not in dict(settings.LANGUAGES):
        language = ""
    counts = DocumentDownload.objects.filter(document=document, language=language)
    if counts.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            DocumentDownload.objects.create(document=document, language=language, count=1)
    except IntegrityError:  # another request created the row meanwhile
        counts.update(count=F("count") + 1)
