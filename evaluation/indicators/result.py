"""What every indicator returns, and the disaggregation tables they share."""

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from .stats import share_with_interval
from .thresholds import Thresholds

# The dimensions every participant-level indicator is broken down by (DESIGN).
DIMENSIONS = (
    "region",
    "country",
    "sex",
    "office_type",
    "stakeholder_group",
    "language",
    "cohort",
)


@dataclass
class IndicatorResult:
    id: str  # "OBJ-1", "OP-4", "OUT-1", …
    level: str  # "objective", "outcome" or "output"
    value: float | None  # None when there is not enough data to show one
    target: float | str  # a share (0.60) or a word ("reported")
    status: str  # see stats.status, or "reported"
    numerator: int | None = None
    denominator: int | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    kirkpatrick: int | None = None  # evaluation level: 1 reaction, 2 learning, 3–4 behaviour
    details: dict[str, Any] = field(default_factory=dict)
    disaggregations: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def disaggregate(
    units: Iterable[tuple[Mapping[str, str], Mapping[str, int]]],
    numerator: str,
    denominator: str,
    thresholds: Thresholds,
    dimensions: Iterable[str] = DIMENSIONS,
) -> dict[str, list[dict[str, Any]]]:
    """Sum each unit's counts per group of every dimension, then add the share
    numerator ÷ denominator with its Wilson interval (None when the group's denominator is
    below the minimum: such cells show counts only).

    `units` are (group of each dimension, counts) pairs, e.g.
    ({"sex": "female", …}, {"matched": 1, "n": 1, "improved": 0})."""
    dimensions = tuple(dimensions)
    tables: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in dimensions}
    for groups, counts in units:
        for name in dimensions:
            key = groups.get(name, "") or ""
            row = tables[name].setdefault(key, {"group": key})
            for count_name, count in counts.items():
                row[count_name] = row.get(count_name, 0) + count
    result = {}
    for name, rows in tables.items():
        finished = []
        for key in sorted(rows):
            row = rows[key]
            value, low, high = share_with_interval(
                row.get(numerator, 0),
                row.get(denominator, 0),
                thresholds.min_n,
                thresholds.confidence,
            )
            finished.append({**row, "value": value, "ci_low": low, "ci_high": high})
        result[name] = finished
    return result
