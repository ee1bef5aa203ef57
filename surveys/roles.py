"""The Evaluators group's rights on the surveys: the only role that sees participants'
personal data and their personal links.

The group itself belongs to the evaluation app; surveys does not import it (the apps stay
independent), so the name is repeated here and the group created if missing.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

EVALUATORS = "Evaluators"

# (app_label, codename). Submissions are read only: answers come from participants.
EVALUATOR_RIGHTS = [
    ("wagtailadmin", "access_admin"),
    *[
        ("surveys", f"{action}_{model}")
        for model in ("instrument", "cohort", "participant")
        for action in ("add", "change", "delete", "view")
    ],
    ("surveys", "view_submission"),
    # Made by a wagtail-localize data migration: absent after a flush, so optional.
    ("wagtail_localize", "submit_translation"),
]


def grant_evaluator_rights(using: str = "default", **kwargs) -> Group:
    """Give the Evaluators group the surveys rights; safe to run again."""
    # auth makes the model permissions in its own post_migrate receiver, which may run after
    # this one for the surveys app: make them now so they can be granted on a fresh database.
    create_permissions(global_apps.get_app_config("surveys"), verbosity=0, using=using)
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
