"""The evaluators' admin views: importing attendees, their personal links (CSV and a printable
sheet of QR codes), revoking and reissuing a link, response rates and reopening a phase.

Each view checks its model permission itself: a URL is reachable by anyone with admin
access, and personal links are credentials.
"""

import datetime
from io import StringIO

import segno
from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin import messages
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views.reports import ReportView

from . import enrolment
from .exports import SafeCsvWriter, SafeSpreadsheetExportMixin
from .models import Cohort, CohortPhase, Participant
from .models.participants import OfficeType, Sex, StakeholderGroup
from .rates import RateRow, response_rates

# Who may do what. Links are credentials: handing them out is a change, not a view.
IMPORT_PERMISSION = "surveys.add_participant"
LINKS_PERMISSION = "surveys.change_participant"
RATES_PERMISSION = "surveys.view_participant"
REOPEN_PERMISSION = "surveys.change_cohort"

REOPEN_DAYS = 7


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def personal_link(request: HttpRequest, participant: Participant) -> str:
    """The participant's absolute link, under their language's prefix."""
    with override(participant.language):
        path = reverse("surveys:home", kwargs={"token": participant.token})
    return request.build_absolute_uri(path)


def _participants_url(cohort: Cohort) -> str:
    return reverse("wagtailsnippets_surveys_participant:list") + f"?cohort={cohort.pk}"


# --- Importing attendees ---


class AttendeeFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Attendee list"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "CSV (UTF-8, comma or semicolon) or XLSX, %(size)d MB at most."
        ) % {"size": enrolment.MAX_FILE_BYTES // (1024 * 1024)}


def _accepted_values() -> list[tuple[str, list[tuple[str, str]]]]:
    return [
        ("sex", list(Sex.choices)),
        ("office_type", list(OfficeType.choices)),
        ("stakeholder_group", list(StakeholderGroup.choices)),
        ("language", list(settings.LANGUAGES)),
    ]


@require_http_methods(["GET", "POST"])
def import_attendees(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, IMPORT_PERMISSION)
    cohort = get_object_or_404(Cohort, pk=pk)
    form = AttendeeFileForm(request.POST or None, request.FILES or None)
    row_errors: list[tuple[int, str, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            created = enrolment.import_attendees(cohort, form.cleaned_data["file"])
        except enrolment.AttendeeFileError as error:
            form.add_error("file", error.message)
        except enrolment.AttendeeRowsError as error:
            row_errors = error.errors
        else:
            messages.success(
                request,
                _("%(count)d participants enrolled in %(cohort)s.")
                % {"count": len(created), "cohort": cohort.name},
                buttons=[
                    messages.button(
                        reverse("surveys_invitation_list", args=[cohort.pk]),
                        _("Download the personal links (CSV)"),
                    ),
                    messages.button(
                        reverse("surveys_qr_sheet", args=[cohort.pk]), _("Print the QR codes")
                    ),
                ],
            )
            return redirect(_participants_url(cohort))
    return TemplateResponse(
        request,
        "surveys/admin/import_attendees.html",
        {
            "cohort": cohort,
            "form": form,
            "row_errors": row_errors,
            "columns": enrolment.COLUMNS,
            "required_columns": enrolment.REQUIRED_COLUMNS,
            "accepted_values": _accepted_values(),
            "max_rows": enrolment.MAX_ROWS,
        },
    )


# --- Personal links ---


def _active_participants(cohort: Cohort):
    # Revoked links open nothing: they are left out of what gets handed out.
    return cohort.participants.filter(revoked_at__isnull=True).order_by("code")


@never_cache  # personal links are credentials: never kept by a cache
@require_http_methods(["GET"])
def invitation_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The cohort's active participants and their personal links, as CSV for mail merge."""
    _require(request, LINKS_PERMISSION)
    cohort = get_object_or_404(Cohort, pk=pk)
    buffer = StringIO()
    writer = SafeCsvWriter(buffer)  # every cell through the export guard
    # Column names are field names, like the import's header, so mail merges keep working
    # whatever language the evaluator's admin is in.
    writer.writerow(["code", "name", "email", "language", "link"])
    for participant in _active_participants(cohort):
        row = [
            participant.code,
            participant.name,
            participant.email,
            participant.language,
            personal_link(request, participant),
        ]
        writer.writerow(row)
    # The BOM makes Excel read the file as UTF-8 (names in Arabic, Chinese, Russian).
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{cohort.slug}-links.csv"'
    return response


@never_cache
@require_http_methods(["GET"])
def qr_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable sheet: one card per active participant with code, name, link, QR code."""
    _require(request, LINKS_PERMISSION)
    cohort = get_object_or_404(Cohort, pk=pk)
    people = _active_participants(cohort)
    if request.GET.get("without_email") == "1":  # those no invitation can reach
        people = people.filter(email="")
    cards = []
    for participant in people:
        link = personal_link(request, participant)
        cards.append(
            {
                "participant": participant,
                "link": link,
                "qr": segno.make(link, error="m").svg_inline(scale=3),
            }
        )
    return TemplateResponse(
        request, "surveys/admin/qr_sheet.html", {"cohort": cohort, "cards": cards}
    )


@never_cache
@require_http_methods(["GET", "POST"])
def link_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Revoke a participant's link, or replace it with a new one (the old one stops at once).
    GET asks for confirmation; POST acts."""
    _require(request, LINKS_PERMISSION)
    participant = get_object_or_404(Participant.objects.select_related("cohort"), pk=pk)
    if participant.erased_at is not None:  # erased (surveys.erasure): the link stays closed
        raise PermissionDenied
    if request.method == "POST":
        if action == "revoke":
            participant.revoke()
            messages.success(
                request,
                _("The link of %(code)s is revoked: it no longer opens anything.")
                % {"code": participant.code},
            )
            return redirect(_participants_url(participant.cohort))
        participant.reissue()
        link = personal_link(request, participant)
        return TemplateResponse(
            request,
            "surveys/admin/link_reissued.html",
            {
                "participant": participant,
                "link": link,
                "qr": segno.make(link, error="m").svg_inline(scale=4),
                "participants_url": _participants_url(participant.cohort),
            },
        )
    return TemplateResponse(
        request,
        "surveys/admin/confirm_link_action.html",
        {
            "participant": participant,
            "action": action,
            "participants_url": _participants_url(participant.cohort),
        },
    )


# --- Response rates ---


@require_POST
def reopen_phase(request: HttpRequest, pk: int) -> HttpResponse:
    """Keep a phase open for at least another week from now (opening it now if it had not
    opened yet); a later closing time is kept."""
    _require(request, REOPEN_PERMISSION)
    phase = get_object_or_404(CohortPhase.objects.select_related("cohort"), pk=pk)
    now = timezone.now()
    phase.closes_at = max(phase.closes_at, now + datetime.timedelta(days=REOPEN_DAYS))
    phase.opens_at = min(phase.opens_at, now)
    phase.save(update_fields=["opens_at", "closes_at"])
    closes = date_format(phase.closes_at.astimezone(datetime.UTC), "DATETIME_FORMAT")
    messages.success(
        request, _("%(phase)s is open until %(date)s (UTC).") % {"phase": phase, "date": closes}
    )
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("surveys_response_rates")
    return redirect(next_url)


class ReopenColumn(Column):
    cell_template_name = "surveys/admin/reopen_cell.html"

    def get_cell_context_data(self, instance: RateRow, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["can_reopen"] = request is not None and request.user.has_perm(REOPEN_PERMISSION)
        if context["can_reopen"]:
            context["csrf_token"] = get_token(request)
            context["action"] = reverse("surveys_reopen_phase", args=[instance.phase.pk])
            context["next"] = request.get_full_path()
            context["days"] = REOPEN_DAYS
        return context


class RemindersColumn(Column):
    """What each reminder brought in, and the way to the phase's invitations page."""

    cell_template_name = "surveys/admin/reminders_cell.html"


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


class ResponseRatesView(SafeSpreadsheetExportMixin, ReportView):
    """Participants, started and submitted questionnaires per cohort and phase; exportable."""

    page_title = gettext_lazy("Response rates")
    header_icon = "tasks"
    index_url_name = "surveys_response_rates"
    index_results_url_name = "surveys_response_rates_results"
    paginate_by = 50
    columns = [
        Column("cohort", label=gettext_lazy("Cohort")),
        Column("phase_display", label=gettext_lazy("Phase")),
        Column("participants", label=gettext_lazy("Participants")),
        Column("invited", label=gettext_lazy("Invited")),
        Column("started", label=gettext_lazy("Started")),
        Column("submitted", label=gettext_lazy("Submitted")),
        Column("rate_display", label=gettext_lazy("Response rate")),
        RemindersColumn("reminders_display", label=gettext_lazy("Reminders")),
        DateColumn("opens_at", label=gettext_lazy("Opens")),
        DateColumn("closes_at", label=gettext_lazy("Closes")),
        BooleanColumn("open_now", label=gettext_lazy("Open now")),
        ReopenColumn("reopen", label=gettext_lazy("Window")),
    ]
    list_export = [
        "cohort.name",
        "phase_display",
        "participants",
        "invited",
        "started",
        "submitted",
        "rate",
        "reminders_display",
        "opens_at",
        "closes_at",
        "open_now",
    ]
    custom_field_preprocess = {
        "open_now": {ReportView.FORMAT_CSV: _yes_no, ReportView.FORMAT_XLSX: _yes_no}
    }

    @property
    def export_headings(self) -> dict[str, str]:
        return {
            "cohort.name": _("Cohort"),
            "phase_display": _("Phase"),
            "participants": _("Participants"),
            "invited": _("Invited"),
            "started": _("Started"),
            "submitted": _("Submitted"),
            "rate": _("Response rate (%)"),
            "reminders_display": _("Reminders"),
            "opens_at": _("Opens"),
            "closes_at": _("Closes"),
            "open_now": _("Open now"),
        }

    def dispatch(self, request, *args, **kwargs):
        _require(request, RATES_PERMISSION)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self) -> list[RateRow]:
        return response_rates(Cohort.objects.all())

    def get_filename(self) -> str:
        return "response-rates"
