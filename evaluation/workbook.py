"""The review workbook (DESIGN, "The review workbook"): one XLSX file with the nine indicators,
how they were computed, and the pseudonymised data behind them.

Written with openpyxl's write-only mode, rows streamed from database iterators, so a large data
set never sits in memory as cells. Rules every sheet follows:

- numbers are numeric cells with a number format, dates are date cells;
- every text from the database (answers, names of cohorts, titles, links) is a string cell,
  control characters dropped and a leading formula trigger neutralised (raw_csv.safe_text);
  nothing is ever written as a formula;
- headers are frozen, the main table of each sheet has an auto-filter, and every indicator
  sheet has a native bar chart over a table of that sheet;
- no personal data: participants appear as pseudonyms, experts as counts;
- headings are in the exporting evaluator's language.
"""

import datetime
import hashlib
import json
import math
import numbers
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db.models import Count, Max, Min
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from surveys import answering
from surveys.models import Cohort, CohortPhase, Instrument, Item, Submission
from surveys.models.cohorts import Phase
from surveys.models.participants import OfficeType, Sex, StakeholderGroup

from . import budget
from .experts import experts_per_region, network_summary
from .indicators import IndicatorResult, Thresholds
from .indicators.data import Scope
from .indicators.learning import EXCLUSIONS
from .indicators.outputs import REQUIRED_KINDS
from .indicators.thresholds import ANY_INCREASE
from .models import CountryRegion, EvaluationSettings, Expert, Region, VettingStatus
from .models.regions import CountryCategory
from .quality import (
    ISSUE_LABELS,
    STRAIGHT_LINE_MIN_ITEMS,
    QualityReport,
    describe,
    quality_report,
)
from .raw_csv import PARTICIPANT_COLUMNS, item_columns, pseudonym, raw_rows, safe_text
from .regions import region_names, region_of_countries
from .registry import INDICATORS, Indicator, default_scope, thresholds_from_settings

Progress = Callable[[int, str], None]  # (percent done, what is being done)

PROJECT_CODE = "DA_4_10_03"
PROJECT_DOCUMENT = "CDIP/32/6 REV"
MAX_TEXT = 32_767  # Excel's limit for one cell

# Number formats.
COUNT, PERCENT, MEAN, P_VALUE, CHF = "0", "0.0%", "0.00", "0.000", "#,##0.00"
DATE, DATETIME = "yyyy-mm-dd", "yyyy-mm-dd hh:mm"

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
CHART_ANCHOR = "N2"  # right of the widest table

# Indicators whose value is a share (shown as a percentage); the others are counts.
SHARE_IDS = {"OBJ-1", "OP-4", "OP-5", "OP-6"}

STATUS_LABELS = {
    "achieved": _("Achieved"),
    "achieved_robust": _("Achieved — robust"),
    "not_achieved": _("Not achieved"),
    "not_enough_data": _("Not enough data"),
    "reported": _("Reported"),
}
LEVEL_LABELS = {"objective": _("Objective"), "outcome": _("Outcome"), "output": _("Output")}
DIMENSION_LABELS = {
    "region": _("Region"),
    "country": _("Country"),
    "sex": _("Sex"),
    "office_type": _("Office type"),
    "stakeholder_group": _("Stakeholder group"),
    "language": _("Language of completion"),
    "cohort": _("Cohort"),
}
COUNT_LABELS = {
    "enrolled": _("Enrolled"),
    "matched": _("Matched"),
    "ceiling": _("At the ceiling"),
    "n": _("Analysed"),
    "improved": _("Improved"),
    "unchanged": _("Unchanged"),
    "declined": pgettext_lazy("change in a participant's score", "Declined"),
    "participants": _("Participants"),
    "respondents": _("Respondents"),
    "valid": _("Answers from 1 to 5"),
    "top_two": _("Useful (4 or 5)"),
    "sensitivity": _("3 or more"),
    "cant_judge": _("Can't judge"),
    "missing": _("Missing"),
    "offices": _("Participating offices"),
    "responding": _("Responding offices"),
    "reporting": _("Offices reporting a framework"),
    "conflicting": _("Offices with conflicting answers"),
}
# (denominator, numerator) charted per region on the indicator's sheet.
CHART_SERIES = {
    "OBJ-1": ("n", "improved"),
    "OP-4": ("valid", "top_two"),
    "OUT-1": ("offices", "reporting"),
}
KIND_LABELS = {
    "infographicpage": _("Communication tool (infographic)"),
    "trainingmodulepage": _("Training material"),
    "guidepage": _("Guide"),
    "policyoptionpage": _("Compendium of policy options"),
}
EXCLUSION_LABELS = {issue: ISSUE_LABELS[issue] for issue in EXCLUSIONS}
# Thresholds stated in the Methodology sheet: (field, label, number format).
THRESHOLD_ROWS = [
    ("tau", None, MEAN),
    ("gain", None, MEAN),
    ("k_decline", None, "0.0"),
    ("ceiling_s", None, MEAN),
    ("validity", None, PERCENT),
    ("min_n", None, COUNT),
    ("obj1_target", None, PERCENT),
    ("op4_target", None, PERCENT),
    ("op4_low_response", None, PERCENT),
    ("op4_top_box", _("OP-4: lowest answer counted as useful"), COUNT),
    ("op4_sensitivity_box", _("OP-4 sensitivity: lowest answer counted"), COUNT),
    ("confidence", _("Confidence level of every interval (Wilson)"), PERCENT),
]
# Thresholds fields → the setting evaluators change (its label is the row's label).
SETTING_FIELDS = {
    "tau": "tau",
    "gain": "gain",
    "k_decline": "knowledge_decline",
    "ceiling_s": "ceiling",
    "validity": "validity",
    "min_n": "min_n",
    "obj1_target": "obj1_target",
    "op4_target": "op4_target",
    "op4_low_response": "op4_low_response",
}
RULES = [
    _(
        "Unit: one participant, identified by a pseudonym (an HMAC of the participant's id, "
        "never the access token). Trainers, staff and observers are not participants."
    ),
    _(
        "Competence score S: the mean of the 1–5 self-ratings, valid when the share of items "
        "answered reaches the validity threshold; knowledge score K: the share of knowledge "
        "items answered correctly, 0–100. Items are matched by their stable code, never by "
        "their text, so answers in every language pool into one data set."
    ),
    _(
        "OBJ-1: a matched participant has a valid PRE and a valid POST in the same cohort. "
        "Improved: ΔS at least τ, or a normalised knowledge gain at least the gain threshold, "
        "and no meaningful fall in either. Participants at the ceiling are left out of the "
        "primary denominator and counted as not improved in the conservative variant; the "
        "lower bound counts every enrolled participant, unmatched ones as not improved."
    ),
    _(
        "OP-4: respondents answering 4 or 5 on the 1–5 usefulness item, divided by those "
        "giving a 1–5 answer; “can't judge” and missing answers are reported apart. Pooled "
        "over person–workshop pairs."
    ),
    _(
        "Status: achieved when the value reaches the target, robust when the lower bound of "
        "the Wilson interval reaches it too, not enough data when the denominator is below "
        "the minimum. Below the minimum, cells show counts only, never a percentage."
    ),
    _(
        "OUT-1: an office is a country and office type; it reports a framework when one of "
        "its respondents to the follow-up survey answers yes. Only IP offices count."
    ),
    _(
        "OUT-2 and OP-5: eligible experts of the IP-ROC roster, counted per region of the "
        "country → region mapping (Lookups sheet). OP-5 is achieved when every region has one."
    ),
    _(
        "OP-1 and OP-2: milestones with their date and evidence. OP-3: workshops whose last "
        "day has passed with attendance recorded. OP-6: every kind of tool live in every site "
        "language."
    ),
]
# Formatted when written (a lazy string formatted here would be fixed in English).
QUALITY_RULE = _(
    "Data quality: a response is flagged as straight-lined when it gives the same answer to "
    "every rating item, with at least %(items)s answered; two enrolments in one cohort with "
    "the same e-mail, or the same name and country, are flagged as one person enrolled twice. "
    "Flags are for follow-up: the figures keep flagged responses until an evaluator corrects "
    "the records."
)
LIMITATIONS = [
    _(
        "Competences are self-assessed: a rise in S shows a change in confidence as much as "
        "in capacity; the knowledge check, where it exists, is the objective measure."
    ),
    _(
        "Participants who answered only before or only after the training are not in the "
        "primary figure; the Flow sheet compares their PRE scores with those of matched "
        "participants (attrition bias) and the lower bound counts them as not improved."
    ),
    _(
        "Small groups (below the minimum) show counts only; differences between small groups "
        "are not evidence of a difference."
    ),
    _(
        "OUT-1 rests on what offices report, with the document as evidence where they can "
        "share it; it is not an audit of the frameworks."
    ),
    _(
        "Texts typed by people (comments, links, names of cohorts) that began with = + - @, "
        "a tab or a line break carry a leading apostrophe, so that no spreadsheet runs them."
    ),
    _(
        "Figures are a snapshot at the time of export (README sheet); answers submitted later "
        "change them."
    ),
]
CONFIDENTIALITY = _(
    "Confidential: for the project's evaluators and reviewers. Participants appear only as "
    "pseudonyms and no names or e-mail addresses are included, but the answers of a small "
    "group may still point to a person: do not publish the Data sheet."
)


# --- Writing cells and sheets ---


def _naive_utc(value: datetime.datetime) -> datetime.datetime:
    # Spreadsheets know no time zones: every time is written in UTC.
    if timezone.is_aware(value):
        value = value.astimezone(datetime.UTC).replace(tzinfo=None)
    return value


class Sheet:
    """A write-only worksheet that knows which row it is on, for tables, filters and charts."""

    def __init__(
        self, ws: WriteOnlyWorksheet, widths: Sequence[float] = (), freeze: str | None = "A2"
    ) -> None:
        self.ws = ws
        # Column widths and panes go at the top of the sheet's XML: set before any row.
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        if freeze:
            ws.freeze_panes = freeze
        self.row = 0
        self.filtered = False

    def cell(self, value: Any, number_format: str | None = None, font: Font | None = None):
        if value is None:
            return None
        if isinstance(value, Promise):
            value = str(value)
        if isinstance(value, bool):
            cell = WriteOnlyCell(self.ws, value)
        elif isinstance(value, numbers.Real | Decimal):
            if not math.isfinite(float(value)):
                return None
            cell = WriteOnlyCell(self.ws, value)
            if number_format:
                cell.number_format = number_format
        elif isinstance(value, datetime.datetime):
            cell = WriteOnlyCell(self.ws, _naive_utc(value))
            cell.number_format = DATETIME
        elif isinstance(value, datetime.date):
            cell = WriteOnlyCell(self.ws, value)
            cell.number_format = DATE
        else:
            cell = WriteOnlyCell(self.ws, safe_text(str(value))[:MAX_TEXT])
            cell.data_type = "s"  # never a formula, whatever the text
        if font is not None:
            cell.font = font
        return cell

    def append(
        self,
        values: Iterable[Any],
        formats: Sequence[str | None] = (),
        font: Font | None = None,
    ) -> int:
        cells = [
            self.cell(value, formats[index] if index < len(formats) else None, font)
            for index, value in enumerate(values)
        ]
        self.ws.append(cells)
        self.row += 1
        return self.row

    def title(self, text: Any) -> None:
        self.append([text], font=TITLE)

    def heading(self, text: Any) -> None:
        self.append([])
        self.append([text], font=BOLD)

    def pairs(self, rows: Iterable[tuple[Any, Any, str | None]]) -> None:
        for label, value, number_format in rows:
            self.append([label, value], [None, number_format])

    def table(
        self,
        headers: Sequence[Any],
        rows: Iterable[Sequence[Any]],
        formats: Sequence[str | None] = (),
        filtered: bool = False,
    ) -> tuple[int, int, int]:
        """Write a header and rows; (header row, first data row, last data row). The first
        table asked to be filtered gets the sheet's auto-filter."""
        header = self.append(headers, font=BOLD)
        for row in rows:
            self.append(row, formats)
        last = max(self.row, header + 1)
        if filtered and not self.filtered:
            end = get_column_letter(max(len(headers), 1))
            self.ws.auto_filter.ref = f"A{header}:{end}{max(self.row, header)}"
            self.filtered = True
        return header, header + 1, last

    def bar_chart(
        self,
        title: Any,
        header: int,
        first: int,
        last: int,
        label_column: int,
        value_columns: Sequence[int],
        y_title: Any = "",
        percent: bool = False,
        stacked: bool = False,
        anchor: str = CHART_ANCHOR,
    ) -> BarChart:
        """A native bar chart over a table already written in this sheet."""
        chart = BarChart()
        chart.type = "col"
        chart.title = str(title)
        chart.y_axis.title = str(y_title) if y_title else None
        # openpyxl 3.1 hides axes unless told otherwise.
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.width, chart.height = 18, 9
        last = max(last, first)
        for column in value_columns:
            data = Reference(self.ws, min_col=column, min_row=header, max_row=last)
            chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(self.ws, min_col=label_column, min_row=first, max_row=last))
        if percent:
            chart.y_axis.number_format = "0%"
            chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 1
        if stacked:
            chart.grouping, chart.overlap = "stacked", 100
        self.ws.add_chart(chart, anchor)
        return chart


class Book:
    """The workbook and its sheet names: ≤ 31 characters, none of []:*?/\\, all different."""

    def __init__(self) -> None:
        self.workbook = Workbook(write_only=True)
        self.titles: list[str] = []

    def sheet(self, title: Any, widths: Sequence[float] = (), freeze: str | None = "A2") -> Sheet:
        name = re.sub(r"[\[\]:*?/\\]", "-", str(title)).strip("' ")[:31] or "Sheet"
        candidate, number = name, 2
        while candidate.casefold() in (t.casefold() for t in self.titles):
            suffix = f" ({number})"
            candidate, number = name[: 31 - len(suffix)] + suffix, number + 1
        self.titles.append(candidate)
        return Sheet(self.workbook.create_sheet(candidate), widths, freeze)

    def save(self, target: str | Path | IO[bytes]) -> None:
        self.workbook.save(target)


# --- Labels of codes, in the active language ---


class Labels:
    """Names of the codes the tables use, read once (a few queries)."""

    def __init__(self, cohorts: dict[str, str]) -> None:
        self.regions = region_names()
        self.cohorts = cohorts
        self.choices = {
            "sex": {code: str(label) for code, label in Sex.choices},
            "office_type": {code: str(label) for code, label in OfficeType.choices},
            "stakeholder_group": {code: str(label) for code, label in StakeholderGroup.choices},
            "language": {code: str(label) for code, label in settings.LANGUAGES},
            "phase": {code: str(label) for code, label in Phase.choices},
        }

    def of(self, dimension: str, code: Any) -> str:
        code = "" if code is None else str(code)
        if dimension == "region":
            return self.regions.get(code, "") or str(_("Unknown region"))
        if dimension == "country":
            return str(countries.name(code)) if code else ""
        if dimension == "cohort":
            return self.cohorts.get(code, "")
        return self.choices.get(dimension, {}).get(code, "")


# --- The build ---


def build_workbook(
    target: str | Path | IO[bytes],
    language: str = settings.LANGUAGE_CODE,
    cohorts: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Write the review workbook to `target` (a path or a binary file), headings in
    `language`, covering `cohorts` (slugs; None: every cohort). Returns what was written:
    {"sheets": [...], "rows": data rows, "hash": SHA-256 of the Data sheet}."""
    report = progress or (lambda _percent, _step: None)
    with translation.override(language):
        return _build(target, language, list(cohorts or []), report)


def _build(
    target: str | Path | IO[bytes], language: str, cohorts: list[str], report: Progress
) -> dict[str, Any]:
    scope = default_scope(cohorts=cohorts or None)
    thresholds = thresholds_from_settings()
    results: list[tuple[Indicator, IndicatorResult]] = []
    for index, indicator in enumerate(INDICATORS):
        report(
            round(40 * index / len(INDICATORS)), str(_("Computing %(id)s")) % {"id": indicator.id}
        )
        results.append((indicator, indicator.compute(scope, thresholds)))
    by_id = {result.id: result for _indicator, result in results}

    cohort_names = dict(
        Cohort.objects.filter(
            pk__in=CohortPhase.objects.filter(scope.cohort_filter("cohort")).values("cohort_id")
        ).values_list("slug", "name")
    )
    labels = Labels(cohort_names)
    codebook = _codebook_entries(scope)

    book = Book()
    readme = book.sheet(_("README"), widths=(34, 90))
    report(42, str(_("Writing the indicator sheets")))
    _summary_sheet(book, results)
    for indicator, result in results:
        _indicator_sheet(book, indicator, result, labels)
    _methodology_sheet(book, thresholds)
    _learning_sheet(book, by_id["OBJ-1"], codebook, language)
    _reaction_sheet(book, by_id["OP-4"], labels)
    _outputs_sheet(book, by_id, labels)
    _experts_sheet(book, labels)
    _budget_sheet(book)
    _flow_sheet(book, by_id, labels, thresholds)
    _quality_sheet(book, quality_report(scope, thresholds), labels)
    report(50, str(_("Writing the data")))
    rows, digest = _data_sheet(book, scope, report)
    report(90, str(_("Writing the codebook")))
    _codebook_sheet(book, codebook, labels)
    _lookups_sheet(book)
    _readme(readme, book, scope, cohorts, language, digest)
    report(95, str(_("Saving the workbook")))
    book.save(target)
    report(100, str(_("Done")))
    return {"sheets": list(book.titles), "rows": rows, "hash": digest}


# --- README and Summary ---


def _versions() -> str:
    parts = []
    for name in ("ip-resilience-hub", "Django", "wagtail", "openpyxl"):
        try:
            parts.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    return "; ".join(parts)


def _readme(
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
        _("Eligible experts per region (counts only)."),
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


def _value_format(indicator_id: str) -> str:
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
        return str(
            _(
                "%(experts)d experts from %(countries)d countries, in %(regions)d of "
                "%(total)d regions"
            )
            % {
                "experts": details.get("experts", 0),
                "countries": details.get("countries", 0),
                "regions": details.get("regions", 0),
                "total": details.get("regions_total", 0),
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


def _summary_sheet(book: Book, results: list[tuple[Indicator, IndicatorResult]]) -> None:
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
        share = _value_format(result.id)
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


# --- One sheet per indicator ---


def _header_block(sheet: Sheet, indicator: Indicator, result: IndicatorResult) -> None:
    share = _value_format(result.id)
    sheet.title(f"{indicator.id} — {indicator.wording}")
    sheet.pairs(
        [
            (_("Level"), LEVEL_LABELS.get(indicator.level, indicator.level), None),
            (_("Kirkpatrick level"), result.kirkpatrick, COUNT),
            (_("Baseline"), indicator.baseline, None),
            (_("Target"), indicator.target, None),
            (_("Means of verification"), indicator.verification, None),
            (_("Actual"), result.value, share),
            (_("Numerator"), result.numerator, COUNT),
            (_("Denominator"), result.denominator, COUNT),
            (_("95 % CI low"), result.ci_low, PERCENT),
            (_("95 % CI high"), result.ci_high, PERCENT),
            (_("Status"), STATUS_LABELS.get(result.status, result.status), None),
        ]
    )


def _disaggregations(
    sheet: Sheet, result: IndicatorResult, labels: Labels
) -> tuple[int, int, int, list[str]] | None:
    """One table per dimension; returns the first table's rows and count columns for the
    chart."""
    first_table = None
    for dimension, rows in result.disaggregations.items():
        counts = [
            k for k in (rows[0] if rows else {}) if k not in ("group", "value", "ci_low", "ci_high")
        ]
        sheet.heading(
            _("By %(dimension)s")
            % {"dimension": str(DIMENSION_LABELS.get(dimension, dimension)).lower()}
        )
        headers = [
            _("Code"),
            DIMENSION_LABELS.get(dimension, dimension),
            *[COUNT_LABELS.get(k, k) for k in counts],
            _("Share"),
            _("95 % CI low"),
            _("95 % CI high"),
        ]
        table = sheet.table(
            headers,
            (
                [
                    row["group"],
                    labels.of(dimension, row["group"]),
                    *[row.get(k) for k in counts],
                    row["value"],
                    row["ci_low"],
                    row["ci_high"],
                ]
                for row in rows
            ),
            [None, None, *[COUNT] * len(counts), PERCENT, PERCENT, PERCENT],
            filtered=True,
        )
        if first_table is None:
            first_table = (*table, counts)
    return first_table


def _actual_vs_target(sheet: Sheet, result: IndicatorResult, target: float) -> None:
    sheet.heading(_("Actual and target"))
    header, first, last = sheet.table(
        [_("Figure"), _("Number")],
        [(_("Actual"), result.numerator or 0), (_("Target"), target)],
        [None, COUNT],
        filtered=True,
    )
    sheet.bar_chart(f"{result.id}: {_('Actual and target')}", header, first, last, 1, [2])


def _indicator_sheet(
    book: Book, indicator: Indicator, result: IndicatorResult, labels: Labels
) -> None:
    sheet = book.sheet(indicator.id, widths=(34, 34, 14, 14, 14, 14, 14, 14, 14, 14, 14))
    _header_block(sheet, indicator, result)
    details = result.details
    writer = {
        "OBJ-1": _obj1_details,
        "OP-4": _op4_details,
        "OUT-1": _out1_details,
        "OUT-2": _out2_details,
        "OP-3": _op3_details,
        "OP-5": _op5_details,
        "OP-6": _op6_details,
    }.get(result.id, _milestone_details)
    writer(sheet, result, details, labels)
    if result.id in CHART_SERIES:
        first_table = _disaggregations(sheet, result, labels)
        if first_table is not None:
            header, first, last, counts = first_table
            columns = [3 + counts.index(k) for k in CHART_SERIES[result.id] if k in counts]
            dimension = next(iter(result.disaggregations))
            sheet.bar_chart(
                _("%(id)s by %(dimension)s")
                % {"id": result.id, "dimension": str(DIMENSION_LABELS[dimension]).lower()},
                header,
                first,
                last,
                2,
                columns,
                y_title=COUNT_LABELS["participants"]
                if result.id != "OUT-1"
                else COUNT_LABELS["offices"],
            )


def _obj1_details(sheet: Sheet, result: IndicatorResult, details: dict, labels: Labels) -> None:
    sheet.heading(_("Key figures"))
    sheet.pairs(
        [
            (COUNT_LABELS["improved"], details.get("improved"), COUNT),
            (COUNT_LABELS["unchanged"], details.get("unchanged"), COUNT),
            (COUNT_LABELS["declined"], details.get("declined"), COUNT),
            (_("Sign test p (improved against declined)"), details.get("sign_test_p"), P_VALUE),
            (_("Wilcoxon signed-rank p on ΔS"), details.get("wilcoxon_p"), P_VALUE),
            (_("Rank-biserial r"), details.get("wilcoxon_r"), MEAN),
            (_("Mean ΔS"), details.get("mean_delta_s"), MEAN),
            (_("Median ΔS"), details.get("median_delta_s"), MEAN),
            (_("Class-average normalised knowledge gain"), details.get("class_gain"), MEAN),
            (_("Participants with a knowledge score"), details.get("class_gain_n"), COUNT),
            (_("Match rate"), details.get("match_rate"), PERCENT),
            (_("Matched at the ceiling"), details.get("ceiling", {}).get("n"), COUNT),
        ]
    )
    sheet.heading(_("Variants"))
    variants = [
        (
            _("Primary: improved ÷ analysed"),
            {
                "numerator": result.numerator,
                "denominator": result.denominator,
                "value": result.value,
                "ci_low": result.ci_low,
                "ci_high": result.ci_high,
            },
        ),
        (_("Conservative: ceiling counted as not improved"), details.get("conservative", {})),
        (_("Lower bound: every enrolled participant"), details.get("lower_bound", {})),
    ]
    sheet.table(
        [
            _("Variant"),
            _("Numerator"),
            _("Denominator"),
            _("Share"),
            _("95 % CI low"),
            _("95 % CI high"),
        ],
        (
            [
                label,
                v.get("numerator"),
                v.get("denominator"),
                v.get("value"),
                v.get("ci_low"),
                v.get("ci_high"),
            ]
            for label, v in variants
        ),
        [None, COUNT, COUNT, PERCENT, PERCENT, PERCENT],
    )
    sheet.heading(_("Sensitivity to the threshold τ"))
    sheet.table(
        [
            _("τ"),
            COUNT_LABELS["improved"],
            COUNT_LABELS["unchanged"],
            COUNT_LABELS["declined"],
            _("Share"),
            _("95 % CI low"),
            _("95 % CI high"),
        ],
        (
            [
                _("any increase") if row["tau"] == ANY_INCREASE else row["tau"],
                row["improved"],
                row["unchanged"],
                row["declined"],
                row["value"],
                row["ci_low"],
                row["ci_high"],
            ]
            for row in details.get("sensitivity", [])
        ),
        [MEAN, COUNT, COUNT, COUNT, PERCENT, PERCENT, PERCENT],
    )


def _op4_details(sheet: Sheet, result: IndicatorResult, details: dict, labels: Labels) -> None:
    sheet.heading(_("Key figures"))
    sheet.pairs(
        [
            (COUNT_LABELS["participants"], details.get("participants"), COUNT),
            (COUNT_LABELS["respondents"], details.get("respondents"), COUNT),
            (_("Response rate"), details.get("response_rate"), PERCENT),
            (_("Response rate below the threshold"), details.get("low_response"), None),
            (COUNT_LABELS["valid"], details.get("valid"), COUNT),
            (COUNT_LABELS["top_two"], details.get("top_two"), COUNT),
            (COUNT_LABELS["cant_judge"], details.get("cant_judge"), COUNT),
            (COUNT_LABELS["missing"], details.get("missing"), COUNT),
            (
                _("Sensitivity: share answering 3 or more"),
                details.get("sensitivity_value"),
                PERCENT,
            ),
            (_("Sensitivity: 95 % CI low"), details.get("sensitivity_ci_low"), PERCENT),
            (_("Sensitivity: 95 % CI high"), details.get("sensitivity_ci_high"), PERCENT),
        ]
    )


def _out1_details(sheet: Sheet, result: IndicatorResult, details: dict, labels: Labels) -> None:
    sheet.heading(_("Key figures"))
    sheet.pairs(
        [
            (COUNT_LABELS["offices"], details.get("participating_offices"), COUNT),
            (COUNT_LABELS["responding"], details.get("responding_offices"), COUNT),
            (COUNT_LABELS["reporting"], details.get("reporting_offices"), COUNT),
            (COUNT_LABELS["conflicting"], details.get("conflicting_offices"), COUNT),
            (COUNT_LABELS["respondents"], details.get("respondents"), COUNT),
            (_("Share of participating offices"), details.get("share"), PERCENT),
            (_("Share of responding offices"), details.get("share_of_responding"), PERCENT),
            (_("Response rate"), details.get("response_rate"), PERCENT),
            (_("Framework documents shared"), details.get("documents"), COUNT),
        ]
    )
    sheet.heading(_("Evidence: offices reporting a framework"))
    sheet.table(
        [
            _("Country"),
            DIMENSION_LABELS["office_type"],
            DIMENSION_LABELS["region"],
            DIMENSION_LABELS["cohort"],
            _("Date adopted or updated"),
            _("Document"),
            _("Scope (code)"),
            _("Submitted"),
        ],
        (
            [
                labels.of("country", row["country"]),
                labels.of("office_type", row["office_type"]),
                labels.of("region", row["region"]),
                row["cohort"],
                row["date"],
                row["document"],
                row["scope"],
                row["submitted_at"],
            ]
            for row in details.get("evidence", [])
        ),
        [None, None, None, None, None, None, COUNT],
    )


def _out2_details(sheet: Sheet, result: IndicatorResult, details: dict, labels: Labels) -> None:
    missing = details.get("regions_without_experts", [])
    sheet.heading(_("Key figures"))
    header, first, last = sheet.table(
        [_("Figure"), _("Number")],
        [
            (_("Eligible experts"), details.get("experts", 0)),
            (_("Countries covered"), details.get("countries", 0)),
            (_("Regions covered"), details.get("regions", 0)),
            (_("Regions in all"), details.get("regions_total", 0)),
        ],
        [None, COUNT],
        filtered=True,
    )
    sheet.pairs(
        [
            (
                _("Regions without an eligible expert"),
                "; ".join(labels.of("region", c) for c in missing),
                None,
            )
        ]
    )
    sheet.bar_chart(_("OUT-2: the expert network"), header, first, last, 1, [2])


def _milestone_details(
    sheet: Sheet, result: IndicatorResult, details: dict, labels: Labels
) -> None:
    date = details.get("date")
    sheet.heading(_("Milestone"))
    sheet.pairs(
        [
            (_("Date reached"), datetime.date.fromisoformat(date) if date else None, None),
            (_("Evidence"), details.get("evidence"), None),
            (_("Document or decision reference"), details.get("reference"), None),
        ]
    )
    _actual_vs_target(sheet, result, 1)


def _op3_details(sheet: Sheet, result: IndicatorResult, details: dict, labels: Labels) -> None:
    sheet.heading(_("Workshops held"))
    sheet.table(
        [_("Code"), DIMENSION_LABELS["cohort"], _("Starts"), _("Ends")],
        (
            [
                row["slug"],
                row["name"],
                datetime.date.fromisoformat(row["starts_on"]),
                datetime.date.fromisoformat(row["ends_on"]),
            ]
            for row in details.get("workshops", [])
        ),
        filtered=True,
    )
    _actual_vs_target(sheet, result, result.target if isinstance(result.target, float) else 1)


def _op5_details(sheet: Sheet, result: IndicatorResult, details: dict, labels: Labels) -> None:
    sheet.heading(_("Eligible experts per region"))
    header, first, last = sheet.table(
        [_("Code"), DIMENSION_LABELS["region"], _("Eligible experts")],
        ([code, labels.of("region", code), count] for code, count in details.get("per_region", [])),
        [None, None, COUNT],
        filtered=True,
    )
    sheet.bar_chart(_("OP-5: eligible experts per region"), header, first, last, 2, [3])


def _op6_details(sheet: Sheet, result: IndicatorResult, details: dict, labels: Labels) -> None:
    languages = [code for code, _name in settings.LANGUAGES]
    counts: Counter = Counter(
        (row["kind"], row["language"]) for row in details.get("resources", [])
    )
    kinds = list(dict.fromkeys([*REQUIRED_KINDS, *sorted({kind for kind, _l in counts})]))
    sheet.heading(_("Live resources per kind and language"))
    header, first, last = sheet.table(
        [
            _("Code"),
            _("Kind"),
            *[labels.of("language", code) for code in languages],
            _("Languages covered"),
        ],
        (
            [
                kind,
                KIND_LABELS.get(kind, kind),
                *[counts[kind, code] for code in languages],
                sum(1 for code in languages if counts[kind, code]),
            ]
            for kind in kinds
        ),
        [None, None, *[COUNT] * (len(languages) + 1)],
        filtered=True,
    )
    missing = details.get("missing", [])
    sheet.pairs([(_("Missing kinds and languages"), "; ".join(missing) or "—", None)])
    sheet.bar_chart(
        _("OP-6: languages with a live resource, per kind"),
        header,
        first,
        last,
        2,
        [3 + len(languages)],
    )


# --- The other sheets ---


def _methodology_sheet(book: Book, thresholds: Thresholds) -> None:
    sheet = book.sheet(_("Methodology"), widths=(60, 14, 100))
    sheet.title(_("Thresholds and rules used"))
    fields = {field.name: field for field in EvaluationSettings._meta.get_fields()}
    values = asdict(thresholds)
    header = sheet.append([_("Threshold"), _("Value"), _("Code")], font=BOLD)
    for name, label, number_format in THRESHOLD_ROWS:
        # Each row has its own number format: a share, a count, scale points.
        label = label or capfirst(fields[SETTING_FIELDS[name]].verbose_name)
        sheet.append([label, values[name], name], [None, number_format])
    sheet.ws.auto_filter.ref = f"A{header}:C{sheet.row}"
    sheet.pairs(
        [
            (
                _("Sensitivity thresholds τ"),
                ", ".join(
                    str(_("any increase")) if tau == ANY_INCREASE else f"{tau:g}"
                    for tau in thresholds.sensitivity_taus
                ),
                None,
            )
        ]
    )
    sheet.heading(_("Rules"))
    rules = [*RULES, str(QUALITY_RULE) % {"items": STRAIGHT_LINE_MIN_ITEMS}]
    sheet.table([_("Number"), _("Rule")], ([i, rule] for i, rule in enumerate(rules, 1)), [COUNT])
    sheet.heading(_("Limitations"))
    sheet.table(
        [_("Number"), _("Limitation")],
        ([i, text] for i, text in enumerate(LIMITATIONS, 1)),
        [COUNT],
    )


def _learning_sheet(
    book: Book, result: IndicatorResult, codebook: "Codebook", language: str
) -> None:
    sheet = book.sheet(_("Learning"), widths=(12, 12, 18, 70, 8, 10, 10, 10, 10, 10, 10))
    details = result.details
    stats = [
        _("Pairs"),
        _("PRE mean"),
        _("POST mean"),
        _("Change (Δ)"),
        _("Wilcoxon p"),
        _("r"),
        _("Gain"),
    ]
    formats = [COUNT, MEAN, MEAN, MEAN, P_VALUE, MEAN, MEAN]

    def figures(row: dict) -> list:
        return [
            row["n"],
            row["pre_mean"],
            row["post_mean"],
            row["delta"],
            row["p"],
            row["r"],
            row["gain"],
        ]

    header, first, last = sheet.table(
        [_("Item"), _("Kind"), _("Domain"), _("Text"), *stats],
        (
            [
                row["code"],
                row["kind"],
                row["domain"],
                codebook.text(row["code"], language) or row["text"],
                *figures(row),
            ]
            for row in details.get("items", [])
        ),
        [None, None, None, None, *formats],
        filtered=True,
    )
    sheet.heading(_("Per competence domain"))
    d_header, d_first, d_last = sheet.table(
        [_("Domain"), _("Name"), *stats],
        (
            [
                row["code"],
                codebook.domains.get((row["code"], language)) or row["name"],
                *figures(row),
            ]
            for row in details.get("domains", [])
        ),
        [None, None, *formats],
    )
    sheet.bar_chart(
        _("PRE and POST means per domain"),
        d_header,
        d_first,
        d_last,
        1,
        [4, 5],
        y_title=_("Mean self-rating (1–5)"),
    )


def _reaction_sheet(book: Book, result: IndicatorResult, labels: Labels) -> None:
    sheet = book.sheet(_("Reaction"), widths=(30, 40, *[9] * 17))
    details = result.details
    distribution = details.get("distribution", {})
    headers = [
        _("Code"),
        DIMENSION_LABELS["cohort"],
        "1",
        "2",
        "3",
        "4",
        "5",
        COUNT_LABELS["cant_judge"],
        COUNT_LABELS["missing"],
        COUNT_LABELS["participants"],
        COUNT_LABELS["respondents"],
        COUNT_LABELS["valid"],
        COUNT_LABELS["top_two"],
        _("Share"),
        _("95 % CI low"),
        _("95 % CI high"),
        _("Share answering 3 or more"),
        _("Response rate"),
        _("Response rate below the threshold"),
    ]
    rows = []
    for workshop in details.get("per_workshop", []):
        shown = distribution.get(workshop["cohort"], {})
        scale = shown.get("counts", {})
        rows.append(
            [
                workshop["cohort"],
                labels.of("cohort", workshop["cohort"]),
                *[scale.get(point, scale.get(str(point), 0)) for point in range(1, 6)],
                shown.get("cant_judge", 0),
                shown.get("missing", 0),
                workshop["participants"],
                workshop["respondents"],
                workshop["valid"],
                workshop["top_two"],
                workshop["value"],
                workshop["ci_low"],
                workshop["ci_high"],
                workshop["sensitivity_value"],
                workshop["response_rate"],
                workshop["low_response"],
            ]
        )
    header, first, last = sheet.table(
        headers, rows, [None, None, *[COUNT] * 11, *[PERCENT] * 5], filtered=True
    )
    sheet.bar_chart(
        _("Usefulness answers per workshop (1–5)"),
        header,
        first,
        last,
        1,
        [3, 4, 5, 6, 7],
        y_title=COUNT_LABELS["respondents"],
        stacked=True,
        anchor="B" + str(sheet.row + 3),
    )


def _outputs_sheet(book: Book, by_id: dict[str, IndicatorResult], labels: Labels) -> None:
    sheet = book.sheet(_("Outputs"), widths=(14, 36, 30, 14, 50, 30, 10, 10, 10, 10, 10))
    sheet.title(_("Milestones"))
    registry = {indicator.id: indicator for indicator in INDICATORS}
    sheet.table(
        [
            _("Indicator"),
            _("Wording"),
            _("Status"),
            _("Date reached"),
            _("Evidence"),
            _("Document or decision reference"),
        ],
        (
            [
                key,
                registry[key].wording,
                STATUS_LABELS.get(by_id[key].status, by_id[key].status),
                datetime.date.fromisoformat(by_id[key].details["date"])
                if by_id[key].details.get("date")
                else None,
                by_id[key].details.get("evidence"),
                by_id[key].details.get("reference"),
            ]
            for key in ("OP-1", "OP-2")
        ),
        filtered=True,
    )
    sheet.heading(_("Workshops held (OP-3)"))
    sheet.table(
        [_("Code"), DIMENSION_LABELS["cohort"], _("Starts"), _("Ends")],
        (
            [
                row["slug"],
                row["name"],
                datetime.date.fromisoformat(row["starts_on"]),
                datetime.date.fromisoformat(row["ends_on"]),
            ]
            for row in by_id["OP-3"].details.get("workshops", [])
        ),
    )
    languages = [code for code, _name in settings.LANGUAGES]
    matrix: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for row in by_id["OP-6"].details.get("matrix", []):
        matrix[row["kind"], row["group"]][row["language"]] = row["resources"]
    sheet.heading(
        _("Communication tools: live resources per kind, stakeholder group and language (OP-6)")
    )
    details = by_id["OP-6"].details
    kind_labels = {**details.get("kind_labels", {}), **KIND_LABELS}
    sheet.table(
        [
            _("Code"),
            _("Kind"),
            DIMENSION_LABELS["stakeholder_group"],
            *[labels.of("language", c) for c in languages],
        ],
        (
            [
                kind,
                kind_labels.get(kind, kind),
                group or _("No group"),
                *[cells.get(c, 0) for c in languages],
            ]
            for (kind, group), cells in sorted(matrix.items())
        ),
        [None, None, None, *[COUNT] * len(languages)],
    )
    sheet.heading(_("Live resources (OP-6)"))
    sheet.table(
        [_("Kind"), _("Title"), _("Language"), _("Address"), _("Published")],
        (
            [
                kind_labels.get(row["kind"], row["kind"]),
                row["title"],
                row["language"],
                row["url"],
                datetime.date.fromisoformat(row["published_on"])
                if row.get("published_on")
                else None,
            ]
            for row in by_id["OP-6"].details.get("resources", [])
        ),
    )


def _experts_sheet(book: Book, labels: Labels) -> None:
    sheet = book.sheet(_("Experts"), widths=(24, 44, 12, 12, 12, 12, 12))
    statuses = list(VettingStatus.choices)
    region_of = region_of_countries()
    counts: dict[str, Counter] = defaultdict(Counter)
    for country, status, n in (
        Expert.objects.order_by()
        .values("country", "status")
        .annotate(n=Count("pk"))
        .values_list("country", "status", "n")
    ):
        counts[region_of.get(str(country), "")][status] += n
    codes = [row.region.code for row in experts_per_region()]
    if counts.get(""):
        codes.append("")
    header, first, last = sheet.table(
        [_("Code"), DIMENSION_LABELS["region"], *[label for _code, label in statuses], _("Total")],
        (
            [
                code,
                labels.of("region", code),
                *[counts[code][s] for s, _label in statuses],
                sum(counts[code].values()),
            ]
            for code in codes
        ),
        [None, None, *[COUNT] * (len(statuses) + 1)],
        filtered=True,
    )
    eligible = 3 + [code for code, _label in statuses].index(VettingStatus.ELIGIBLE)
    summary = network_summary()
    sheet.heading(_("The network (OUT-2)"))
    sheet.pairs(
        [
            (_("Eligible experts"), summary["experts"], COUNT),
            (_("Countries covered"), summary["countries"], COUNT),
            (_("Regions covered"), summary["regions"], COUNT),
            (_("Regions in all"), summary["regions_total"], COUNT),
        ]
    )
    sheet.bar_chart(
        _("Eligible experts per region"), header, first, last, 2, [eligible], anchor="J2"
    )


def _budget_rows(rows: Sequence[budget.BudgetRow], total: budget.BudgetRow) -> Iterable[list]:
    for row in [*rows, total]:
        yield [row.key, row.label, row.planned, row.actual, row.utilisation]


def _budget_sheet(book: Book) -> None:
    sheet = book.sheet(_("Budget"), widths=(22, 40, 16, 16, 16, 16, 16, 50))
    total = str(_("Total"))
    headers = [_("Code"), _("Heading"), _("Planned (CHF)"), _("Spent (CHF)"), _("Utilisation (%)")]
    formats = [None, None, CHF, CHF, PERCENT]
    by_output = budget.utilisation_by_output()
    sheet.title(_("By output"))
    header, first, last = sheet.table(
        headers, _budget_rows(by_output, budget.total(by_output, total)), formats, filtered=True
    )
    sheet.bar_chart(
        _("Plan and spending by output (CHF)"), header, first, last - 1, 2, [3, 4], anchor="J2"
    )
    by_category = budget.utilisation_by_category()
    sheet.heading(_("By cost category"))
    sheet.table(headers, _budget_rows(by_category, budget.total(by_category, total)), formats)
    by_quarter = budget.spending_by_quarter()
    sheet.heading(_("By quarter"))
    sheet.table(
        [
            *headers,
            _("Planned, cumulated (CHF)"),
            _("Spent, cumulated (CHF)"),
            _("Outputs running"),
        ],
        (
            [
                row.key,
                row.label,
                row.planned,
                row.actual,
                row.utilisation,
                row.cumulative_planned,
                row.cumulative_actual,
                "; ".join(row.output_labels),
            ]
            for row in by_quarter
        ),
        [*formats, CHF, CHF],
    )
    sheet.append([])
    sheet.append(
        [_("The plan gives no amounts per quarter: the phasing is an estimate from the timeline.")]
    )


def _flow_sheet(
    book: Book, by_id: dict[str, IndicatorResult], labels: Labels, thresholds: Thresholds
) -> None:
    sheet = book.sheet(_("Flow"), widths=(50, 40, 12, 12, 12, 12, 12))
    details = by_id["OBJ-1"].details
    flow = details.get("flow", {})
    valid = f"{thresholds.validity:.0%}"
    sheet.title(_("Learning (OBJ-1): from enrolment to analysis"))
    stages = [
        ("enrolled", _("Enrolled")),
        ("pre_submitted", _("PRE submitted")),
        ("pre_valid", _("PRE valid (at least %(share)s of the items answered)") % {"share": valid}),
        ("post_submitted", _("POST submitted")),
        (
            "post_valid",
            _("POST valid (at least %(share)s of the items answered)") % {"share": valid},
        ),
        ("matched", _("Matched (valid PRE and POST)")),
        ("ceiling", _("Matched at the ceiling (left out of the primary figure)")),
        ("analysed", _("Analysed")),
    ]
    header, first, last = sheet.table(
        [_("Stage"), _("Participants")],
        ([label, flow.get(key, 0)] for key, label in stages),
        [None, COUNT],
        filtered=True,
    )
    sheet.bar_chart(_("From enrolment to analysis"), header, first, last, 1, [2], anchor="D2")
    sheet.heading(_("Not matched, by reason"))
    excluded = flow.get("excluded", {})
    sheet.table(
        [_("Reason"), _("Participants")],
        ([label, excluded.get(key, 0)] for key, label in EXCLUSION_LABELS.items()),
        [None, COUNT],
    )
    attrition = details.get("attrition", {})
    sheet.heading(_("Attrition: PRE scores of matched and PRE-only participants"))
    sheet.pairs(
        [
            (_("Matched participants"), attrition.get("matched_n"), COUNT),
            (_("Their mean PRE score"), attrition.get("matched_mean_pre_s"), MEAN),
            (_("PRE-only participants"), attrition.get("pre_only_n"), COUNT),
            (_("Their mean PRE score"), attrition.get("pre_only_mean_pre_s"), MEAN),
            (
                _("Difference (PRE-only minus matched)"),
                attrition.get("pre_only_minus_matched"),
                MEAN,
            ),
        ]
    )
    sheet.heading(_("Per cohort"))
    sheet.table(
        [
            _("Code"),
            DIMENSION_LABELS["cohort"],
            COUNT_LABELS["enrolled"],
            COUNT_LABELS["matched"],
            COUNT_LABELS["ceiling"],
            COUNT_LABELS["n"],
            COUNT_LABELS["improved"],
        ],
        (
            [
                row["group"],
                labels.of("cohort", row["group"]),
                row.get("enrolled"),
                row.get("matched"),
                row.get("ceiling"),
                row.get("n"),
                row.get("improved"),
            ]
            for row in by_id["OBJ-1"].disaggregations.get("cohort", [])
        ),
        [None, None, *[COUNT] * 5],
    )
    reaction = by_id["OP-4"].details
    sheet.heading(_("Workshop feedback (OP-4)"))
    sheet.pairs(
        [
            (COUNT_LABELS["participants"], reaction.get("participants"), COUNT),
            (COUNT_LABELS["respondents"], reaction.get("respondents"), COUNT),
            (_("Response rate"), reaction.get("response_rate"), PERCENT),
        ]
    )


def _quality_sheet(book: Book, report: QualityReport, labels: Labels) -> None:
    """Data quality and participation (evaluation/quality.py), participants as pseudonyms."""
    sheet = book.sheet(_("Data quality"), widths=(30, 34, 20, 12, 12, 12, 12, 12, 12, 12, 12, 12))
    sheet.title(_("Data quality and participation"))
    sheet.table(
        [_("Finding"), _("Participants or responses")],
        [(ISSUE_LABELS[issue], count) for issue, count in report.totals().items()],
        [None, COUNT],
    )
    low = {(row.cohort.pk, row.phase.phase) for row in report.low_rates()}
    sheet.heading(_("Response rates per cohort and phase"))
    sheet.table(
        [
            _("Code"),
            DIMENSION_LABELS["cohort"],
            _("Phase"),
            COUNT_LABELS["enrolled"],
            _("Started"),
            _("Submitted"),
            _("Response rate"),
            _("Below the threshold"),
        ],
        (
            [
                row.cohort.slug,
                row.cohort.name,
                labels.of("phase", row.phase.phase),
                row.participants,
                row.started,
                row.submitted,
                row.submitted / row.participants if row.participants else None,
                _("Yes") if (row.cohort.pk, row.phase.phase) in low else "",
            ]
            for row in report.participation
        ),
        [None, None, None, COUNT, COUNT, COUNT, PERCENT],
    )
    sheet.heading(_("Matching before and after, per cohort"))
    sheet.table(
        [
            _("Code"),
            DIMENSION_LABELS["cohort"],
            COUNT_LABELS["enrolled"],
            COUNT_LABELS["matched"],
            _("Match rate"),
            *EXCLUSION_LABELS.values(),
            ISSUE_LABELS["draft"],
            ISSUE_LABELS["straight_line"],
            ISSUE_LABELS["duplicate"],
        ],
        (
            [
                row.cohort,
                labels.of("cohort", row.cohort),
                row.enrolled,
                row.matched,
                row.match_rate,
                *(row.excluded[issue] for issue in EXCLUSIONS),
                row.drafts,
                row.straight_lined,
                row.duplicates,
            ]
            for row in report.cohorts
        ),
        [None, None, COUNT, COUNT, PERCENT, *[COUNT] * (len(EXCLUSIONS) + 3)],
    )
    sheet.heading(_("Participants to follow up"))
    names = {f.participant_id: pseudonym(f.participant_id) for f in report.findings}
    sheet.table(
        [_("Pseudonym"), DIMENSION_LABELS["cohort"], _("Phase"), _("Finding"), _("Detail")],
        (
            [
                names[finding.participant_id],
                labels.of("cohort", finding.cohort),
                labels.of("phase", finding.phase),
                ISSUE_LABELS[finding.issue],
                describe(finding, names),
            ]
            for finding in report.findings
        ),
        filtered=True,
    )


def _data_sheet(book: Book, scope: Scope, report: Progress) -> tuple[int, str]:
    """The raw rows, streamed; returns their number and the SHA-256 of header and rows."""
    header, total, rows = raw_rows(scope)
    sheet = book.sheet(_("Data"), widths=(18, 26, 10, 9, 12, 8, 8, 20, 12, 20, 20), freeze="B2")
    digest = hashlib.sha256()

    def fold(values: list) -> None:
        line = json.dumps(values, default=str, ensure_ascii=False)
        digest.update(line.encode() + b"\n")

    sheet.append(header, font=BOLD)
    fold(header)
    count = 0
    for row in rows:
        sheet.append(row, [None, None, None, None, DATE])
        fold(row)
        count += 1
        if count % 200 == 0 and total:
            report(50 + round(40 * count / total), str(_("Writing the data")))
    sheet.ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"
    return count, digest.hexdigest()


class Codebook:
    """Labels of every variable and code of the Data sheet in the six languages."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, str, dict[str, str]]] = []  # (variable, code, labels)
        self.texts: dict[tuple[str, str], str] = {}  # (item code, language) → text
        self.domains: dict[tuple[str, str], str] = {}  # (domain code, language) → name

    def text(self, code: str, language: str) -> str:
        return self.texts.get((code, language), "")


def _in_languages(label: Any) -> dict[str, str]:
    """A lazily translated label in each site language."""
    result = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            result[code] = str(label)
    return result


def _codebook_entries(scope: Scope) -> Codebook:
    """Participant variables from the models' choices, items from each language's
    translation of the instruments (two queries for those)."""
    book = Codebook()
    languages = [code for code, _name in settings.LANGUAGES]
    variables = {
        "participant": _("Participant (pseudonym: an HMAC of the participant's id)"),
        "cohort": DIMENSION_LABELS["cohort"],
        "phase": _("Phase"),
        "language": DIMENSION_LABELS["language"],
        "submitted_on": _("Date submitted"),
        "source": _("Source"),
        "country": _("Country (ISO 3166 code; names in the Lookups sheet)"),
        "region": DIMENSION_LABELS["region"],
        "sex": DIMENSION_LABELS["sex"],
        "office_type": DIMENSION_LABELS["office_type"],
        "stakeholder_group": DIMENSION_LABELS["stakeholder_group"],
    }
    codes: dict[str, Iterable[tuple[str, Any]]] = {
        "phase": Phase.choices,
        "language": settings.LANGUAGES,
        "source": Submission._meta.get_field("source").choices,
        "sex": Sex.choices,
        "office_type": OfficeType.choices,
        "stakeholder_group": StakeholderGroup.choices,
    }
    cohorts = Cohort.objects.filter(
        pk__in=CohortPhase.objects.filter(scope.cohort_filter("cohort")).values("cohort_id")
    ).values_list("slug", "name")
    regions = list(Region.objects.values_list("code", "name"))
    for variable in PARTICIPANT_COLUMNS:
        book.entries.append((variable, "", _in_languages(variables[variable])))
        if variable == "cohort":
            for slug, name in cohorts:
                book.entries.append((variable, slug, dict.fromkeys(languages, name)))
        elif variable == "region":
            for code, name in regions:
                # Stored in English and translated on the way out (evaluation.regions).
                label = translation.gettext_lazy(name) if name else code
                book.entries.append((variable, code, _in_languages(label)))
        for code, label in codes.get(variable, ()):
            book.entries.append((variable, code, _in_languages(label)))

    columns = item_columns(scope)
    keys = CohortPhase.objects.filter(scope.cohort_filter("cohort")).values(
        "instrument__translation_key"
    )
    instruments = (
        Instrument.objects.filter(translation_key__in=keys)
        .select_related("locale")
        .prefetch_related("items", "domains")
    )
    items: dict[tuple[str, str], tuple[Item, Instrument]] = {}
    for instrument in instruments:
        language = instrument.locale.language_code
        for item in instrument.items.all():
            items.setdefault((item.code, language), (item, instrument))
            book.texts.setdefault((item.code, language), item.text)
        for domain in instrument.domains.all():
            book.domains.setdefault((domain.code, language), domain.name)
    for column in columns:
        book.entries.append(
            (column.code, "", {code: book.text(column.code, code) for code in languages})
        )
        choices: dict[str, dict[str, str]] = defaultdict(dict)
        for code in languages:
            pair = items.get((column.code, code))
            if pair is None:
                continue
            with translation.override(code):
                for value, label in answering.choices_of(*pair):
                    choices[value][code] = str(label)
        for value, labels in choices.items():
            book.entries.append((column.code, value, labels))
    return book


def _codebook_sheet(book: Book, codebook: Codebook, labels: Labels) -> None:
    languages = list(settings.LANGUAGES)
    sheet = book.sheet(_("Codebook"), widths=(22, 22, *[50] * len(languages)), freeze="C2")
    sheet.table(
        [_("Variable"), _("Code"), *[f"{name} ({code})" for code, name in languages]],
        (
            [variable, code, *[names.get(c, "") for c, _n in languages]]
            for variable, code, names in codebook.entries
        ),
        filtered=True,
    )


def _lookups_sheet(book: Book) -> None:
    sheet = book.sheet(_("Lookups"), widths=(10, 36, 22, 44, 14, 30))
    regions = region_names()
    categories = {code: str(label) for code, label in CountryCategory.choices}
    rows = (
        CountryRegion.objects.select_related("region").order_by("country").iterator(chunk_size=500)
    )
    sheet.table(
        [
            _("ISO code"),
            _("Country"),
            _("Region code"),
            DIMENSION_LABELS["region"],
            _("Category code"),
            _("Category"),
        ],
        (
            [
                row.country.code,
                str(row.country.name),
                row.region.code,
                regions.get(row.region.code, row.region.name),
                row.category,
                categories.get(row.category, row.category),
            ]
            for row in rows
        ),
        filtered=True,
    )
