"""Admin views for paper answers (the XLSX template of a phase, and its import) and for the
cohort's public self-enrolment link with its QR code."""

import segno
from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages

from .admin_views import IMPORT_PERMISSION, _require
from .models import Cohort, CohortPhase
from .paper import MAX_BYTES, PaperImportError, import_workbook, template_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PaperForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the questions and answers"), choices=settings.LANGUAGES
    )
    file = forms.FileField(label=gettext_lazy("Filled-in template (XLSX)"), required=False)


@require_http_methods(["GET", "POST"])
def paper_answers(request: HttpRequest, pk: int) -> HttpResponse:
    """Download a phase's template in a language (GET ?language=…&download=1), or import a
    filled one (POST): every row submitted, or nothing and each row's problem."""
    _require(request, IMPORT_PERMISSION)
    cohort_phase = get_object_or_404(CohortPhase.objects.select_related("cohort"), pk=pk)
    form = PaperForm(request.POST or request.GET or None, request.FILES or None)
    row_errors = []
    if request.method == "GET" and "download" in request.GET and form.is_valid():
        language = form.cleaned_data["language"]
        response = HttpResponse(template_workbook(cohort_phase, language), content_type=XLSX)
        name = f"{cohort_phase.cohort.slug}-{cohort_phase.phase}-{language}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload is None:
            form.add_error("file", _("Choose the filled-in template to import."))
        elif upload.size > MAX_BYTES:
            form.add_error("file", _("The file is larger than 5 MB."))
        else:
            try:
                saved = import_workbook(cohort_phase, upload.read(), form.cleaned_data["language"])
            except PaperImportError as error:
                row_errors = error.errors
            else:
                messages.success(
                    request,
                    _("Imported and submitted the answers of %(count)d participants.")
                    % {"count": len(saved)},
                )
    return TemplateResponse(
        request,
        "surveys/admin/paper_answers.html",
        {"cohort_phase": cohort_phase, "form": form, "row_errors": row_errors},
        status=400 if row_errors or form.errors else 200,
    )


@require_http_methods(["GET"])
def enrolment_poster(request: HttpRequest, pk: int) -> HttpResponse:
    """The cohort's public self-enrolment link and QR code, to show or print at the event."""
    _require(request, IMPORT_PERMISSION)
    cohort = get_object_or_404(Cohort, pk=pk)
    links = []
    for code, name in settings.LANGUAGES:
        with override(code):
            links.append(
                (
                    name,
                    request.build_absolute_uri(
                        reverse("surveys:enrol", kwargs={"key": cohort.enrolment_key})
                    ),
                )
            )
    with override(settings.LANGUAGE_CODE):
        link = links[0][1]
    return TemplateResponse(
        request,
        "surveys/admin/enrolment_poster.html",
        {
            "cohort": cohort,
            "links": links,
            "qr": segno.make(link, error="m").svg_inline(scale=6),
        },
    )
