"""The data-quality and participation report in the admin, beside the dashboard: the same
filters, the same permission (it names participants by their code, which only evaluators
may look up)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from surveys.models.cohorts import Phase

from .dashboard import format_share
from .dashboard_views import PERMISSION, Filters
from .indicators.learning import EXCLUSIONS
from .quality import ISSUE_LABELS, ISSUES, describe, quality_report
from .registry import default_scope, thresholds_from_settings

TEMPLATE = "evaluation/dashboard/quality.html"
PARTICIPANT_EDIT = "wagtailsnippets_surveys_participant:edit"
VIEW_PARTICIPANTS = "surveys.view_participant"
FILTER_HELP = _(
    "The period (date of submission) narrows the submitted answers checked for matching and "
    "straight-lining; enrolment, drafts and response rates count every participant of the "
    "cohorts and region chosen."
)


@require_GET
def quality(request: HttpRequest) -> HttpResponse:
    # The page links each finding to the participant's record: both rights are needed.
    if not (request.user.has_perm(PERMISSION) and request.user.has_perm(VIEW_PARTICIPANTS)):
        raise PermissionDenied
    filters = Filters.read(request)
    report = quality_report(default_scope(**filters.values), thresholds_from_settings())
    cohorts = {**report.cohort_names, **filters.cohorts}
    codes = report.codes
    phases = dict(Phase.choices)
    sections: dict[str, list[dict[str, Any]]] = {issue: [] for issue in ISSUES}
    for finding in report.findings:
        sections[finding.issue].append(
            {
                "code": codes.get(finding.participant_id, ""),
                "url": reverse(PARTICIPANT_EDIT, args=[finding.participant_id]),
                "cohort": cohorts.get(finding.cohort, finding.cohort),
                "phase": phases.get(finding.phase, ""),
                "group": finding.detail.get("group"),
                "detail": describe(finding, codes),
            }
        )
    low = {(row.cohort.pk, row.phase.phase) for row in report.low_rates()}
    return TemplateResponse(
        request,
        TEMPLATE,
        {
            **filters.context(reverse("evaluation_quality"), FILTER_HELP),
            "report": report,
            "totals": [
                (issue, ISSUE_LABELS[issue], count) for issue, count in report.totals().items()
            ],
            "participation": [
                (
                    row,
                    format_share(row.submitted / row.participants if row.participants else None),
                    (row.cohort.pk, row.phase.phase) in low,
                    report.now < row.opens_at,
                )
                for row in report.participation
            ],
            "sections": [
                (issue, ISSUE_LABELS[issue], rows) for issue, rows in sections.items() if rows
            ],
            "low_response": format_share(report.low_response),
            "issue_labels": ISSUE_LABELS,
            "exclusion_labels": [(issue, ISSUE_LABELS[issue]) for issue in EXCLUSIONS],
            "cohort_rows": [
                {
                    "name": cohorts.get(row.cohort, row.cohort),
                    "quality": row,
                    "match_rate": format_share(row.match_rate),
                    "excluded": [row.excluded[issue] for issue in EXCLUSIONS],
                }
                for row in report.cohorts
            ],
        },
    )
