"""Admin views of the review-workbook export: ask for one (a background task builds it), follow
its progress, download it, retry a failed one. Evaluators only, and each export only by the
person who asked. Viewing these pages also marks failed the exports whose worker is gone."""

import logging

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from surveys.models import Cohort

from .models import ExportStatus, ReviewExport
from .models.exports import ExportFailure
from .tasks import build_review_export, export_file, fail_stale_exports

logger = logging.getLogger(__name__)

# The evaluators' report right (evaluation.roles), as for the Budget report and the indicator
# dashboard: the workbook holds every indicator and the pseudonymised answers.
EXPORT_PERMISSION = "evaluation.view_budgetactual"
RECENT = 10


class ExportForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the headings"), choices=settings.LANGUAGES)
    cohort = forms.ModelChoiceField(
        label=_("Cohort"),
        queryset=Cohort.objects.order_by("-starts_on", "name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All cohorts"),
    )


def _require(request: HttpRequest) -> None:
    if not request.user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied


def _own(request: HttpRequest, pk: int) -> ReviewExport:
    # Someone else's export is not found rather than forbidden: its existence is not shown.
    return get_object_or_404(ReviewExport, pk=pk, requested_by=request.user)


def _enqueue(export_id: int) -> None:
    try:
        build_review_export.enqueue(export_id)
    except Exception as error:  # a backend that cannot take the job: say so on the page
        logger.exception("Could not queue review export %s", export_id)
        ReviewExport.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
            status=ExportStatus.FAILED,
            failure=ExportFailure.NOT_QUEUED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )


def _queue(request: HttpRequest, language: str, filters: dict) -> HttpResponse:
    export = ReviewExport.objects.create(
        requested_by=request.user, language=language, filters=filters
    )
    # Queued once the row is committed, so a worker always finds it; the request returns at
    # once and the status page follows the worker.
    transaction.on_commit(lambda: _enqueue(export.pk))
    return redirect("evaluation_export_status", pk=export.pk)


def _default_language() -> str:
    codes = [code for code, _name in settings.LANGUAGES]
    active = translation.get_language() or settings.LANGUAGE_CODE
    return active if active in codes else settings.LANGUAGE_CODE


@require_http_methods(["GET", "POST"])
def export_review(request: HttpRequest) -> HttpResponse:
    """GET: the form and the requester's recent exports; POST: start an export."""
    _require(request)
    if request.method == "POST":
        form = ExportForm(request.POST)
        if form.is_valid():
            cohort = form.cleaned_data["cohort"]
            filters = {"cohorts": [cohort.slug]} if cohort else {}
            return _queue(request, form.cleaned_data["language"], filters)
    else:
        form = ExportForm(initial={"language": _default_language()})
    fail_stale_exports()
    exports = ReviewExport.objects.filter(requested_by=request.user)[:RECENT]
    return TemplateResponse(
        request,
        "evaluation/export/index.html",
        {"form": form, "exports": exports},
        status=400 if form.errors else 200,
    )


@require_GET
def export_status(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    fail_stale_exports()
    export = _own(request, pk)
    return TemplateResponse(
        request,
        "evaluation/export/status.html",
        {
            "export": export,
            "language_name": dict(settings.LANGUAGES).get(export.language, export.language),
            "cohorts": ", ".join(export.filters.get("cohorts") or []),
        },
    )


@require_POST
def export_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """A failed export asked for again: a new one, same language and filters."""
    _require(request)
    export = _own(request, pk)
    if export.status != ExportStatus.FAILED:
        return redirect("evaluation_export_status", pk=export.pk)
    return _queue(request, export.language, export.filters)


@require_GET
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    _require(request)
    export = _own(request, pk)
    path = export_file(export) if export.status == ExportStatus.DONE else None
    if path is None:
        raise Http404
    filename = f"review-workbook-{export.created_at:%Y-%m-%d}-{export.language}.xlsx"
    return FileResponse(path.open("rb"), as_attachment=True, filename=filename)
