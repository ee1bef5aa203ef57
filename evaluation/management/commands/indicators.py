"""python manage.py indicators [--json] [--cohort SLUG]: the computed indicator table."""

import json
from typing import Any

from django.core.management.base import BaseCommand

from ...indicators.summary import MILESTONE, SHARE, indicator_summary
from ...registry import compute_indicators, default_scope, thresholds_from_settings
from ..cohorts import add_cohort_argument, check_cohorts

JSON_HELP = (
    "Print a JSON list, one object per indicator, each with the same keys (null where a figure "
    "does not apply): id, level, kind (share, count or milestone), kirkpatrick; value (a share "
    "0-1, a count, or 1/0 for a milestone reached or not), target (the share or count due, or "
    "its word), target_value (the target on the value's scale), status; numerator, "
    "denominator, n (a share's denominator), ci_low, ci_high, confidence (Wilson interval); "
    "sign_test_p, wilcoxon_p, wilcoxon_r (OBJ-1's paired tests); ceiling_excluded (OBJ-1, "
    "matched at the ceiling, left out of n); cant_judge (OP-4, left out of n); invalid (OBJ-1: "
    "PRE or POST below the validity share; OP-4: submitted without a usable answer); "
    "statistics (the review workbook's other key figures of the indicator, by name)."
)


class Command(BaseCommand):
    help = (
        "Compute the project's nine indicators from the survey data and the site; the same "
        "figures as the dashboard's summary strip and the review workbook."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help=JSON_HELP)
        add_cohort_argument(parser)

    def handle(self, *args, json: bool = False, cohort=None, **options):
        check_cohorts(cohort)
        thresholds = thresholds_from_settings()
        results = compute_indicators(default_scope(cohorts=cohort or None), thresholds)
        rows = indicator_summary(results, thresholds)
        if json:
            self.stdout.write(_dumps(rows))
            return
        self.stdout.write(
            f"{'id':<6} {'level':<10} {'value':>11} {'target':>22} {'n/d':>9} "
            f"{'95% CI':>15}  status"
        )
        for row in rows:
            self.stdout.write(_line(row))


def _dumps(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, indent=2, ensure_ascii=False)


def value_text(value: float | None, kind: str) -> str:
    """A value as its kind reads (as on the dashboard, in plain ASCII digits)."""
    if value is None:
        return "—"
    if kind == SHARE:
        return f"{value:.1%}"
    if kind == MILESTONE:
        return "reached" if value >= 1 else "not reached"
    return f"{value:g}"


def _line(row: dict[str, Any]) -> str:
    target = row["target"]
    target = value_text(target, row["kind"]) if isinstance(target, float) else str(target)
    n_d = "" if row["numerator"] is None else f"{row['numerator']}/{row['denominator'] or '—'}"
    ci = "" if row["ci_low"] is None else f"{row['ci_low']:.1%}–{row['ci_high']:.1%}"
    return (
        f"{row['id']:<6} {row['level']:<10} {value_text(row['value'], row['kind']):>11} "
        f"{target[:22]:>22} {n_d:>9} {ci:>15}  {row['status']}"
    )
