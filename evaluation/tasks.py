"""The review workbook as a background job (django-tasks): built into a private file whose name
carries a random token, with its progress recorded on the ReviewExport row for the status page.

With the immediate backend (settings.TASKS) the job runs inside the request that asked for it;
with a queue backend a worker runs it, and the status page follows its progress."""

import logging
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from .models import ExportStatus, ReviewExport
from .workbook import build_workbook

logger = logging.getLogger(__name__)

EXPORT_DIR = "exports"
PROGRESS_STEP = 2  # percent between two writes of the progress


def exports_root() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / EXPORT_DIR


def export_file(export: ReviewExport) -> Path | None:
    """The export's file, when it exists and lies inside the exports folder (the stored path
    is ours, but a path is never trusted blindly)."""
    if not export.file_path:
        return None
    root = exports_root().resolve()
    path = (Path(settings.PRIVATE_MEDIA_ROOT) / export.file_path).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


def _update(export_id: int, **fields) -> None:
    ReviewExport.objects.filter(pk=export_id).update(**fields)


@task()
def build_review_export(export_id: int) -> str:
    """Build a queued export; returns its file path (relative to PRIVATE_MEDIA_ROOT). An export
    that is no longer queued is left alone, so a task delivered twice builds once."""
    claimed = ReviewExport.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, progress=0
    )
    if not claimed:
        return ""
    export = ReviewExport.objects.get(pk=export_id)
    root = exports_root()
    root.mkdir(parents=True, exist_ok=True)
    name = f"review-{timezone.now():%Y%m%d-%H%M%S}-{secrets.token_urlsafe(16)}.xlsx"
    # Written beside its final name, then renamed: a download never sees half a file.
    partial = root / f"{name}.part"
    shown = [0]

    def progress(percent: int, _step: str) -> None:
        percent = min(max(int(percent), 0), 99)  # 100 only once the file is in place
        if percent >= shown[0] + PROGRESS_STEP:
            shown[0] = percent
            _update(export_id, progress=percent)

    try:
        build_workbook(
            partial, export.language, export.filters.get("cohorts") or None, progress=progress
        )
        os.replace(partial, root / name)
    except Exception as error:
        partial.unlink(missing_ok=True)
        logger.exception("Review export %s failed", export_id)
        _update(
            export_id,
            status=ExportStatus.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        raise
    relative = f"{EXPORT_DIR}/{name}"
    _update(
        export_id,
        status=ExportStatus.DONE,
        progress=100,
        file_path=relative,
        finished_at=timezone.now(),
    )
    return relative
