"""The Evaluators group's rights on the surveys: the only role that sees participants'
personal data and their personal links.

The group serves both apps; surveys never imports evaluation, so the group and the way
rights are granted live here and the evaluation app grants its own rights through them.
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
        for model in ("instrument", "invitationmessage", "cohort", "participant")
        for action in ("add", "change", "delete", "view")
    ],
    ("surveys", "view_submission"),
    # Made by a wagtail-localize data migration: absent after a flush, so optional.
    ("wagtail_localize", "submit_translation"),
]


def grant_evaluator_rights(using: str = "default", **kwargs) -> Group:
    """Give the Evaluators group the surveys rights; safe to run again."""
    return grant_rights("surveys", EVALUATOR_RIGHTS, using)


def grant_rights(
    app_label: str,
    rights: list[tuple[str, str]],
    using: str = "default",
    group_name: str = EVALUATORS,
) -> Group:
    """Create the group (Evaluators by default) if missing and give it `rights` ((app_label,
    codename)); a right whose permission does not exist (yet) is skipped. Safe to run again."""
    # auth makes the model permissions in its own post_migrate receiver, which may run after
    # the caller's: make them now, for every app named, so they can be granted on a fresh
    # database.
    for label in sorted({app_label, *(right_app for right_app, _codename in rights)}):
        try:
            config = global_apps.get_app_config(label)
        except LookupError:  # an app the host site does not install
            continue
        create_permissions(config, verbosity=0, using=using)
    group, _created = Group.objects.using(using).get_or_create(name=group_name)
    for right_app, codename in rights:
        permission = (
            Permission.objects.using(using)
            .filter(content_type__app_label=right_app, codename=codename)
            .first()
        )
        if permission is not None:
            group.permissions.add(permission)
    return group
