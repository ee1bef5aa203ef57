"""Wagtail's default Editors and Moderators groups hold page rights only in their languages'
trees (the source language in the demo), not on the root page spanning all six (issue #15)."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission, Locale, Page

from cms.models import ResourceLibraryPage
from cms.roles import confine_default_groups

pytestmark = pytest.mark.django_db


def member_of(django_user_model, group_name: str):
    user = django_user_model.objects.create_user(f"u-{group_name}", password="x")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_no_root_wide_page_right_remains():
    for name in ("Editors", "Moderators"):
        grants = GroupPagePermission.objects.filter(group__name=name)
        assert grants.exists(), name
        assert not grants.filter(page__depth=1).exists(), name
        assert set(grants.values_list("page__locale__language_code", flat=True)) == {"en"}
    assert not GroupPagePermission.objects.filter(
        group__name="Editors", permission__codename="publish_page"
    ).exists()


def test_confining_again_to_other_languages_moves_the_rights(demo_site):
    homes = list(demo_site.get_siblings())
    confine_default_groups(homes, {"Moderators": ("fr", "es")})
    languages = set(
        GroupPagePermission.objects.filter(group__name="Moderators").values_list(
            "page__locale__language_code", flat=True
        )
    )
    assert languages == {"fr", "es"}


def _publish(client, page: Page):
    """The edit form of a resource library page (title, slug, introduction), published."""
    page = page.specific
    data = {
        "title": page.title,
        "slug": page.slug,
        "introduction": page.introduction,
        "action-publish": "publish",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


def test_moderator_publishes_in_english_only(client, django_user_model, demo_site):
    client.force_login(member_of(django_user_model, "Moderators"))
    english = ResourceLibraryPage.objects.get(locale__language_code="en")
    french = english.get_translation(Locale.objects.get(language_code="fr"))
    assert client.get(f"/admin/pages/{english.pk}/edit/").status_code == 200
    refused = client.get(f"/admin/pages/{french.pk}/edit/")
    assert refused.status_code in (302, 403)

    before = french.latest_revision_id
    response = _publish(client, french)
    assert response.status_code in (302, 403)
    french.refresh_from_db()
    assert french.latest_revision_id == before  # nothing saved, nothing published

    revisions = english.revisions.count()
    response = _publish(client, english)
    english.refresh_from_db()
    assert english.revisions.count() == revisions + 1, response.content[:2000]
    assert english.live_revision_id == english.latest_revision_id
