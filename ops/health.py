"""GET /healthz/: is this worker able to serve? For load balancers and uptime monitors.

Each check returns None when fine (or a short note such as "not applicable") and a short
reason when not. The body names checks and reasons only: no hosts, users or exception texts,
which go to the log instead.
"""

import logging
import secrets
from collections.abc import Callable
from datetime import datetime

from csp.decorators import csp_exempt
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, F, Min, QuerySet, When
from django.db.models.functions import Greatest
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

DEFAULT_QUEUE_MAX_AGE = 300  # seconds


class CheckFailed(Exception):
    """A check's reason for failing, safe to show in the response body."""


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_cache() -> str:
    # A random key, so that concurrent probes of several workers never see each other's value.
    key, token = f"ops:healthz:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, token, timeout=30)
    found = cache.get(key)
    cache.delete(key)
    if found != token:
        raise CheckFailed("value written was not read back")
    return "ok"


def database_task_backend():
    """The default task backend when it is django-tasks-db's, else None."""
    try:
        from django_tasks import task_backends
        from django_tasks_db import DatabaseBackend
    except ImportError:
        return None
    backend = task_backends["default"]
    return backend if isinstance(backend, DatabaseBackend) else None


def oldest_ready_wait(ready: QuerySet, now: datetime) -> float | None:
    """Seconds the longest-waiting ready task has been due, None when none is.

    A task is due from when it was enqueued, or from its run_after if it was deferred
    (django-tasks-db stores "no deferral" as a far-future run_after).
    """
    from django_tasks_db.models import get_date_max

    due_since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")),
        default=Greatest("enqueued_at", "run_after"),
    )
    oldest = ready.aggregate(oldest=Min(due_since))["oldest"]
    return None if oldest is None else max(0.0, (now - oldest).total_seconds())


def check_queue() -> str:
    backend = database_task_backend()
    if backend is None:
        # Immediate (tests, small sites) or another backend: no queue of ours to watch.
        return "not applicable"
    from django_tasks_db.models import DBTaskResult

    limit = getattr(settings, "HEALTH_QUEUE_MAX_AGE", DEFAULT_QUEUE_MAX_AGE)
    ready = DBTaskResult.objects.ready().filter(backend_name=backend.alias)
    waited = oldest_ready_wait(ready, timezone.now())
    if waited is not None and waited > limit:
        # No worker running (db_worker stopped) or too few for the load.
        raise CheckFailed(f"oldest ready task waiting {waited:.0f} s (limit {limit} s)")
    return "ok"


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "cache": check_cache,
    "queue": check_queue,
}


def run_checks() -> tuple[bool, dict[str, str]]:
    results, healthy = {}, True
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except CheckFailed as failure:
            results[name], healthy = str(failure), False
        except Exception as error:
            # The message (a host name, say) for the log; one line, as probes come often.
            logger.warning("Health check %r failed: %r", name, error)
            results[name], healthy = f"error: {type(error).__name__}", False
    return healthy, results


@csp_exempt()  # JSON: nothing for a browser to enforce or report
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    healthy, checks = run_checks()
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": checks},
        status=200 if healthy else 503,
    )
