"""The cohort phase's invitations page in the admin: who may see and send, the previews in each
language present, the test send to oneself, sending, and the messages' placeholders."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from wagtail.models import Locale

from surveys.demo import ensure_locales, translate_missing
from surveys.demo.messages import ensure_messages
from surveys.models import InvitationMessage, MessageStatus, OutreachMessage

from .helpers import make_participant

LANGUAGES = ["en", "fr", "es", "ru", "zh-hans", "ar"]


@pytest.fixture
def texts(db):
    ensure_locales()
    translate_missing(ensure_messages())


@pytest.fixture
def people(workshop, texts):
    found = [
        make_participant(
            workshop, f"DK-{n:02d}", email=f"p{n:02d}@example.org", language=LANGUAGES[n % 6]
        )
        for n in range(12)
    ]
    make_participant(workshop, "DK-PAPER", name="Awa Paper", email="")
    return found


def page_url(workshop) -> str:
    return reverse("surveys_phase_invitations", args=[workshop.phases.get(phase="pre").pk])


def test_the_page_previews_each_language_and_lists_who_has_no_email(
    client, evaluator, workshop, people, django_assert_max_num_queries
):
    client.force_login(evaluator)
    with django_assert_max_num_queries(45):
        page = client.get(page_url(workshop))
    html = page.content.decode()
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0")
    assert html.count("Preview for DK-") == 6
    assert 'lang="ar" dir="rtl"' in html
    assert "Avant la formation" in html and "قبل" in html
    assert "Send invitations for Before (PRE)" in html
    assert "DK-PAPER" in html and "?without_email=1" in html


def test_a_test_send_goes_to_the_evaluator_only_without_personal_links(
    client, evaluator, workshop, people
):
    evaluator.email = "evaluator@example.org"
    evaluator.save()
    client.force_login(evaluator)
    client.post(page_url(workshop), {"action": "test"})
    assert len(mail.outbox) == 6
    assert {tuple(m.to) for m in mail.outbox} == {("evaluator@example.org",)}
    assert all(m.subject.startswith("[Test]") for m in mail.outbox)
    bodies = "".join(m.body for m in mail.outbox)
    assert not any(person.token in bodies for person in people)
    assert not OutreachMessage.objects.exists()


def test_sending_from_the_page_queues_and_sends_once(
    client, evaluator, workshop, people, django_capture_on_commit_callbacks
):
    client.force_login(evaluator)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(page_url(workshop), {"action": "send"}, follow=True)
    assert "12 invitations queued" in answer.content.decode()
    assert len(mail.outbox) == 12
    assert OutreachMessage.objects.filter(status=MessageStatus.SENT).count() == 12
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(page_url(workshop), {"action": "send"}, follow=True)
    assert "0 invitations queued" in again.content.decode()
    assert len(mail.outbox) == 12


def test_only_evaluators_see_the_page_and_only_those_who_hand_out_links_send(
    client, admin_user_without_rights, django_user_model, workshop, people
):
    client.force_login(admin_user_without_rights)
    # Wagtail turns a refusal into a redirect to the dashboard with a message.
    assert client.get(page_url(workshop)).status_code in (302, 403)
    viewer = django_user_model.objects.create_user("viewer", password="x" * 12)
    viewer.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="surveys", codename="view_participant"),
    )
    client.force_login(viewer)
    page = client.get(page_url(workshop))
    assert page.status_code == 200
    assert "Send invitations for" not in page.content.decode()
    assert client.post(page_url(workshop), {"action": "send"}).status_code in (302, 403)
    assert not OutreachMessage.objects.exists()


def test_without_a_text_the_page_says_where_to_write_one(client, evaluator, workshop, people):
    InvitationMessage.objects.filter(phase="pre").delete()
    client.force_login(evaluator)
    html = client.get(page_url(workshop)).content.decode()
    assert "There is no invitation message for" in html
    answer = client.post(page_url(workshop), {"action": "send"}, follow=True)
    assert answer.status_code == 200
    assert "There is no invitation message for" in answer.content.decode()
    assert not OutreachMessage.objects.exists()


def test_an_unknown_action_changes_nothing(client, evaluator, workshop, people):
    client.force_login(evaluator)
    assert client.post(page_url(workshop), {"action": "drop"}).status_code == 200
    assert client.get(page_url(workshop) + "?page=x").status_code == 200
    # A control character in a parameter is refused before any view runs (config.input_guard;
    # the plugin site has the same middleware list minus cms).
    assert client.get(page_url(workshop) + "?page=x%00").status_code == 400
    assert not OutreachMessage.objects.exists() and not mail.outbox


def test_the_qr_sheet_can_hold_only_those_without_email(client, evaluator, workshop, people):
    client.force_login(evaluator)
    sheet = client.get(
        reverse("surveys_qr_sheet", args=[workshop.pk]) + "?without_email=1"
    ).content.decode()
    assert "DK-PAPER" in sheet and "DK-01" not in sheet


def test_a_message_needs_its_link_and_known_placeholders(client, evaluator, texts):
    client.force_login(evaluator)
    url = reverse("wagtailsnippets_surveys_invitationmessage:add") + "?locale=en"
    InvitationMessage.objects.filter(phase="post").delete()
    answer = client.post(
        url,
        {"phase": "post", "subject": "After {cohortt}", "body": "Dear {name}, no link here."},
    )
    html = answer.content.decode()
    assert answer.status_code == 200
    assert "Unknown placeholder {cohortt}" in html
    assert "Put {link} in the text" in html
    assert not InvitationMessage.objects.filter(phase="post").exists()
    answer = client.post(
        url, {"phase": "post", "subject": "After {cohort}", "body": "Dear {name}: {link}"}
    )
    assert answer.status_code == 302
    assert InvitationMessage.objects.get(phase="post", locale=Locale.get_default())


def test_the_response_rates_report_leads_to_each_phase_s_invitations(client, evaluator, workshop):
    client.force_login(evaluator)
    html = client.get(reverse("surveys_response_rates")).content.decode()
    assert page_url(workshop) in html
    assert "Invited" in html
