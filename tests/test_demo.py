"""load_demo: idempotent, real translations through wagtail-localize, roles."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import GroupPagePermission, Locale, Page

from cms.demo.site import load_catalogue
from cms.models import HomePage
from cms.roles import COMMUNICATIONS_EDITORS, REVIEWERS, translators_group_name
from cms.translation import IncompleteCatalogue, translate_from_catalogues
from evaluation.roles import EVALUATORS

pytestmark = pytest.mark.django_db


def test_load_demo_is_idempotent():
    before = (Page.objects.count(), HomePage.objects.count(), GroupPagePermission.objects.count())
    out = StringIO()
    call_command("load_demo", stdout=out)
    after = (Page.objects.count(), HomePage.objects.count(), GroupPagePermission.objects.count())
    assert before == after
    assert "nothing to add" in out.getvalue()


def test_home_page_is_live_in_six_languages_with_one_translation_key(demo_site):
    homes = HomePage.objects.filter(translation_key=demo_site.translation_key).live()
    assert sorted(h.locale.language_code for h in homes) == sorted(
        Locale.objects.values_list("language_code", flat=True)
    )


def test_translations_went_through_wagtail_localize(demo_site):
    from wagtail_localize.models import StringTranslation, Translation

    translations = Translation.objects.filter(source__object_id=demo_site.translation_key)
    assert translations.count() == 5
    for translation in translations:
        total, done = translation.get_progress()
        assert total == done > 10
    assert StringTranslation.objects.filter(locale__language_code="ar").count() >= 16


def test_incomplete_catalogue_is_refused_and_writes_no_page(demo_site):
    catalogue = dict(load_catalogue("fr"))
    catalogue.pop(next(iter(catalogue)))
    german = Locale.objects.create(language_code="de")
    italian = Locale.objects.create(language_code="it")
    with pytest.raises(IncompleteCatalogue) as error:
        translate_from_catalogues(demo_site, {italian: load_catalogue("fr"), german: catalogue})
    assert error.value.language_code == "de"
    assert len(error.value.missing) == 1
    # Checked before writing: not even the complete language was translated.
    assert not demo_site.has_translation(german)
    assert not demo_site.has_translation(italian)


def test_roles_exist_and_translators_have_rights_on_their_tree_only(demo_site):
    names = set(Group.objects.values_list("name", flat=True))
    expected = {COMMUNICATIONS_EDITORS, REVIEWERS, EVALUATORS} | {
        translators_group_name(code) for code in ["fr", "es", "ru", "zh-hans", "ar"]
    }
    assert expected <= names
    for group in Group.objects.filter(name__in=expected):
        assert group.permissions.filter(codename="access_admin").exists(), group.name

    french = Group.objects.get(name=translators_group_name("fr"))
    granted = GroupPagePermission.objects.filter(group=french)
    assert {p.page.locale.language_code for p in granted} == {"fr"}
    assert {p.permission.codename for p in granted} == {"change_page", "publish_page"}
    editors = GroupPagePermission.objects.filter(group__name=COMMUNICATIONS_EDITORS)
    assert len({p.page_id for p in editors}) == 6
    assert not GroupPagePermission.objects.filter(group__name=EVALUATORS).exists()


def test_french_translator_can_edit_the_french_home_but_not_the_arabic_one(
    demo_site, django_user_model
):
    user = django_user_model.objects.create_user("traductrice", password="x" * 12)
    user.groups.add(Group.objects.get(name=translators_group_name("fr")))
    french = demo_site.get_translation(Locale.objects.get(language_code="fr"))
    arabic = demo_site.get_translation(Locale.objects.get(language_code="ar"))
    assert french.permissions_for_user(user).can_edit()
    assert not arabic.permissions_for_user(user).can_edit()
    assert not demo_site.permissions_for_user(user).can_edit()


def test_demo_superuser_exists(superuser):
    assert superuser.is_superuser


def test_editors_submit_for_review_and_reviewers_publish(demo_site, django_user_model):
    from cms.models import ResourcePage

    editor = django_user_model.objects.create_user("ed", password="x" * 12)
    editor.groups.add(Group.objects.get(name=COMMUNICATIONS_EDITORS))
    reviewer = django_user_model.objects.create_user("rev", password="x" * 12)
    reviewer.groups.add(Group.objects.get(name=REVIEWERS))
    for code in ["en", "ar"]:
        page = ResourcePage.objects.get(
            slug="business-continuity-guide", locale__language_code=code
        )
        assert page.permissions_for_user(editor).can_edit()
        assert not page.permissions_for_user(editor).can_publish()
        assert page.permissions_for_user(reviewer).can_publish()
        workflow = page.get_workflow()
        assert workflow.name == "Review and publish"
        task = workflow.tasks.get().specific
        assert list(task.groups.values_list("name", flat=True)) == [REVIEWERS]


def test_editors_manage_terms_media_and_request_translations(demo_site, django_user_model):
    editor = django_user_model.objects.create_user("ed2", password="x" * 12)
    editor.groups.add(Group.objects.get(name=COMMUNICATIONS_EDITORS))
    for perm in [
        "cms.add_stakeholdergroup",
        "cms.change_topic",
        "wagtail_localize.submit_translation",
    ]:
        assert editor.has_perm(perm), perm
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    assert policy_registry.get_by_type(get_image_model()).user_has_permission(editor, "add")


def test_editors_list_groups_and_topics_in_their_order_in_the_admin(client, django_user_model):
    editor = django_user_model.objects.create_user("ed3", password="x" * 12)
    editor.groups.add(Group.objects.get(name=COMMUNICATIONS_EDITORS))
    client.force_login(editor)
    for path, first, last in [
        ("/admin/snippets/cms/stakeholdergroup/?locale=en", "IP office staff", "The wider public"),
        ("/admin/snippets/cms/topic/?locale=en", "Business continuity", "Cooperation and expert"),
    ]:
        response = client.get(path)
        assert response.status_code == 200
        content = response.content.decode()
        assert content.index(first) < content.index(last)
