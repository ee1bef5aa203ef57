"""python manage.py indicators [--json] [--cohort SLUG]: the computed indicator table."""

import json

from django.core.management.base import BaseCommand

from ...registry import compute_indicators, default_scope
from ..cohorts import add_cohort_argument, check_cohorts

FIELDS = [
    "id",
    "level",
    "value",
    "target",
    "status",
    "numerator",
    "denominator",
    "ci_low",
    "ci_high",
]


class Command(BaseCommand):
    help = "Compute the project's nine indicators from the survey data and the site."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print a JSON list of objects.")
        add_cohort_argument(parser)

    def handle(self, *args, json: bool = False, cohort=None, **options):
        check_cohorts(cohort)
        results = compute_indicators(default_scope(cohorts=cohort or None))
        rows = [{field: getattr(result, field) for field in FIELDS} for _i, result in results]
        if json:
            self.stdout.write(_dumps(rows))
            return
        self.stdout.write(
            f"{'id':<6} {'level':<10} {'value':>8} {'target':>22} {'n/d':>9} {'95% CI':>15}  status"
        )
        for row in rows:
            self.stdout.write(_line(row))


def _dumps(rows) -> str:
    return json.dumps(rows, indent=2, ensure_ascii=False, default=str)


def _share(value) -> str:
    return "—" if value is None else f"{value:.1%}" if value <= 1 else f"{value:g}"


def _line(row) -> str:
    target = row["target"]
    target = _share(target) if isinstance(target, float) else str(target)
    n_d = "" if row["numerator"] is None else f"{row['numerator']}/{row['denominator'] or '—'}"
    ci = "" if row["ci_low"] is None else f"{row['ci_low']:.1%}–{row['ci_high']:.1%}"
    return (
        f"{row['id']:<6} {row['level']:<10} {_share(row['value']):>8} {target[:22]:>22} "
        f"{n_d:>9} {ci:>15}  {row['status']}"
    )
