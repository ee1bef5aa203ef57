"""The Evaluators group: the only role that will see participants' personal data, and the one
that keeps the evaluation's data (regions, milestones, budget, thresholds). The expert roster
and the assistance requests belong to the Coordinators (experts.roles): evaluators see them
as counts only."""

from django.contrib.auth.models import Group

from surveys.roles import EVALUATORS, grant_rights

__all__ = ["EVALUATORS", "EVALUATOR_RIGHTS", "ensure_evaluators_group"]

# (app_label, codename)
EVALUATOR_RIGHTS = [
    ("wagtailadmin", "access_admin"),
    *[
        (app, f"{action}_{model}")
        for app, model in (
            ("regions", "region"),
            ("regions", "countryregion"),
            ("evaluation", "milestone"),
            ("evaluation", "budgetline"),
            ("evaluation", "budgetactual"),
        )
        for action in ("add", "change", "delete", "view")
    ],
    # A generic setting has one row: changing it is all there is.
    ("evaluation", "change_evaluationsettings"),
]


def ensure_evaluators_group(using: str = "default", **kwargs) -> Group:
    """Create the Evaluators group with the evaluation rights; safe to run again."""
    return grant_rights("evaluation", EVALUATOR_RIGHTS, using)
