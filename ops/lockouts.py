"""Login lockouts (django-axes): the page a locked-out visitor sees, and the admin view that
lists current lockouts and lifts one before its cool-off ends."""

from datetime import timedelta

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

UNLOCK_PERMISSION = "axes.delete_accessattempt"


def cooloff() -> timedelta | None:
    value = settings.AXES_COOLOFF_TIME
    if isinstance(value, int | float):  # axes also accepts hours as a number
        return timedelta(hours=value)
    return value


def current_lockouts() -> QuerySet[AccessAttempt]:
    """Username and address pairs refused now: enough failures, cool-off not yet over."""
    attempts = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    if (period := cooloff()) is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - period)
    return attempts.order_by("-attempt_time")


def unlock(attempt: AccessAttempt) -> int:
    """Forget the failures of one username from one address; returns the records removed."""
    return reset(ip=attempt.ip_address, username=attempt.username)


def can_unlock(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm(UNLOCK_PERMISSION))


def cooloff_minutes() -> int | None:
    period = cooloff()
    return max(1, round(period.total_seconds() / 60)) if period else None


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: a page in the visitor's language, 429, kept by no cache."""
    response = TemplateResponse(
        request,
        "axes/lockout.html",
        {"minutes": cooloff_minutes(), "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    add_never_cache_headers(response)
    return response.render()


@require_http_methods(["GET", "POST"])
def lockouts_view(request: HttpRequest) -> HttpResponse:
    """Settings > Locked-out logins: superusers, or whoever may delete access attempts."""
    if not can_unlock(request.user):
        raise PermissionDenied
    if request.method == "POST":
        attempt = get_object_or_404(AccessAttempt, pk=request.POST.get("attempt"))
        unlock(attempt)
        messages.success(
            request,
            _("“%(username)s” may sign in again from %(address)s.")
            % {"username": attempt.username, "address": attempt.ip_address},
        )
        return redirect("ops_lockouts")
    return TemplateResponse(
        request,
        "ops/lockouts.html",
        {
            "lockouts": current_lockouts(),
            "minutes": cooloff_minutes(),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
        },
    )
