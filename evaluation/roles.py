"""The Evaluators group: the only role that will see participants' personal data."""

from django.contrib.auth.models import Group, Permission

EVALUATORS = "Evaluators"


def ensure_evaluators_group(**kwargs) -> Group:
    group, _created = Group.objects.get_or_create(name=EVALUATORS)
    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access_admin is not None:
        group.permissions.add(access_admin)
    return group
