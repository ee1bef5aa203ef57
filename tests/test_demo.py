"""load_demo: idempotent, real translations through wagtail-localize, roles; the expert
network's requests in every state, built without sending mail."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import GroupPagePermission, Locale, Page

from cms.demo.site import load_catalogue
from cms.models import HomePage
from cms.roles import COMMUNICATIONS_EDITORS, REVIEWERS, translators_group_name
from cms.translation import IncompleteCatalogue, translate_from_catalogues
from evaluation.roles import EVALUATORS
from experts import demo as expert_demo
from experts.assistance import file_request
from experts.mail import muted
from experts.models import (
    AssistanceRequest,
    AssistanceRequestPage,
    Availability,
    EventKind,
    Expert,
    Proposal,
    RequestEvent,
    RequestState,
    VettingStatus,
)
from experts.network import network_figures
from experts.ranking import candidates
from experts.roles import COORDINATORS

from .conftest import LANGUAGE_CODES

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


# --- The expert network's demo ---

DEMO_CONTACTS = [data["contact_email"] for *_rest, data, _steps in expert_demo.REQUESTS]


def demo_requests():
    return AssistanceRequest.objects.filter(contact_email__in=DEMO_CONTACTS)


def network_rows() -> tuple[int, int, int]:
    return (
        AssistanceRequest.objects.count(),
        Proposal.objects.count(),
        RequestEvent.objects.count(),
    )


def test_demo_requests_span_the_states_and_languages(demo_site):
    requests = list(demo_requests())
    assert len(requests) == len(expert_demo.REQUESTS) == 6
    assert len({r.state for r in requests}) >= 5
    assert len({r.language for r in requests}) >= 4
    closed = next(r for r in requests if r.state == RequestState.CLOSED)
    assert closed.help_given and closed.outcome
    declined = next(r for r in requests if r.state == RequestState.DECLINED)
    assert declined.decline_reason
    # OUT-2's median wait is measured on past, realistic timestamps, not on the load's second.
    figures = network_figures(demo_requests())
    assert figures["answered"] == 3
    assert 12 <= figures["median_hours_to_accept"] <= 72


def test_every_state_change_of_a_demo_request_is_logged_in_order(demo_site):
    for request in demo_requests():
        moves = [e for e in request.events.order_by("at", "pk") if e.to_state]
        assert moves[0].to_state == RequestState.RECEIVED
        assert moves[0].at == request.received_at
        for before, after in zip(moves, moves[1:], strict=False):
            assert after.from_state == before.to_state, request.reference
            assert after.at >= before.at
        assert moves[-1].to_state == request.state, request.reference
        if request.accepted_at is not None:
            assert request.events.filter(kind=EventKind.ACCEPTED, at=request.accepted_at).exists()
        assert request.received_at < timezone.now() - timedelta(days=1)


def test_demo_consent_and_availability_show_the_rules(demo_site):
    eligible = Expert.objects.filter(status=VettingStatus.ELIGIBLE, email__endswith="example.org")
    assert eligible.filter(assistance_consent=False).exists()
    assert eligible.filter(assistance_consent=True).count() > eligible.count() / 2
    assert eligible.filter(availability=Availability.LIMITED).exists()
    away = eligible.get(availability=Availability.UNAVAILABLE)
    assert away.unavailable_until > timezone.localdate()
    assert away not in candidates()


def test_request_page_is_live_in_the_six_languages(demo_site):
    pages = AssistanceRequestPage.objects.filter(slug="request-assistance").live()
    assert sorted(p.locale.language_code for p in pages) == sorted(LANGUAGE_CODES)
    assert len({p.translation_key for p in pages}) == 1
    assert all(p.get_parent().specific_class is HomePage for p in pages)
    french = pages.get(locale__language_code="fr")
    assert french.title == "Demander l’aide du réseau"
    assert french.introduction and french.privacy_note


def test_running_the_network_demo_again_adds_nothing(demo_site):
    before = network_rows()
    result = expert_demo.load_expert_demo()
    assert result["requests_created"] == 0
    assert not result["request_page_created"] and not result["request_page_translated"]
    assert network_rows() == before


def test_the_network_demo_sends_no_mail(
    demo_site, django_user_model, django_capture_on_commit_callbacks
):
    # A coordinator with an address, so an unmuted demo would write to them.
    coordinator = django_user_model.objects.create_user(
        "coordinatrice", "coord@example.org", password="x" * 12
    )
    coordinator.groups.add(Group.objects.get(name=COORDINATORS))
    demo_requests().delete()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = expert_demo.load_expert_demo()
    assert result["requests_created"] == 6
    assert callbacks == []
    assert mail.outbox == []


def test_outside_muted_the_same_request_is_mailed(demo_site, django_capture_on_commit_callbacks):
    *_rest, data, _steps = expert_demo.REQUESTS[-1]
    data = {**data, "contact_email": "someone@example.org"}
    with django_capture_on_commit_callbacks(execute=True):
        file_request(data, language="en")
    assert [m.to for m in mail.outbox] == [["someone@example.org"]]
    with django_capture_on_commit_callbacks(execute=True), muted():
        file_request({**data, "contact_email": "other@example.org"}, language="en")
    assert len(mail.outbox) == 1
