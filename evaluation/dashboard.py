"""What the evaluators' dashboard shows, from the computed indicators: one card per indicator,
the charts' geometry with their data tables, and the breakdown tables of OBJ-1 and OP-4.

Plain functions over IndicatorResults (no request, no query), so the page's figures can be
tested without HTTP; numbers are written the way the active language writes them (CLDR,
through Babel). Only aggregates reach the page: no participant is ever named.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from babel.numbers import format_decimal, format_percent
from babel.units import format_unit
from django.conf import settings
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext, ngettext, pgettext, to_locale
from django.utils.translation import gettext_lazy as _

from surveys.models.participants import OfficeType, Sex, StakeholderGroup

from . import charts
from .indicators import IndicatorResult, Thresholds
from .indicators.data import UNKNOWN
from .indicators.stats import ACHIEVED, ACHIEVED_ROBUST, NOT_ACHIEVED, NOT_ENOUGH_DATA, REPORTED
from .indicators.summary import MILESTONE, SHARE, indicator_summary, kind_of
from .indicators.thresholds import ANY_INCREASE

DASH = "—"

STATUS_LABELS = {
    ACHIEVED_ROBUST: _("Achieved — robust"),
    ACHIEVED: _("Achieved"),
    NOT_ACHIEVED: _("Not achieved"),
    NOT_ENOUGH_DATA: _("Not enough data"),
    REPORTED: _("Reported"),
}
# The strip's names of the indicators, shorter than their wording on the cards.
SHORT_NAMES = {
    "OBJ-1": _("Participants who improved"),
    "OUT-1": _("Offices with a resilience framework"),
    "OUT-2": _("Experts in the network"),
    "OP-1": _("Scoping study published"),
    "OP-2": _("Scoping study approved"),
    "OP-3": _("Workshops held"),
    "OP-4": _("Participants who found the workshop useful"),
    "OP-5": _("Regions with an eligible expert"),
    "OP-6": _("Tools live in every language"),
}
LEVEL_LABELS = {
    "objective": _("Objective"),
    "outcome": _("Outcome"),
    "output": _("Output"),
}

# The breakdowns shown (country is in the review workbook: too many small cells here).
BREAKDOWN_DIMENSIONS = (
    ("region", _("By region")),
    ("sex", _("By sex")),
    ("office_type", _("By office type")),
    ("stakeholder_group", _("By stakeholder group")),
    ("language", _("By language of completion")),
    ("cohort", _("By cohort")),
)
# (count key, column heading) of each breakdown, then the share's heading.
BREAKDOWN_COLUMNS = {
    "OBJ-1": (
        (
            ("enrolled", _("Enrolled")),
            ("matched", _("Matched")),
            ("n", _("Analysed")),
            ("improved", _("Improved")),
        ),
        _("Share improved"),
    ),
    "OP-4": (
        (
            ("participants", _("Participants")),
            ("respondents", _("Respondents")),
            ("valid", _("Answers 1–5")),
            ("top_two", _("Found it useful")),
            ("cant_judge", _("Can't judge")),
        ),
        _("Share finding it useful"),
    ),
}


# --- Numbers in the active language ---


def _locale() -> str:
    return to_locale(get_language() or settings.LANGUAGE_CODE)


def format_share(value: float | None) -> str:
    """78.5 %, as the language writes it; a dash for None."""
    if value is None:
        return DASH
    return format_percent(round(value, 3), locale=_locale(), decimal_quantization=False)


def format_count(value: float | None) -> str:
    if value is None:
        return DASH
    return format_decimal(value, format="#,##0.##", locale=_locale())


def format_hours(hours: float | None) -> str:
    """A duration given in hours as days and hours, units in the active language
    ("1 day 6 hours", "10.5 hours"); a dash for None."""
    if hours is None:
        return DASH
    days, rest = divmod(round(hours, 1), 24)
    rest = round(rest, 1)
    parts = {}
    if days:
        parts["days"] = format_unit(int(days), "duration-day", locale=_locale())
    if rest or not days:
        parts["hours"] = format_unit(rest, "duration-hour", locale=_locale())
    if len(parts) == 1:
        return next(iter(parts.values()))
    return pgettext("a duration", "%(days)s %(hours)s") % parts


def format_interval(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return DASH
    return f"{format_share(low)}–{format_share(high)}"


def _date(iso: str | None) -> str:
    parsed = parse_date(iso) if iso else None
    return date_format(parsed) if parsed else (iso or "")


# --- Labels of the breakdown groups ---


@dataclass(frozen=True)
class Labels:
    """Names for the codes the results hold: regions and cohorts from the database (read once
    by the view), the participant fields' choices, the site's languages."""

    regions: Mapping[str, str] = field(default_factory=dict)
    cohorts: Mapping[str, str] = field(default_factory=dict)

    def group(self, dimension: str, code: str) -> str:
        if not code:
            return gettext("Not stated")
        if dimension == "region":
            return self.regions.get(code) or (
                gettext("Country not mapped to a region") if code == UNKNOWN else code
            )
        choices: Mapping[str, Any] = {
            "sex": dict(Sex.choices),
            "office_type": dict(OfficeType.choices),
            "stakeholder_group": dict(StakeholderGroup.choices),
            "language": dict(settings.LANGUAGES),
            "cohort": self.cohorts,
        }.get(dimension, {})
        return str(choices.get(code) or code)


# --- Cards ---


@dataclass(frozen=True)
class Card:
    id: str
    level: str
    level_label: str
    wording: Promise | str
    baseline: Promise | str
    verification: Promise | str
    value: str
    interval: str
    target: str
    fraction: str
    status: str
    status_label: str
    kirkpatrick: int | None = None
    notes: tuple[str, ...] = ()


def format_value(value: float | None, kind: str) -> str:
    """A value as its kind reads: a share, a count, or a milestone reached or not."""
    if value is None:
        return DASH
    if kind == SHARE:
        return format_share(value)
    if kind == MILESTONE:
        return gettext("Reached") if value >= 1 else gettext("Not reached")
    return format_count(value)


def value_text(result: IndicatorResult) -> str:
    return format_value(result.value, kind_of(result))


def format_target(indicator: Any, kind: str, target: float | str) -> str:
    """A share's target from the thresholds in force (evaluators may change it), else the
    indicator's own wording of it."""
    if kind == SHARE and isinstance(target, float):
        return gettext("At least %(share)s") % {"share": format_share(target)}
    return str(indicator.target)


def target_text(indicator: Any, result: IndicatorResult) -> str:
    return format_target(indicator, kind_of(result), result.target)


def numeric_target(result: IndicatorResult) -> float | None:
    """Where the target sits on a 0–1 scale: the share, or all of it for "every …"."""
    if kind_of(result) != SHARE:
        return None
    return result.target if isinstance(result.target, float) else 1.0


def fraction_text(result: IndicatorResult) -> str:
    if result.numerator is None:
        return DASH
    if result.denominator is None:
        return format_count(result.numerator)
    return f"{format_count(result.numerator)} / {format_count(result.denominator)}"


def _obj1_notes(result: IndicatorResult, labels: Labels) -> list[str]:
    flow = result.details.get("flow", {})
    if not flow:
        return []
    return [
        gettext(
            "%(matched)s of %(enrolled)s enrolled matched (valid PRE and POST); "
            "%(ceiling)s at the ceiling left out."
        )
        % {
            "matched": format_count(flow.get("matched")),
            "enrolled": format_count(flow.get("enrolled")),
            "ceiling": format_count(flow.get("ceiling")),
        }
    ]


def _out1_notes(result: IndicatorResult, labels: Labels) -> list[str]:
    d = result.details
    if "participating_offices" not in d:
        return []
    return [
        gettext(
            "%(reporting)s of %(offices)s participating offices report a framework "
            "(%(responding)s responded); %(documents)s documents shared."
        )
        % {
            "reporting": format_count(d["reporting_offices"]),
            "offices": format_count(d["participating_offices"]),
            "responding": format_count(d["responding_offices"]),
            "documents": format_count(d["documents"]),
        }
    ]


def _out2_notes(result: IndicatorResult, labels: Labels) -> list[str]:
    """The roster, its experts per region and the requests of the period, in counts."""
    d = result.details
    if "experts" not in d:
        return []
    notes = [
        gettext(
            "%(experts)s eligible experts from %(countries)s countries, "
            "in %(regions)s of %(total)s regions."
        )
        % {
            "experts": format_count(d["experts"]),
            "countries": format_count(d["countries"]),
            "regions": format_count(d["regions"]),
            "total": format_count(d["regions_total"]),
        }
    ]
    if d.get("per_region"):
        regions = "; ".join(
            f"{labels.group('region', code)}: {format_count(experts)}"
            for code, experts in d["per_region"]
        )
        notes.append(gettext("Eligible experts by region: %(regions)s.") % {"regions": regions})
    requests = d.get("requests")
    if requests is None:
        return notes
    notes.append(
        ngettext(
            "%(received)s request received, %(answered)s answered (an expert accepted).",
            "%(received)s requests received, %(answered)s answered (an expert accepted).",
            requests["received"],
        )
        % {
            "received": format_count(requests["received"]),
            "answered": format_count(requests["answered"]),
        }
    )
    median = requests.get("median_hours_to_accept")
    notes.append(
        gettext("Median time to an accepted expert: %(time)s.") % {"time": format_hours(median)}
        if median is not None
        else gettext("Median time to an accepted expert: no request answered yet.")
    )
    finished, helped = requests["finished"], requests["helped"]
    if not finished:
        notes.append(gettext("No request finished yet (closed or declined)."))
        return notes
    counts = {"helped": format_count(helped), "finished": format_count(finished)}
    share = requests.get("share_helped")
    if share is None:
        # Below the minimum: counts only, as every share on the page.
        notes.append(
            ngettext(
                "%(helped)s of %(finished)s finished request closed with help given.",
                "%(helped)s of %(finished)s finished requests closed with help given.",
                finished,
            )
            % counts
        )
    else:
        notes.append(
            ngettext(
                "%(helped)s of %(finished)s finished request closed with help given (%(share)s).",
                "%(helped)s of %(finished)s finished requests closed with help given (%(share)s).",
                finished,
            )
            % {**counts, "share": format_share(share)}
        )
    return notes


def _milestone_notes(result: IndicatorResult, labels: Labels) -> list[str]:
    d = result.details
    notes = []
    if d.get("date"):
        notes.append(gettext("Reached on %(date)s.") % {"date": _date(d["date"])})
    if d.get("reference"):
        notes.append(gettext("Reference: %(reference)s") % {"reference": d["reference"]})
    return notes


def _op3_notes(result: IndicatorResult, labels: Labels) -> list[str]:
    return [
        gettext("%(name)s, %(start)s to %(end)s")
        % {"name": row["name"], "start": _date(row["starts_on"]), "end": _date(row["ends_on"])}
        for row in result.details.get("workshops", [])
    ]


def _op4_notes(result: IndicatorResult, labels: Labels) -> list[str]:
    d = result.details
    if "participants" not in d:
        return []
    notes = [
        gettext(
            "Response rate %(rate)s (%(respondents)s of %(participants)s); "
            "can't judge: %(cant_judge)s; no answer: %(missing)s."
        )
        % {
            "rate": format_share(d.get("response_rate")),
            "respondents": format_count(d["respondents"]),
            "participants": format_count(d["participants"]),
            "cant_judge": format_count(d["cant_judge"]),
            "missing": format_count(d["missing"]),
        }
    ]
    if d.get("low_response"):
        notes.append(gettext("Low response: fewer than half the participants answered."))
    return notes


def _op5_notes(result: IndicatorResult, labels: Labels) -> list[str]:
    missing = [code for code, experts in result.details.get("per_region", []) if not experts]
    if not missing:
        return []
    names = ", ".join(labels.group("region", code) for code in missing)
    return [gettext("Regions without an eligible expert: %(regions)s") % {"regions": names}]


def _op6_notes(result: IndicatorResult, labels: Labels) -> list[str]:
    if result.details.get("reason"):
        return [gettext("The site reports no resources.")]
    missing = result.details.get("missing", [])
    if not missing:
        return []
    return [gettext("Missing (kind:language): %(missing)s") % {"missing": ", ".join(missing)}]


NOTES: dict[str, Callable[[IndicatorResult, Labels], list[str]]] = {
    "OBJ-1": _obj1_notes,
    "OUT-1": _out1_notes,
    "OUT-2": _out2_notes,
    "OP-1": _milestone_notes,
    "OP-2": _milestone_notes,
    "OP-3": _op3_notes,
    "OP-4": _op4_notes,
    "OP-5": _op5_notes,
    "OP-6": _op6_notes,
}


def card(indicator: Any, result: IndicatorResult, labels: Labels) -> Card:
    notes = NOTES.get(result.id)
    return Card(
        id=result.id,
        level=result.level,
        level_label=str(LEVEL_LABELS.get(result.level, result.level)),
        wording=indicator.wording,
        baseline=indicator.baseline,
        verification=indicator.verification,
        value=value_text(result),
        interval=format_interval(result.ci_low, result.ci_high),
        target=target_text(indicator, result),
        fraction=fraction_text(result),
        status=result.status,
        status_label=str(STATUS_LABELS.get(result.status, result.status)),
        kirkpatrick=result.kirkpatrick,
        notes=tuple(notes(result, labels)) if notes else (),
    )


def cards(pairs: Sequence[tuple[Any, IndicatorResult]], labels: Labels) -> list[Card]:
    return [card(indicator, result, labels) for indicator, result in pairs]


# --- The summary strip ---


@dataclass(frozen=True)
class StripRow:
    id: str
    name: str
    status: str
    status_label: str
    value: str
    target: str


def strip(
    pairs: Sequence[tuple[Any, IndicatorResult]], rows: Sequence[Mapping[str, Any]]
) -> list[StripRow]:
    """One row per indicator, from indicator_summary()'s rows: the figures `indicators
    --json` prints, written in the active language."""
    wording = {indicator.id: indicator for indicator, _result in pairs}
    return [
        StripRow(
            id=row["id"],
            name=str(SHORT_NAMES.get(row["id"], wording[row["id"]].wording)),
            status=row["status"],
            status_label=str(STATUS_LABELS.get(row["status"], row["status"])),
            value=format_value(row["value"], row["kind"]),
            target=format_target(wording[row["id"]], row["kind"], row["target"]),
        )
        for row in rows
    ]


# --- Charts ---


@dataclass
class Chart:
    """An SVG drawing and the table that says the same in words."""

    slug: str
    title: str
    description: str
    drawing: charts.Drawing
    columns: list[str]
    rows: list[list[str]]  # the first cell of each row heads it
    keys: list[tuple[str, str]] = field(default_factory=list)  # (mark: bar/whisker/target, text)
    note: str = ""


def _ticks() -> list[tuple[float, str]]:
    return [(share, format_share(share)) for share in (0, 0.25, 0.5, 0.75, 1)]


def interval_heading(thresholds: Thresholds) -> str:
    """ "95% interval", at the confidence level in force."""
    return gettext("%(level)s interval") % {"level": format_share(thresholds.confidence)}


def _scale_keys(thresholds: Thresholds) -> list[tuple[str, str]]:
    return [
        ("bar", gettext("Bar: the value")),
        (
            "whisker",
            gettext("Line with end marks: %(interval)s")
            % {"interval": interval_heading(thresholds)},
        ),
        ("target", gettext("Dashed line: the target")),
    ]


def share_chart(
    pairs: Sequence[tuple[Any, IndicatorResult]], thresholds: Thresholds, rtl: bool = False
) -> Chart:
    """(a) Every share indicator against its target, with its Wilson whisker."""
    rows, table, said = [], [], []
    for indicator, result in pairs:
        if kind_of(result) != SHARE:
            continue
        target = numeric_target(result)
        value = format_share(result.value)
        rows.append(
            charts.ScaleRow(
                result.id,
                result.value,
                value,
                result.ci_low,
                result.ci_high,
                target,
                gettext("%(id)s: %(value)s, target %(target)s")
                % {"id": result.id, "value": value, "target": format_share(target)},
            )
        )
        status = str(STATUS_LABELS.get(result.status, result.status))
        table.append(
            [
                result.id,
                value if result.value is not None else gettext("not enough data"),
                format_interval(result.ci_low, result.ci_high),
                target_text(indicator, result),
                status,
            ]
        )
        said.append(
            gettext("%(id)s %(value)s (target %(target)s, %(status)s)")
            % {"id": result.id, "value": value, "target": format_share(target), "status": status}
        )
    return Chart(
        slug="shares",
        title=gettext("Share indicators against their targets"),
        description=gettext("Bars on a scale from %(low)s to %(high)s: %(values)s.")
        % {"low": format_share(0), "high": format_share(1), "values": "; ".join(said)},
        drawing=charts.scale(rows, _ticks(), rtl),
        columns=[
            gettext("Indicator"),
            gettext("Value"),
            interval_heading(thresholds),
            gettext("Target"),
            gettext("Status"),
        ],
        rows=table,
        keys=_scale_keys(thresholds),
    )


FLOW_STEPS = (
    ("enrolled", _("Enrolled")),
    ("pre_valid", _("Valid self-assessment before (PRE)")),
    ("post_valid", _("Valid self-assessment after (POST)")),
    ("matched", _("Matched: valid PRE and POST")),
    ("analysed", _("Analysed: matched, ceiling cases left out")),
)
EXCLUSION_LABELS = {
    "no_response": _("no response"),
    "invalid_pre": _("PRE invalid"),
    "invalid_post": _("POST invalid"),
    "pre_only": _("PRE only"),
    "post_only": _("POST only"),
}


def flow_chart(obj1: IndicatorResult, rtl: bool = False) -> Chart:
    """(b) OBJ-1's participant flow, enrolled to analysed."""
    flow = obj1.details.get("flow", {})
    rows = [
        charts.BarRow(str(label), flow.get(key, 0), format_count(flow.get(key, 0)))
        for key, label in FLOW_STEPS
    ]
    excluded = flow.get("excluded", {})
    note = ""
    if excluded:
        note = gettext("Not matched: %(reasons)s.") % {
            "reasons": "; ".join(
                f"{EXCLUSION_LABELS.get(reason, reason)} {format_count(count)}"
                for reason, count in excluded.items()
            )
        }
    return Chart(
        slug="flow",
        title=gettext("OBJ-1: participant flow"),
        description=gettext("Participants at each step: %(steps)s.")
        % {"steps": "; ".join(f"{row.label} {row.text}" for row in rows)},
        drawing=charts.bars(rows, rtl),
        columns=[gettext("Step"), gettext("Participants")],
        rows=[[row.label, row.text] for row in rows],
        note=note,
    )


def _tau_label(tau: float | str, primary: float) -> str:
    if tau == ANY_INCREASE:
        label = gettext("τ: any change")
    else:
        label = gettext("τ = %(tau)s") % {"tau": format_count(tau)}
    if tau == primary:
        label = gettext("%(label)s (in use)") % {"label": label}
    return label


def sensitivity_chart(obj1: IndicatorResult, thresholds: Thresholds, rtl: bool = False) -> Chart:
    """(c) OBJ-1's share improved at each sensitivity threshold τ (scale points of ΔS)."""
    rows, table = [], []
    for row in obj1.details.get("sensitivity", []):
        label = _tau_label(row["tau"], thresholds.tau)
        value = format_share(row["value"])
        rows.append(
            charts.ScaleRow(
                label,
                row["value"],
                value,
                row["ci_low"],
                row["ci_high"],
                thresholds.obj1_target,
            )
        )
        table.append(
            [
                label,
                format_count(row["improved"]),
                format_count(row["unchanged"]),
                format_count(row["declined"]),
                format_count(row["denominator"]),
                value,
                format_interval(row["ci_low"], row["ci_high"]),
            ]
        )
    return Chart(
        slug="sensitivity",
        title=gettext("OBJ-1: share improved at other thresholds τ"),
        description=gettext(
            "Share of analysed participants who improved, by the rise in self-rating "
            "(scale points) that counts as improvement; target %(target)s: %(values)s."
        )
        % {
            "target": format_share(thresholds.obj1_target),
            "values": "; ".join(f"{row.label} {row.text}" for row in rows),
        },
        drawing=charts.scale(rows, _ticks(), rtl),
        columns=[
            gettext("Threshold"),
            gettext("Improved"),
            gettext("Unchanged"),
            pgettext("change in a participant's score", "Declined"),
            gettext("Analysed"),
            gettext("Share improved"),
            interval_heading(thresholds),
        ],
        rows=table,
        keys=_scale_keys(thresholds),
    )


SCALE_POINTS = (1, 2, 3, 4, 5)


def distribution_chart(op4: IndicatorResult, rtl: bool = False) -> Chart:
    """(d) OP-4's answers to the usefulness item, 1 to 5 and "can't judge", every workshop
    in scope together."""
    counts = dict.fromkeys(SCALE_POINTS, 0)
    cant_judge = missing = 0
    for workshop in op4.details.get("distribution", {}).values():
        for point, count in workshop["counts"].items():
            counts[int(point)] = counts.get(int(point), 0) + count
        cant_judge += workshop.get("cant_judge", 0)
        missing += workshop.get("missing", 0)
    rows = [
        charts.BarRow(str(point), counts[point], format_count(counts[point])) for point in counts
    ]
    rows.append(charts.BarRow(gettext("Can't judge"), cant_judge, format_count(cant_judge)))
    top_box = op4.details.get("top_box", 4)
    return Chart(
        slug="usefulness",
        title=gettext("OP-4: how useful participants found the workshop"),
        description=gettext(
            "Answers from 1 (not at all useful) to 5 (extremely useful); %(top)s and above "
            "count as useful: %(values)s."
        )
        % {"top": top_box, "values": "; ".join(f"{row.label}: {row.text}" for row in rows)},
        drawing=charts.bars(rows, rtl),
        columns=[gettext("Answer"), gettext("Respondents")],
        rows=[[row.label, row.text] for row in rows],
        note=gettext("Submitted without an answer to this item: %(missing)s.")
        % {"missing": format_count(missing)},
    )


# --- Breakdown tables ---


@dataclass(frozen=True)
class BreakdownRow:
    group: str
    counts: tuple[str, ...]
    value: str | None  # None: the group is below the minimum, counts only
    interval: str


@dataclass(frozen=True)
class Breakdown:
    dimension: str
    title: str
    columns: tuple[str, ...]
    value_column: str
    rows: tuple[BreakdownRow, ...]


def breakdowns(result: IndicatorResult, labels: Labels) -> list[Breakdown]:
    """OBJ-1's or OP-4's disaggregation tables; a group whose denominator is below the
    minimum has value None in the result, and shows its counts only."""
    columns, value_column = BREAKDOWN_COLUMNS[result.id]
    tables = []
    for dimension, title in BREAKDOWN_DIMENSIONS:
        rows = []
        for row in result.disaggregations.get(dimension, []):
            value = row.get("value")
            rows.append(
                BreakdownRow(
                    group=labels.group(dimension, row.get("group", "")),
                    counts=tuple(format_count(row.get(key, 0)) for key, _label in columns),
                    value=None if value is None else format_share(value),
                    interval=format_interval(row.get("ci_low"), row.get("ci_high")),
                )
            )
        rows.sort(key=lambda row: row.group.casefold())
        tables.append(
            Breakdown(
                dimension=dimension,
                title=str(title),
                columns=tuple(str(label) for _key, label in columns),
                value_column=str(value_column),
                rows=tuple(rows),
            )
        )
    return tables


# --- The page ---


def dashboard_data(
    pairs: Sequence[tuple[Any, IndicatorResult]],
    thresholds: Thresholds,
    labels: Labels,
    rtl: bool = False,
) -> dict[str, Any]:
    """Everything the template shows, from compute_indicators()'s pairs."""
    by_id = {result.id: result for _indicator, result in pairs}
    chart_list = [share_chart(pairs, thresholds, rtl)]
    if "OBJ-1" in by_id:
        obj1 = by_id["OBJ-1"]
        chart_list += [flow_chart(obj1, rtl), sensitivity_chart(obj1, thresholds, rtl)]
    if "OP-4" in by_id:
        chart_list.append(distribution_chart(by_id["OP-4"], rtl))
    return {
        "strip": strip(pairs, indicator_summary(pairs, thresholds)),
        "cards": cards(pairs, labels),
        "charts": chart_list,
        "breakdown_sections": [
            (indicator_id, breakdowns(by_id[indicator_id], labels))
            for indicator_id in BREAKDOWN_COLUMNS
            if indicator_id in by_id
        ],
        "min_n": thresholds.min_n,
        "interval_heading": interval_heading(thresholds),
        "status_labels": [(code, str(label)) for code, label in STATUS_LABELS.items()],
    }
