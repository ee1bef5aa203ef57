"""The site's editorial roles, as Django groups.

Groups exist from the first migration on (post_migrate); page rights are attached to each
language's home page once that page exists (load_demo, or an editor creating the tree).
Later features add their own model permissions to these groups.
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Locale, Page

COMMUNICATIONS_EDITORS = "Communications editors"
REVIEWERS = "Reviewers"
TRANSLATORS_PREFIX = "Translators"

# Wagtail page permission codenames each role holds on its part of the tree.
EDITOR_PAGE_RIGHTS = ("add_page", "change_page", "publish_page")
REVIEWER_PAGE_RIGHTS = ("change_page", "publish_page")
TRANSLATOR_PAGE_RIGHTS = ("change_page",)


def translators_group_name(language_code: str) -> str:
    return f"{TRANSLATORS_PREFIX} ({language_code})"


def source_language() -> str:
    return settings.WAGTAIL_CONTENT_LANGUAGES[0][0]


def ensure_groups(**kwargs) -> list[Group]:
    """Create the editorial groups with access to the Wagtail admin; safe to run again."""
    codes = [COMMUNICATIONS_EDITORS, REVIEWERS] + [
        translators_group_name(code)
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
        if code != source_language()
    ]
    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    groups = []
    for name in codes:
        group, _created = Group.objects.get_or_create(name=name)
        if access_admin is not None:
            group.permissions.add(access_admin)
        groups.append(group)
    return groups


def grant_page_rights(home_pages: list[Page]) -> None:
    """Editors and reviewers on every language's tree; each translator group on its own only."""
    ensure_groups()
    rights = {code: Permission.objects.get(codename=code) for code in EDITOR_PAGE_RIGHTS}
    for home in home_pages:
        grants = [(COMMUNICATIONS_EDITORS, EDITOR_PAGE_RIGHTS), (REVIEWERS, REVIEWER_PAGE_RIGHTS)]
        language = home.locale.language_code
        if language != source_language():
            grants.append((translators_group_name(language), TRANSLATOR_PAGE_RIGHTS))
        for group_name, codenames in grants:
            group = Group.objects.get(name=group_name)
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=home, permission=rights[codename]
                )


def ensure_locales() -> list[Locale]:
    """One Locale row per content language (the default one exists from Wagtail's migration)."""
    return [
        Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
    ]
