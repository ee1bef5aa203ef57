"""The review workbook as a background job (django-tasks): built into a private file whose name
carries a random token, with its progress recorded on the ReviewExport row for the status page.

A worker (`manage.py db_worker`) runs the job; the test settings run it inside the request.
However the job ends, its row ends `done` or `failed`: errors are caught here, and an export
whose worker died (killed, out of memory, restarted) stops writing its heartbeat and is
marked failed by fail_stale_exports, which the export pages and a cron command call."""

import logging
import os
import secrets
from contextlib import suppress
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from .models import ExportStatus, ReviewExport
from .models.exports import ExportFailure
from .workbook import build_workbook

logger = logging.getLogger(__name__)

EXPORT_DIR = "exports"
PROGRESS_STEP = 2  # percent between two writes of the progress
HEARTBEAT_EVERY = timedelta(seconds=10)  # at least this often while progress is reported


class ExportAbandoned(Exception):
    """The export is no longer ours to finish (marked failed meanwhile): stop building."""


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


def _discard(path: Path) -> None:
    with suppress(OSError):  # cleaning up must not hide why the export failed
        path.unlink(missing_ok=True)


def _fail(export_id: int, failure: str, error: str, *, status: str) -> int:
    """Mark an export failed if it is still in `status`; the number of rows changed."""
    return ReviewExport.objects.filter(pk=export_id, status=status).update(
        status=ExportStatus.FAILED,
        failure=failure,
        error=error[:2000],
        finished_at=timezone.now(),
    )


@task()
def build_review_export(export_id: int) -> str:
    """Build a queued export; returns its file path (relative to PRIVATE_MEDIA_ROOT). An export
    that is no longer queued is left alone, so a task delivered twice builds once."""
    now = timezone.now()
    claimed = ReviewExport.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, progress=0, started_at=now, heartbeat_at=now
    )
    if not claimed:
        return ""
    export = ReviewExport.objects.get(pk=export_id)
    root = exports_root()
    name = f"review-{timezone.now():%Y%m%d-%H%M%S}-{secrets.token_urlsafe(16)}.xlsx"
    # Written beside its final name, then renamed: a download never sees half a file.
    partial = root / f"{name}.part"
    last = {"percent": 0, "beat": now}

    def progress(percent: int, _step: str) -> None:
        percent = min(max(int(percent), 0), 99)  # 100 only once the file is in place
        now = timezone.now()
        if percent < last["percent"] + PROGRESS_STEP and now - last["beat"] < HEARTBEAT_EVERY:
            return
        last.update(percent=max(percent, last["percent"]), beat=now)
        running = ReviewExport.objects.filter(pk=export_id, status=ExportStatus.RUNNING)
        if not running.update(progress=last["percent"], heartbeat_at=now):
            raise ExportAbandoned(export_id)

    try:
        root.mkdir(parents=True, exist_ok=True)
        build_workbook(
            partial, export.language, export.filters.get("cohorts") or None, progress=progress
        )
        os.replace(partial, root / name)
    except ExportAbandoned:
        _discard(partial)
        logger.warning("Review export %s was marked failed while it ran; stopped", export_id)
        return ""
    except Exception as error:
        _discard(partial)
        logger.exception("Review export %s failed", export_id)
        _fail(
            export_id,
            ExportFailure.ERROR,
            f"{type(error).__name__}: {error}",
            status=ExportStatus.RUNNING,
        )
        raise
    relative = f"{EXPORT_DIR}/{name}"
    finished = ReviewExport.objects.filter(pk=export_id, status=ExportStatus.RUNNING).update(
        status=ExportStatus.DONE,
        progress=100,
        file_path=relative,
        heartbeat_at=timezone.now(),
        finished_at=timezone.now(),
    )
    if not finished:  # declared dead meanwhile: the evaluator was told it failed
        _discard(root / name)
        return ""
    return relative


def fail_stale_exports(now: datetime | None = None) -> int:
    """Mark failed the exports no worker will finish: queued longer than EXPORT_QUEUED_LIMIT
    seconds, or running without a heartbeat for EXPORT_STALE_AFTER seconds. Returns how many.
    Cheap enough to run on every view of the export pages, and from cron."""
    now = now or timezone.now()
    queued_limit = timedelta(seconds=settings.EXPORT_QUEUED_LIMIT)
    stale_after = timedelta(seconds=settings.EXPORT_STALE_AFTER)
    waited = ReviewExport.objects.filter(
        status=ExportStatus.QUEUED, created_at__lt=now - queued_limit
    ).update(
        status=ExportStatus.FAILED,
        failure=ExportFailure.NOT_STARTED,
        error=f"Still queued after {settings.EXPORT_QUEUED_LIMIT} s: is `db_worker` running?",
        finished_at=now,
    )
    cutoff = now - stale_after
    silent = (
        Q(heartbeat_at__lt=cutoff)
        | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
        | Q(heartbeat_at__isnull=True, started_at__isnull=True, created_at__lt=cutoff)
    )
    stopped = ReviewExport.objects.filter(silent, status=ExportStatus.RUNNING).update(
        status=ExportStatus.FAILED,
        failure=ExportFailure.STOPPED,
        error=f"No heartbeat for {settings.EXPORT_STALE_AFTER} s: the worker stopped.",
        finished_at=now,
    )
    if waited or stopped:
        logger.warning("Marked failed: %s export(s) never started, %s stopped", waited, stopped)
    return waited + stopped
