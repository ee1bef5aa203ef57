"""The Evaluators group: the only role that will see participants' personal data, and the one
that keeps the evaluation's data (regions, milestones, budget, experts, thresholds)."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

EVALUATORS = "Evaluators"

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
    # auth makes the model permissions in its own post_migrate receiver, which may run after
    # this one: make them now so they can be granted on a fresh database.
    create_permissions(global_apps.get_app_config("evaluation"), verbosity=0, using=using)
    group, _created = Group.objects.using(using).get_or_create(name=EVALUATORS)
    for app_label, codename in EVALUATOR_RIGHTS:
        permission = (
            Permission.objects.using(using)
            .filter(content_type__app_label=app_label, codename=codename)
            .first()
        )
        if permission is not None:
            group.permissions.add(permission)
    return group
