"""The evaluators' erasure pages: erase one participant's personal data (confirmation, then
POST) and the log of erasures. Each view checks its permission itself: any admin user can
reach a URL, and only evaluators may see or erase personal data."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages

from .erasure import erase_participant
from .models import ErasureRecord, Participant

ERASE_PERMISSION = "surveys.change_participant"
LOG_PERMISSION = "surveys.view_participant"
LOG_LIMIT = 500


def _participants_url(participant: Participant) -> str:
    return reverse("wagtailsnippets_surveys_participant:list") + f"?cohort={participant.cohort_id}"


@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what will be erased and what is kept; POST: erase and log it."""
    if not request.user.has_perm(ERASE_PERMISSION):
        raise PermissionDenied
    participant = get_object_or_404(Participant.objects.select_related("cohort"), pk=pk)
    back = _participants_url(participant)
    if participant.erased_at is not None:
        messages.warning(
            request,
            _("The personal data of %(code)s was erased already.") % {"code": participant.code},
        )
        return redirect(back)
    if request.method == "POST":
        erase_participant(participant, by_user=request.user)
        messages.success(
            request,
            _("The personal data of %(code)s is erased; the answers remain under this code.")
            % {"code": participant.code},
        )
        return redirect(back)
    return TemplateResponse(
        request,
        "surveys/admin/confirm_erasure.html",
        {"participant": participant, "participants_url": back},
    )


def erasures(request: HttpRequest) -> HttpResponse:
    """Who erased which code, when and why (the latest first)."""
    if not request.user.has_perm(LOG_PERMISSION):
        raise PermissionDenied
    records = ErasureRecord.objects.select_related("erased_by")[:LOG_LIMIT]
    return TemplateResponse(request, "surveys/admin/erasures.html", {"records": records})
