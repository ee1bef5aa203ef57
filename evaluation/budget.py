"""The budget: the project document's plan (CDIP/32/6 REV), its six-quarter timeline, and plan
against actual spending by output, by cost category and by quarter.

Every figure is computed from the database (an evaluator may revise the plan in the admin); the
constants below are the defaults the data migration loads.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.apps import apps as global_apps
from django.db.models import Sum

from .models import BudgetActual, BudgetLine, CostCategory, Output, Quarter

# CHF, all non-personnel.
PLAN_BY_OUTPUT: dict[str, Decimal] = {
    Output.SCOPING_STUDY.value: Decimal("30000"),
    Output.WORKSHOP.value: Decimal("95000"),
    Output.EXPERTS.value: Decimal("10000"),
    Output.AWARENESS_TOOLS.value: Decimal("40000"),
    Output.REVIEW.value: Decimal("15000"),
    Output.SIDE_EVENT.value: Decimal("15000"),
}
PLAN_BY_CATEGORY: dict[str, Decimal] = {
    CostCategory.STAFF_MISSIONS.value: Decimal("20000"),
    CostCategory.THIRD_PARTY_TRAVEL.value: Decimal("50000"),
    CostCategory.CONFERENCES.value: Decimal("20000"),
    CostCategory.PUBLISHING.value: Decimal("10000"),
    CostCategory.INDIVIDUAL_SERVICES.value: Decimal("85000"),
    CostCategory.OTHER_SERVICES.value: Decimal("20000"),
}

QUARTERS: list[str] = [quarter.value for quarter in Quarter]

# Which output runs in which quarter (the project document's timeline).
TIMELINE: dict[str, tuple[str, ...]] = {
    Output.SCOPING_STUDY.value: ("y1q1", "y1q2"),
    Output.WORKSHOP.value: ("y1q3",),
    Output.EXPERTS.value: ("y1q2", "y1q3", "y1q4", "y2q1"),
    Output.AWARENESS_TOOLS.value: ("y1q3", "y1q4", "y2q1"),
    Output.REVIEW.value: ("y2q2",),
    Output.SIDE_EVENT.value: ("y2q2",),
}

# The plan splits the awareness tools by year (20,000 each); every other output is spread
# evenly over its quarters. Shares, so a revised amount keeps the same split.
YEAR_SHARES: dict[str, dict[str, Fraction]] = {
    Output.AWARENESS_TOOLS.value: {"y1": Fraction(1, 2), "y2": Fraction(1, 2)},
}

CENT = Decimal("0.01")


@dataclass(frozen=True)
class BudgetRow:
    """One heading of the plan (an output, a cost category or a quarter) and its spending."""

    key: str
    label: str
    planned: Decimal
    actual: Decimal

    @property
    def utilisation(self) -> float | None:
        """Actual ÷ planned; None where nothing was planned."""
        if not self.planned:
            return None
        return float(self.actual / self.planned)

    @property
    def utilisation_percent(self) -> float | None:
        share = self.utilisation
        return None if share is None else round(share * 100, 1)


@dataclass(frozen=True)
class QuarterRow(BudgetRow):
    """A quarter: the outputs the timeline runs in it and the plan phased over the quarters."""

    outputs: tuple[str, ...] = ()
    cumulative_planned: Decimal = Decimal("0")
    cumulative_actual: Decimal = Decimal("0")
    output_labels: tuple[str, ...] = ()


def load_budget_plan(apps: Any = global_apps) -> int:
    """Create the plan's missing lines (one per output, one per cost category); lines already
    there keep their amounts. Takes the app registry for the data migration's historical
    models. Returns the number of lines created."""
    line_model = apps.get_model("evaluation", "BudgetLine")
    existing = set(line_model.objects.values_list("output", "cost_category"))
    lines = [
        line_model(output=output, cost_category="", planned_chf=amount)
        for output, amount in PLAN_BY_OUTPUT.items()
        if (output, "") not in existing
    ] + [
        line_model(output="", cost_category=category, planned_chf=amount)
        for category, amount in PLAN_BY_CATEGORY.items()
        if ("", category) not in existing
    ]
    line_model.objects.bulk_create(lines)
    return len(lines)


def _rows(
    choices: Iterable[tuple[str, str]], planned: dict[str, Decimal], actual: dict[str, Decimal]
) -> list[BudgetRow]:
    return [
        BudgetRow(
            key=key,
            label=str(label),
            planned=planned.get(key) or Decimal("0"),
            actual=actual.get(key) or Decimal("0"),
        )
        for key, label in choices
    ]


def _planned(heading: str) -> dict[str, Decimal]:
    """Planned amounts keyed by output or by cost category (one query)."""
    other = "cost_category" if heading == "output" else "output"
    return dict(
        BudgetLine.objects.filter(**{other: ""})
        .exclude(**{heading: ""})
        .values_list(heading, "planned_chf")
    )


def _spent(heading: str) -> dict[str, Decimal]:
    """Actual spending summed by output, cost category or quarter (one query)."""
    return dict(
        BudgetActual.objects.order_by()
        .values(heading)
        .annotate(total=Sum("amount_chf"))
        .values_list(heading, "total")
    )


def utilisation_by_output() -> list[BudgetRow]:
    """Plan and spending per output, in the plan's order (two queries)."""
    return _rows(Output.choices, _planned("output"), _spent("output"))


def utilisation_by_category() -> list[BudgetRow]:
    """Plan and spending per cost category, in the plan's order (two queries)."""
    return _rows(CostCategory.choices, _planned("cost_category"), _spent("cost_category"))


def quarter_weights(output: str) -> dict[str, Fraction]:
    """The share of an output's plan falling in each of its quarters (shares sum to 1)."""
    quarters = TIMELINE.get(output, ())
    if not quarters:
        return {}
    by_year: dict[str, list[str]] = {}
    for quarter in quarters:
        by_year.setdefault(quarter[:2], []).append(quarter)
    year_shares = YEAR_SHARES.get(output) or {
        year: Fraction(len(in_year), len(quarters)) for year, in_year in by_year.items()
    }
    return {
        quarter: year_shares[year] / len(in_year)
        for year, in_year in by_year.items()
        for quarter in in_year
    }


def phase_plan(plan_by_output: dict[str, Decimal]) -> dict[str, Decimal]:
    """Each output's planned amount spread over the quarters the timeline runs it in, to the
    cent; rounding is settled in the output's last quarter so the quarters add up exactly."""
    phased = dict.fromkeys(QUARTERS, Decimal("0"))
    for output, amount in plan_by_output.items():
        weights = quarter_weights(output)
        if not weights:
            continue
        *first, last = weights
        placed = Decimal("0")
        for quarter in first:
            weight = weights[quarter]
            part = (amount * weight.numerator / weight.denominator).quantize(CENT)
            phased[quarter] += part
            placed += part
        phased[last] += amount - placed
    return phased


def outputs_in_quarter(quarter: str) -> tuple[str, ...]:
    """The outputs the timeline runs in a quarter, in the plan's order."""
    return tuple(output for output, _label in Output.choices if quarter in TIMELINE[output])


def spending_by_quarter() -> list[QuarterRow]:
    """Per quarter: the phased plan, the spending, and both cumulated (two queries).

    The plan gives no amounts per quarter: the phasing is an estimate from the timeline."""
    phased = phase_plan(_planned("output"))
    spent = _spent("quarter")
    labels = dict(Output.choices)
    rows: list[QuarterRow] = []
    cumulative_planned = cumulative_actual = Decimal("0")
    for quarter, label in Quarter.choices:
        actual = spent.get(quarter) or Decimal("0")
        cumulative_planned += phased[quarter]
        cumulative_actual += actual
        outputs = outputs_in_quarter(quarter)
        rows.append(
            QuarterRow(
                key=quarter,
                label=str(label),
                planned=phased[quarter],
                actual=actual,
                outputs=outputs,
                cumulative_planned=cumulative_planned,
                cumulative_actual=cumulative_actual,
                output_labels=tuple(str(labels[output]) for output in outputs),
            )
        )
    return rows


def total(rows: Sequence[BudgetRow], label: str) -> BudgetRow:
    """The rows summed into one."""
    return BudgetRow(
        key="total",
        label=label,
        planned=sum((row.planned for row in rows), Decimal("0")),
        actual=sum((row.actual for row in rows), Decimal("0")),
    )


def notes_by_quarter() -> dict[str, list[str]]:
    """The evaluators' notes on their entries, per quarter, each followed by the entry's
    output and cost category (one query)."""
    labels = {**dict(Output.choices), **dict(CostCategory.choices)}
    notes: dict[str, list[str]] = {}
    entries = BudgetActual.objects.exclude(note="").values_list(
        "quarter", "output", "cost_category", "note"
    )
    for quarter, output, category, note in entries:
        where = f"{labels.get(output, output)}, {labels.get(category, category)}"
        notes.setdefault(quarter, []).append(f"{note} ({where})")
    return notes
