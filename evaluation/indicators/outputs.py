"""The indicators read from records rather than answers: milestones (OP-1, OP-2), workshops
held (OP-3), the expert roster (OP-5), the network in action (OUT-2) and the site's resources
(OP-6)."""

import datetime
from collections.abc import Callable, Iterable

from django.conf import settings
from wagtail import hooks

from experts.network import network_figures, requests_in
from experts.roster import experts_per_region, network_summary
from surveys.models import Cohort, CohortPhase

from ..models import Milestone
from ..models.milestones import MilestoneKind
from .data import Scope
from .result import IndicatorResult
from .stats import ACHIEVED, NOT_ACHIEVED, NOT_ENOUGH_DATA, REPORTED, share_or_none
from .thresholds import Thresholds

# OP-6: the kinds of tool the project document names, each due in every site language.
REQUIRED_KINDS = {
    "infographicpage": "communication tool (infographic)",
    "trainingmodulepage": "training material",
    "guidepage": "guide",
    "policyoptionpage": "compendium of policy options",
}


def _milestone(
    kind: str, indicator_id: str, target: str, site_rows: Iterable | None = None
) -> IndicatorResult:
    """A milestone's status from its record. With `site_rows` (the site's feed), a milestone
    linked to a page the site reports live takes that page's address as evidence and, when
    no date was entered, its publication date: publishing the study completes OP-1."""
    milestone = Milestone.objects.select_related("page").filter(indicator=kind).first()
    reached_on = milestone.reached_on if milestone is not None else None
    evidence, date_source = "", "record"
    if milestone is not None:
        row = next(
            (r for r in site_rows or () if milestone.page_id and r.page_id == milestone.page_id),
            None,
        )
        if row is not None:
            evidence = row.url
            if reached_on is None and row.published_on is not None:
                reached_on, date_source = row.published_on, "site"
        else:
            page = milestone.page
            evidence = page.full_url if page is not None and page.live else ""
        evidence = evidence or milestone.evidence_url or milestone.document_reference
    reached = reached_on is not None
    return IndicatorResult(
        id=indicator_id,
        level="output",
        value=1.0 if reached else 0.0,
        target=target,
        status=ACHIEVED if reached else NOT_ACHIEVED,
        numerator=1 if reached else 0,
        denominator=1,
        details={
            "date": reached_on.isoformat() if reached else None,
            "date_source": date_source if reached else None,
            "evidence": evidence,
            "reference": milestone.document_reference if milestone else "",
        },
    )


def op1(scope: Scope | None = None, thresholds: Thresholds | None = None) -> IndicatorResult:
    return _milestone(MilestoneKind.SCOPING_STUDY_PUBLISHED, "OP-1", "published", site_resources())


def op2(scope: Scope | None = None, thresholds: Thresholds | None = None) -> IndicatorResult:
    return _milestone(MilestoneKind.SCOPING_STUDY_APPROVED, "OP-2", "approved")


def op3(
    scope: Scope | None = None,
    thresholds: Thresholds | None = None,
    today: datetime.date | None = None,
) -> IndicatorResult:
    """Workshops held: the cohort's last day has passed and its attendance is recorded."""
    scope = scope or Scope()
    today = today or datetime.date.today()
    # Scope filters by a cohort foreign key; every cohort has phases to hold one.
    in_scope = CohortPhase.objects.filter(scope.cohort_filter("cohort")).values("cohort_id")
    cohorts = Cohort.objects.filter(pk__in=in_scope)
    held = list(
        cohorts.filter(ends_on__lt=today, attendance_recorded=True)
        .order_by("starts_on")
        .values("slug", "name", "starts_on", "ends_on")
    )
    return IndicatorResult(
        id="OP-3",
        level="output",
        value=float(len(held)),
        target=1.0,
        status=ACHIEVED if held else NOT_ACHIEVED,
        numerator=len(held),
        denominator=None,
        details={
            "workshops": [
                {
                    **row,
                    "starts_on": row["starts_on"].isoformat(),
                    "ends_on": row["ends_on"].isoformat(),
                }
                for row in held
            ]
        },
    )


def op5(scope: Scope | None = None, thresholds: Thresholds | None = None) -> IndicatorResult:
    """Eligible experts per region: achieved only when every region has at least one."""
    per_region = experts_per_region()
    covered = sum(1 for row in per_region if row.experts)
    total = len(per_region)
    return IndicatorResult(
        id="OP-5",
        level="output",
        value=covered / total if total else None,
        target="≥ 1 in every region",
        status=NOT_ENOUGH_DATA if not total else (ACHIEVED if covered == total else NOT_ACHIEVED),
        numerator=covered,
        denominator=total,
        details={"per_region": [(row.region.code, row.experts) for row in per_region]},
    )


def out2(scope: Scope | None = None, thresholds: Thresholds | None = None) -> IndicatorResult:
    """The network reported as a count: its value is the number of eligible experts; the
    details add the experts per region and the assistance requests received in the scope's
    period (counts only: no office or expert is named)."""
    scope = scope or Scope()
    th = thresholds or Thresholds()
    summary = network_summary()
    figures = network_figures(requests_in(scope.start, scope.end))
    return IndicatorResult(
        id="OUT-2",
        level="outcome",
        value=float(summary["experts"]),
        target="reported",
        status=REPORTED if summary["experts"] else NOT_ENOUGH_DATA,
        numerator=summary["experts"],
        denominator=None,
        kirkpatrick=3,
        details={
            "experts": summary["experts"],
            "countries": summary["countries"],
            "regions": summary["regions"],
            "regions_total": summary["regions_total"],
            "regions_without_experts": [r.code for r in summary["regions_without_experts"]],
            "per_region": [(row.region.code, row.experts) for row in summary["per_region"]],
            "requests": {
                "received": figures["received"],
                "answered": figures["answered"],
                "open": figures["open"],
                "finished": figures["finished"],
                "helped": figures["helped"],
                # The small-cell rule of every share: too few finished requests, counts only.
                "share_helped": share_or_none(figures["helped"], figures["finished"], th.min_n),
                "median_hours_to_accept": figures["median_hours_to_accept"],
                "by_state": dict(figures["by_state"]),
            },
        },
    )


def site_resources() -> list | None:
    """The rows the site gives through the "evaluation_site_resources" hook; None when no
    app registers it (the plugin installed without a site that reports its resources)."""
    feeds: Iterable[Callable] = hooks.get_hooks("evaluation_site_resources")
    if not feeds:
        return None
    return [row for feed in feeds for row in feed()]


def op6(scope: Scope | None = None, thresholds: Thresholds | None = None) -> IndicatorResult:
    """Every required kind of tool live in every site language; the kind × group × language
    matrix in the details."""
    rows = site_resources()
    if rows is None:
        return IndicatorResult(
            id="OP-6",
            level="output",
            value=None,
            target="every kind in every language",
            status=NOT_ENOUGH_DATA,
            details={"reason": "no site resources reported"},
        )
    languages = [code for code, _name in settings.LANGUAGES]
    live = {(row.kind, row.language) for row in rows}
    cells = [(kind, language) for kind in REQUIRED_KINDS for language in languages]
    covered = sum(1 for cell in cells if cell in live)
    matrix: dict[tuple[str, str, str], int] = {}
    for row in rows:
        for group in row.groups or ("",):
            key = (row.kind, group, row.language)
            matrix[key] = matrix.get(key, 0) + 1
    return IndicatorResult(
        id="OP-6",
        level="output",
        value=covered / len(cells),
        target="every kind in every language",
        status=ACHIEVED if covered == len(cells) else NOT_ACHIEVED,
        numerator=covered,
        denominator=len(cells),
        details={
            "missing": [
                f"{kind}:{language}" for kind, language in cells if (kind, language) not in live
            ],
            "kind_labels": {row.kind: str(row.kind_label) for row in rows},
            "matrix": [
                {"kind": kind, "group": group, "language": language, "resources": count}
                for (kind, group, language), count in sorted(matrix.items())
            ],
            "resources": [
                {
                    "kind": row.kind,
                    "title": row.title,
                    "language": row.language,
                    "url": row.url,
                    "published_on": row.published_on.isoformat() if row.published_on else None,
                }
                for row in rows
            ],
        },
    )
