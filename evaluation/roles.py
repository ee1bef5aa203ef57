"""The Evaluators group: the only role that will see participants' personal data, and the one
that keeps the evaluation's data (regions, milestones, budget, experts, thresholds)."""

from django.contrib.auth.models import Group

from surveys.roles import EVALUATORS, grant_rights

__all__ = ["EVALUATORS", "EVALUATOR_RIGHTS", "ensure_evaluators_group"]

# (app_label, codename)
EVALUATOR_RIGHTS = [
    ("wagtailadmin", "access_admin"),
    *[
        ("evaluation", f"{action}_{model}")
        for model in (
            "region",
            "countryregion",
            "milestone",
            "budgetline",
            "budgetactual",
            "expert",
        )
        for action in ("add", "change", "delete", "view")
    ],
    # A generic setting has one row: changing it is all there is.
    ("evaluation", "change_evaluationsettings"),
]


def ensure_evaluators_group(using: str = "default", **kwargs) -> Group:
    """Create the Evaluators group with the evaluation rights; safe to run again."""
    return grant_rights("evaluation", EVALUATOR_RIGHTS, using)
