"""One row per indicator with the statistics the review workbook reports, as plain JSON-safe
values: `indicators --json` prints these rows and the dashboard's summary strip is drawn from
them, so the two cannot disagree.

Every row has the same keys (None where a figure does not apply to the indicator):

- id, level, kind ("share", "count" or "milestone"), kirkpatrick;
- value (a share 0–1, a count, or 1/0 for a milestone reached or not), target (the share or
  count due, or the indicator's word for it), target_value (the target on the value's scale,
  None when it is a word), status;
- numerator, denominator, n (what a share is computed over: its denominator), ci_low, ci_high
  and confidence (the Wilson interval and its level);
- sign_test_p, wilcoxon_p, wilcoxon_r (OBJ-1's paired tests of the change, two-sided);
- ceiling_excluded (OBJ-1: matched participants at the ceiling, left out of n);
- cant_judge (OP-4: answered "can't judge", left out of n);
- invalid (OBJ-1: PRE or POST responses below the validity share; OP-4: submitted without a
  usable answer to the usefulness item);
- statistics: the indicator's other key figures of the workbook, by name.
"""

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise

from .result import IndicatorResult
from .thresholds import Thresholds

SHARE, COUNT, MILESTONE = "share", "count", "milestone"

# How each indicator's value reads. A share whose target is a word ("every region", "every
# kind in every language") is due in full: its target is 100 %.
KINDS = {
    "OBJ-1": SHARE,
    "OUT-1": COUNT,
    "OUT-2": COUNT,
    "OP-1": MILESTONE,
    "OP-2": MILESTONE,
    "OP-3": COUNT,
    "OP-4": SHARE,
    "OP-5": SHARE,
    "OP-6": SHARE,
}

FIELDS = (
    "id",
    "level",
    "kind",
    "kirkpatrick",
    "value",
    "target",
    "target_value",
    "status",
    "numerator",
    "denominator",
    "n",
    "ci_low",
    "ci_high",
    "confidence",
    "sign_test_p",
    "wilcoxon_p",
    "wilcoxon_r",
    "ceiling_excluded",
    "cant_judge",
    "invalid",
    "statistics",
)

# The workbook's key figures of each indicator (evaluation/workbook/indicator_sheets.py).
_OBJ1_FIGURES = (
    "improved",
    "unchanged",
    "declined",
    "mean_delta_s",
    "median_delta_s",
    "class_gain",
    "class_gain_n",
    "match_rate",
    "conservative",
    "lower_bound",
    "sensitivity",
)
_OP4_FIGURES = (
    "participants",
    "respondents",
    "response_rate",
    "low_response",
    "valid",
    "top_two",
    "cant_judge",
    "missing",
    "sensitivity_value",
    "sensitivity_ci_low",
    "sensitivity_ci_high",
)
_OUT1_FIGURES = (
    "participating_offices",
    "responding_offices",
    "reporting_offices",
    "conflicting_offices",
    "respondents",
    "share",
    "share_of_responding",
    "response_rate",
    "documents",
)
_OUT2_FIGURES = (
    "experts",
    "countries",
    "regions",
    "regions_total",
    "regions_without_experts",
    "requests",
)
_MILESTONE_FIGURES = ("date", "date_source", "evidence", "reference")


def kind_of(result: IndicatorResult) -> str:
    return KINDS.get(result.id, SHARE if isinstance(result.target, float) else COUNT)


def json_safe(value: Any) -> Any:
    """Dates as ISO strings, lazy texts as strings, tuples as lists, numbers as int/float."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float | Decimal):
        return float(value)
    if isinstance(value, datetime.date):  # datetimes too
        return value.isoformat()
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, Mapping):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(item) for item in value]
    if hasattr(value, "item"):  # a NumPy scalar
        return value.item()
    return str(value)


def target_value(result: IndicatorResult) -> float | None:
    """The target on the value's scale: the share or count due; 1 for a milestone and for a
    share due in full ("every …"); None for a count only reported (OUT-1, OUT-2)."""
    kind = kind_of(result)
    if isinstance(result.target, int | float):
        return float(result.target)
    if kind in (MILESTONE, SHARE):
        return 1.0
    return None


def _statistics(result: IndicatorResult) -> dict[str, Any]:
    d = result.details
    pick = {
        "OBJ-1": _OBJ1_FIGURES,
        "OP-4": _OP4_FIGURES,
        "OUT-1": _OUT1_FIGURES,
        "OUT-2": _OUT2_FIGURES,
        "OP-1": _MILESTONE_FIGURES,
        "OP-2": _MILESTONE_FIGURES,
    }.get(result.id, ())
    figures = {name: d.get(name) for name in pick if name in d}
    if result.id == "OBJ-1":
        flow = d.get("flow", {})
        figures.update(
            {
                "enrolled": flow.get("enrolled"),
                "matched": flow.get("matched"),
                "analysed": flow.get("analysed"),
                "excluded": flow.get("excluded", {}),
                "ceiling": d.get("ceiling", {}),
            }
        )
    elif result.id == "OP-3":
        figures["workshops"] = d.get("workshops", [])
    elif result.id == "OUT-2" and "per_region" in d:
        figures["per_region"] = {code: experts for code, experts in d["per_region"]}
    elif result.id == "OP-5":
        figures["per_region"] = {code: experts for code, experts in d.get("per_region", [])}
    elif result.id == "OP-6":
        figures["missing"] = d.get("missing", [])
        if d.get("reason"):
            figures["reason"] = d["reason"]
    return figures


def _invalid(result: IndicatorResult) -> int | None:
    if result.id == "OBJ-1":
        excluded = result.details.get("flow", {}).get("excluded", {})
        if not excluded:
            return None
        return excluded.get("invalid_pre", 0) + excluded.get("invalid_post", 0)
    if result.id == "OP-4":
        return result.details.get("missing")
    return None


def summary_row(result: IndicatorResult, thresholds: Thresholds | None = None) -> dict[str, Any]:
    """The row of one indicator (see the module's docstring for its keys)."""
    kind = kind_of(result)
    details = result.details
    obj1 = result.id == "OBJ-1"
    row = {
        "id": result.id,
        "level": result.level,
        "kind": kind,
        "kirkpatrick": result.kirkpatrick,
        "value": result.value,
        "target": result.target,
        "target_value": target_value(result),
        "status": result.status,
        "numerator": result.numerator,
        "denominator": result.denominator,
        "n": result.denominator if kind == SHARE else None,
        "ci_low": result.ci_low,
        "ci_high": result.ci_high,
        "confidence": (thresholds or Thresholds()).confidence,
        "sign_test_p": details.get("sign_test_p") if obj1 else None,
        "wilcoxon_p": details.get("wilcoxon_p") if obj1 else None,
        "wilcoxon_r": details.get("wilcoxon_r") if obj1 else None,
        "ceiling_excluded": details.get("flow", {}).get("ceiling") if obj1 else None,
        "cant_judge": details.get("cant_judge") if result.id == "OP-4" else None,
        "invalid": _invalid(result),
        "statistics": _statistics(result),
    }
    return json_safe(row)


def indicator_summary(
    results: Sequence[tuple[Any, IndicatorResult]] | Sequence[IndicatorResult],
    thresholds: Thresholds | None = None,
) -> list[dict[str, Any]]:
    """One summary row per indicator, in the order given; accepts compute_indicators()'s
    (indicator, result) pairs or bare results."""
    bare = [item[1] if isinstance(item, tuple) else item for item in results]
    return [summary_row(result, thresholds) for result in bare]
