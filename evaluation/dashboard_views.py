"""The evaluators' dashboard in the admin: the nine indicators with their charts and
breakdowns, filtered by cohort, region and period through a GET form.

The view checks the permission itself (any admin user can reach an admin URL). Invalid
filters never fail the page: the form shows its errors and the figures are the unfiltered
ones, said so above them."""

import datetime
import hashlib
from dataclasses import asdict, dataclass
from typing import Any

from django import forms
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language_bidi, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from regions.lookups import region_names
from surveys.models import Cohort

from .dashboard import Labels, dashboard_data
from .indicators import Thresholds
from .indicators.data import Scope, sharing_survey_data
from .quality import quality_report
from .registry import compute_indicators, default_scope, thresholds_from_settings

PERMISSION = "evaluation.view_budgetactual"
EXPORT_URL_NAME = "evaluation_export_review"
# The warnings count of the summary strip is kept this long: drafts and the opening of phases
# change it without changing the indicators' data, and the quality page itself is always fresh.
QUALITY_COUNT_TIMEOUT = 60
TEMPLATE = "evaluation/dashboard/index.html"
FILTER_HELP = _(
    "The cohort filter applies to OBJ-1, OUT-1, OP-3 and OP-4; region and period (date of "
    "submission) to the survey-based OBJ-1, OUT-1 and OP-4. The expert roster, the milestones "
    "and the site's resources are counted for the whole project."
)


class DateInput(forms.DateInput):
    """The browser's own date picker: works without JavaScript, sends ISO dates."""

    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class DashboardFilterForm(forms.Form):
    cohort = forms.ChoiceField(label=_("Cohort"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    start = forms.DateField(label=_("Submitted from"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Submitted until"), required=False, widget=DateInput())

    def __init__(
        self,
        *args: Any,
        cohorts: dict[str, str],
        regions: dict[str, str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].choices = [("", _("All cohorts")), *cohorts.items()]
        self.fields["region"].choices = [("", _("All regions")), *regions.items()]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end of the period comes before its start."))
        return cleaned

    def filters(self) -> dict[str, Any]:
        """Scope arguments of the valid filters that are set."""
        data = self.cleaned_data
        names = {"cohort": "cohorts", "region": "region", "start": "start", "end": "end"}
        return {names[key]: data[key] for key in names if data.get(key)}


def _export_url() -> str | None:
    # The review workbook export is a separate view: link it only where it is installed.
    try:
        return reverse(EXPORT_URL_NAME)
    except NoReverseMatch:
        return None


@dataclass
class Filters:
    """The GET filters of the dashboard and the pages beside it: invalid ones are reported
    and not applied."""

    form: DashboardFilterForm
    values: dict[str, Any]  # Scope arguments of the valid filters set
    cohorts: dict[str, str]  # slug → name
    regions: dict[str, str]  # code → name

    @classmethod
    def read(cls, request: HttpRequest) -> "Filters":
        cohorts = dict(Cohort.objects.order_by("starts_on", "name").values_list("slug", "name"))
        regions = region_names()
        form = DashboardFilterForm(request.GET or None, cohorts=cohorts, regions=regions)
        values = form.filters() if form.is_bound and form.is_valid() else {}
        return cls(form, values, cohorts, regions)

    def context(
        self, action: str, help_text: Any, thresholds: Thresholds | None = None
    ) -> dict[str, Any]:
        """What templates/evaluation/dashboard/filters.html needs; with `thresholds`, the
        disclosure's summary says whether they are the default ones."""
        return {
            "form": self.form,
            "filters_invalid": self.form.is_bound and not self.form.is_valid(),
            "active_filters": described_filters(self.values, self.cohorts, self.regions),
            "filters_summary": filters_summary(self.values, self.cohorts, self.regions, thresholds),
            "filter_action": action,
            "filter_help": help_text,
        }


def quality_warnings(scope: Scope, thresholds: Thresholds) -> int:
    """The findings and low response rates the quality page lists (the sum of its summary
    table), kept a minute so that a cached dashboard stays cheap."""
    described = repr(
        (scope.cohorts, scope.start, scope.end, scope.region, asdict(thresholds))
    ).encode()
    key = f"evaluation:quality-warnings:{hashlib.sha256(described).hexdigest()}"
    count = cache.get(key)
    if count is None:
        report = quality_report(scope, thresholds)
        count = len(report.findings) + len(report.low_rates())
        cache.set(key, count, QUALITY_COUNT_TIMEOUT)
    return count


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    filters = Filters.read(request)
    thresholds = thresholds_from_settings()
    scope = default_scope(**filters.values)
    with sharing_survey_data():  # the quality report reuses the indicators' reads
        # Cached until a cohort in scope changes: 20,000 participants take seconds to compute.
        pairs = compute_indicators(scope, thresholds, cached=True)
        warnings = quality_warnings(scope, thresholds)
    labels = Labels(regions=filters.regions, cohorts=filters.cohorts)
    data = dashboard_data(pairs, thresholds, labels, rtl=get_language_bidi())
    return TemplateResponse(
        request,
        TEMPLATE,
        {
            **data,
            **filters.context(reverse("evaluation_dashboard"), FILTER_HELP, thresholds),
            "quality_warnings": warnings,
            "export_url": _export_url(),
            "rtl": get_language_bidi(),
        },
    )


def described_filters(
    filters: dict[str, Any], cohorts: dict[str, str], regions: dict[str, str]
) -> list[tuple[str, str]]:
    """The filters in force, as (label, value) pairs to state above the figures."""
    shown = []
    if "cohorts" in filters:
        shown.append((_("Cohort"), cohorts.get(filters["cohorts"], filters["cohorts"])))
    if "region" in filters:
        shown.append((_("Region"), regions.get(filters["region"], filters["region"])))
    for key, label in (("start", _("Submitted from")), ("end", _("Submitted until"))):
        if isinstance(filters.get(key), datetime.date):
            shown.append((label, filters[key]))
    return shown


def filters_summary(
    filters: dict[str, Any],
    cohorts: dict[str, str],
    regions: dict[str, str],
    thresholds: Thresholds | None = None,
) -> str:
    """The filters in force in words, for the folded disclosure: "Cohorts: all · Region: all
    · Period: any · Thresholds: default"."""
    cohort = filters.get("cohorts")
    region = filters.get("region")
    start, end = filters.get("start"), filters.get("end")
    if start and end:
        period = f"{start.isoformat()} – {end.isoformat()}"
    elif start:
        period = gettext("from %(date)s") % {"date": start.isoformat()}
    elif end:
        period = gettext("until %(date)s") % {"date": end.isoformat()}
    else:
        period = gettext("any")
    parts = [
        gettext("Cohorts: %(value)s")
        % {"value": cohorts.get(cohort, cohort) if cohort else gettext("all")},
        gettext("Region: %(value)s")
        % {"value": regions.get(region, region) if region else gettext("all")},
        gettext("Period: %(value)s") % {"value": period},
    ]
    if thresholds is not None:
        default = asdict(thresholds) == asdict(Thresholds())
        parts.append(
            gettext("Thresholds: %(value)s")
            % {"value": gettext("default") if default else gettext("as set in the settings")}
        )
    return " · ".join(parts)
