"""The site's editorial roles, as Django groups.

Groups exist from the first migration on (post_migrate); page rights are attached to each
language's home page once that page exists (load_demo, or an editor creating the tree).
Later features add their own model permissions to these groups.
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

COMMUNICATIONS_EDITORS = "Communications editors"
REVIEWERS = "Reviewers"
TRANSLATORS_PREFIX = "Translators"

REVIEW_WORKFLOW = "Review and publish"

# Wagtail's own migrations create these two groups with page rights on the root page, i.e. in
# every language's tree, around the per-language roles above. Their rights are moved to the
# home pages of the languages named here (None: the source language only).
WAGTAIL_DEFAULT_GROUPS: dict[str, tuple[str, ...] | None] = {"Editors": None, "Moderators": None}

# Wagtail page permission codenames each role holds on its part of the tree. Editors cannot
# publish: their pages go through the review workflow, where Reviewers approve and publish.
# A translator publishes their own language's tree: wagtail-localize's translation editor
# offers no workflow step, and nobody else on the team can check an Arabic or Russian text.
EDITOR_PAGE_RIGHTS = ("add_page", "change_page")
REVIEWER_PAGE_RIGHTS = ("change_page", "publish_page")
TRANSLATOR_PAGE_RIGHTS = ("change_page", "publish_page")
ALL_PAGE_RIGHTS = ("add_page", "change_page", "publish_page")

# Model permissions: (app_label, codename).
EDITOR_MODEL_RIGHTS = [
    ("cms", "add_stakeholdergroup"),
    ("cms", "add_topic"),
    ("wagtail_localize", "submit_translation"),
    ("cms", "view_experiencesubmission"),
    ("cms", "change_experiencesubmission"),
]
# Translatable snippets: translators hold these too, but only for their language's rows
# (cms.permissions.LocalePermissionPolicy narrows them per instance).
TRANSLATABLE_SNIPPET_RIGHTS = [
    ("cms", "change_stakeholdergroup"),
    ("cms", "change_topic"),
    ("cms", "change_sitefooter"),
]
# Participant-facing texts of the surveys plugin, when installed: translators translate the
# instruments into their language (the same per-language limit applies); evaluators own them.
TRANSLATOR_EXTRA_RIGHTS = [
    ("surveys", "change_instrument"),
    ("surveys", "change_invitationmessage"),
]
# Image and document rights on the root collection.
EDITOR_MEDIA_RIGHTS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
VIEWER_MEDIA_RIGHTS = [("wagtailimages", "choose_image"), ("wagtaildocs", "choose_document")]
# Translators upload their language's own infographic file or document (an override segment).
TRANSLATOR_MEDIA_RIGHTS = VIEWER_MEDIA_RIGHTS + [
    ("wagtailimages", "add_image"),
    ("wagtaildocs", "add_document"),
]


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


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _existing_permissions(pairs: list[tuple[str, str]]) -> list[Permission]:
    """Those of the permissions that exist. Some are made by other apps' data migrations
    (wagtail_localize.submit_translation) and are absent from a database emptied by a flush."""
    found = []
    for app_label, codename in pairs:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            found.append(permission)
    return found


def grant_page_rights(home_pages: list[Page]) -> None:
    """Rights on every language's tree (each translator group on its own only), media and
    terms for editors, and the review workflow on each tree."""
    ensure_groups()
    rights = {code: _permission("wagtailcore", code) for code in ALL_PAGE_RIGHTS}
    editors = Group.objects.get(name=COMMUNICATIONS_EDITORS)
    reviewers = Group.objects.get(name=REVIEWERS)
    for home in home_pages:
        grants = [(editors, EDITOR_PAGE_RIGHTS), (reviewers, REVIEWER_PAGE_RIGHTS)]
        language = home.locale.language_code
        if language != source_language():
            translators = Group.objects.get(name=translators_group_name(language))
            grants.append((translators, TRANSLATOR_PAGE_RIGHTS))
        for group, codenames in grants:
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=home, permission=rights[codename]
                )
            # The role is what these lists say: a right granted earlier and since withdrawn
            # (editors used to publish) goes.
            GroupPagePermission.objects.filter(group=group, page=home).exclude(
                permission__codename__in=codenames
            ).delete()
    editors.permissions.add(
        *_existing_permissions(EDITOR_MODEL_RIGHTS + TRANSLATABLE_SNIPPET_RIGHTS)
    )
    translator_groups = list(Group.objects.filter(name__startswith=TRANSLATORS_PREFIX))
    for group in translator_groups:
        group.permissions.add(
            *_existing_permissions(TRANSLATABLE_SNIPPET_RIGHTS + TRANSLATOR_EXTRA_RIGHTS)
        )
    # A database emptied by a flush has lost Wagtail's migrated root collection too.
    root_collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    for group, media_rights in [
        (editors, EDITOR_MEDIA_RIGHTS),
        (reviewers, VIEWER_MEDIA_RIGHTS),
        *[(group, TRANSLATOR_MEDIA_RIGHTS) for group in translator_groups],
    ]:
        for right in media_rights:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=_permission(*right)
            )
    ensure_review_workflow(home_pages, reviewers)
    confine_default_groups(home_pages)


def confine_default_groups(
    home_pages: list[Page], languages: dict[str, tuple[str, ...] | None] | None = None
) -> None:
    """Move Wagtail's default groups' page rights (whatever codenames they hold) from wherever
    they are (the root page) to the home pages of their languages; safe to run again."""
    for name, codes in (languages or WAGTAIL_DEFAULT_GROUPS).items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        allowed_codes = codes or (source_language(),)
        allowed = [home for home in home_pages if home.locale.language_code in allowed_codes]
        held = GroupPagePermission.objects.filter(group=group)
        permissions = {grant.permission for grant in held.select_related("permission")}
        for home in allowed:
            for permission in permissions:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=home, permission=permission
                )
        # The root (depth 1) spans every tree; any other page counts by its own language.
        held.filter(Q(page__depth=1) | ~Q(page__locale__language_code__in=allowed_codes)).delete()


def ensure_review_workflow(home_pages: list[Page], reviewers: Group) -> Workflow:
    """One approval step by the Reviewers group, on every language's tree."""
    workflow, _created = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW)
    if not workflow.workflow_tasks.exists():
        task = GroupApprovalTask.objects.create(name="Reviewers approve and publish")
        task.groups.set([reviewers])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for home in home_pages:
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return workflow


def ensure_locales() -> list[Locale]:
    """One Locale row per content language (the default one exists from Wagtail's migration)."""
    return [
        Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
    ]
