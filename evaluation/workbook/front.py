"""The README and Summary sheets: the project and the data snapshot, then one row per
indicator."""

from importlib import metadata
from typing import Any

from django.conf import settings
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl.utils import get_column_letter

from surveys.models import Cohort, Submission

from ..indicators import IndicatorResult
from ..indicators.data import Scope
from ..registry import INDICATORS, Indicator
from .cells import BOLD, COUNT, PERCENT, Book, Sheet
from .labels import (
    CONFIDENTIALITY,
    LEVEL_LABELS,
    PROJECT_CODE,
    PROJECT_DOCUMENT,
    SHARE_IDS,
    STATUS_LABELS,
)


def _versions() -> str:
    parts = []
    for name in ("ip-resilience-hub", "Django", "wagtail", "openpyxl"):
        try:
            parts.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    return "; ".join(parts)


def readme_sheet(
    sheet: Sheet, book: Book, scope: Scope, cohorts: list[str], language: str, digest: str
) -> None:
    submitted = Submission.objects.filter(
        scope.submitted(), participant__in=scope.participants()
    ).aggregate(first=Min("submitted_at"), last=Max("submitted_at"))
    in_scope = Cohort.objects.filter(slug__in=cohorts) if cohorts else Cohort.objects.all()
    dates = in_scope.aggregate(first=Min("starts_on"), last=Max("ends_on"))
    names = "; ".join(in_scope.order_by("starts_on").values_list("name", flat=True))
    sheet.title(_("Review workbook"))
    sheet.pairs(
        [
            (
                _("Project"),
                _("Strengthening the Capacity of National IP Offices in Times of Crisis"),
                None,
            ),
            (_("Project code"), PROJECT_CODE, None),
            (_("Project document"), PROJECT_DOCUMENT, None),
            (_("Project period"), _("18 months: six quarters, year 1 Q1 to year 2 Q2"), None),
            (_("Cohorts covered"), names if cohorts else _("All cohorts"), None),
            (_("First cohort starts"), dates["first"], None),
            (_("Last cohort ends"), dates["last"], None),
            (_("First answer submitted"), submitted["first"], None),
            (_("Last answer submitted"), submitted["last"], None),
            (_("Data snapshot (UTC)"), timezone.now(), None),
            (_("Data snapshot hash (SHA-256 of the Data sheet)"), digest, None),
            (_("Software"), _versions(), None),
            (_("Language of the headings"), dict(settings.LANGUAGES).get(language, language), None),
            (_("Confidentiality"), CONFIDENTIALITY, None),
        ]
    )
    sheet.heading(_("Sheets"))
    descriptions = _sheet_descriptions()
    sheet.table(
        [_("Sheet"), _("What it holds")],
        [(title, descriptions.get(index, "")) for index, title in enumerate(book.titles)],
        filtered=True,
    )


def _sheet_descriptions() -> dict[int, Any]:
    """What each sheet holds, by position (README, Summary, nine indicators, then the rest)."""
    descriptions = {
        0: _("This sheet: the project, the data snapshot and the software."),
        1: _("One row per indicator: wording, baseline, target, actual, interval, status."),
    }
    for index, indicator in enumerate(INDICATORS, start=2):
        descriptions[index] = indicator.wording
    rest = [
        _("Thresholds and rules used, and the limitations of the figures."),
        _("Per competence domain and item: PRE and POST means, change, p, r and gain."),
        _("Workshop feedback: the 1–5 usefulness answers per workshop."),
        _("Milestones, workshops held and the matrix of communication tools."),
        _(
            "The expert network in counts: experts per region and vetting status, and the "
            "assistance requests received, answered and closed with help given (OUT-2)."
        ),
        _("Budget plan against actual spending by output, cost category and quarter."),
        _("From enrolment to analysis, with the reasons participants are not matched."),
        _(
            "Response rates per cohort and phase, and the responses to check: unmatched, "
            "straight-lined, never submitted, people enrolled twice (pseudonyms)."
        ),
        _("Pseudonymised answers: one row per participant and phase, values as codes."),
        _("Every code of the Data sheet with its label in the six languages."),
        _("Countries with their region and category."),
    ]
    start = 2 + len(INDICATORS)
    descriptions.update({start + index: text for index, text in enumerate(rest)})
    return descriptions


def value_format(indicator_id: str) -> str:
    return PERCENT if indicator_id in SHARE_IDS else COUNT


def _evidence(result: IndicatorResult) -> str:
    details = result.details
    if result.id == "OBJ-1":
        flow = details.get("flow", {})
        return str(
            _("%(matched)d matched participants of %(enrolled)d enrolled")
            % {"matched": flow.get("matched", 0), "enrolled": flow.get("enrolled", 0)}
        )
    if result.id == "OP-4":
        return str(
            _("%(respondents)d of %(participants)d participants answered")
            % {
                "respondents": details.get("respondents", 0),
                "participants": details.get("participants", 0),
            }
        )
    if result.id == "OUT-1":
        return str(
            _("%(documents)d framework documents shared")
            % {"documents": details.get("documents", 0)}
        )
    if result.id == "OUT-2":
        requests = details.get("requests", {})
        return str(
            _(
                "%(experts)d experts from %(countries)d countries, in %(regions)d of "
                "%(total)d regions; %(received)d assistance requests received, %(helped)d "
                "closed with help given"
            )
            % {
                "experts": details.get("experts", 0),
                "countries": details.get("countries", 0),
                "regions": details.get("regions", 0),
                "total": details.get("regions_total", 0),
                "received": requests.get("received", 0),
                "helped": requests.get("helped", 0),
            }
        )
    if result.id in ("OP-1", "OP-2"):
        # The evidence falls back to the reference: name it once.
        parts = (details.get("evidence"), details.get("reference"))
        return " — ".join(dict.fromkeys(part for part in parts if part))
    if result.id == "OP-3":
        return "; ".join(row["name"] for row in details.get("workshops", []))
    if result.id == "OP-5":
        return str(
            _("%(covered)d of %(total)d regions have an eligible expert")
            % {"covered": result.numerator or 0, "total": result.denominator or 0}
        )
    if result.id == "OP-6":
        return str(
            _("%(covered)d of %(cells)d kinds and languages live")
            % {"covered": result.numerator or 0, "cells": result.denominator or 0}
        )
    return ""


def summary_sheet(book: Book, results: list[tuple[Indicator, IndicatorResult]]) -> None:
    sheet = book.sheet(_("Summary"), widths=(9, 11, 60, 30, 30, 10, 10, 11, 12, 10, 10, 24, 50, 50))
    headers = [
        _("Indicator"),
        _("Level"),
        _("Wording"),
        _("Baseline"),
        _("Target"),
        _("Target value"),
        _("Actual"),
        _("Numerator"),
        _("Denominator"),
        _("95 % CI low"),
        _("95 % CI high"),
        _("Status"),
        _("Evidence"),
        _("Means of verification"),
    ]
    header = sheet.append(headers, font=BOLD)
    for indicator, result in results:
        share = value_format(result.id)
        target = result.target if isinstance(result.target, int | float) else None
        sheet.append(
            [
                indicator.id,
                LEVEL_LABELS.get(indicator.level, indicator.level),
                indicator.wording,
                indicator.baseline,
                indicator.target,
                target,
                result.value,
                result.numerator,
                result.denominator,
                result.ci_low,
                result.ci_high,
                STATUS_LABELS.get(result.status, result.status),
                _evidence(result),
                indicator.verification,
            ],
            [None, None, None, None, None, share, share, COUNT, COUNT, PERCENT, PERCENT],
        )
    sheet.ws.auto_filter.ref = f"A{header}:{get_column_letter(len(headers))}{sheet.row}"
