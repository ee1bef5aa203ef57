"""The personal-link e-mail after self-enrolment: a task whose outcome the evaluators see in the
participants' listing; a failing mail server never breaks the participant's page."""

import logging
import socket
from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.translation import override
from django_tasks_db.models import DBTaskResult

from surveys.models import Participant

from .test_self_enrol import VALID as SELF_ENROLMENT

pytestmark = pytest.mark.django_db

VALID = {**SELF_ENROLMENT, "language": "fr"}
LISTING = "/admin/snippets/surveys/participant/"


def enrol(client, cohort):
    with override("fr"):
        url = reverse("surveys:enrol", kwargs={"key": cohort.enrolment_key})
    response = client.post(url, VALID)
    assert response.status_code == 303
    return response, Participant.objects.get(cohort=cohort)


@pytest.fixture
def unreachable_smtp(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    return settings


def test_the_link_is_mailed_and_the_listing_says_when(client, cohort, evaluator):
    _response, participant = enrol(client, cohort)
    assert len(mail.outbox) == 1 and participant.token in mail.outbox[0].body
    assert mail.outbox[0].subject == "Votre lien personnel pour Geneva workshop"
    assert participant.link_mailed_at is not None and participant.link_mail_error == ""
    client.force_login(evaluator)
    listing = client.get(f"{LISTING}?cohort={cohort.pk}").content.decode()
    assert "Link e-mail" in listing and "Sent " in listing


def test_an_unreachable_mail_server_is_recorded_and_the_page_still_works(
    client, cohort, evaluator, unreachable_smtp, caplog
):
    caplog.set_level(logging.INFO)
    response, participant = enrol(client, cohort)
    assert mail.outbox == []
    assert participant.link_mailed_at is None
    assert participant.link_mail_error.startswith("ConnectionRefusedError")
    # The participant lands on their page, link and QR code, as after any enrolment.
    page = client.get(response["Location"])
    assert page.status_code == 200 and participant.token in page.content.decode()
    # Logged with the domain only.
    assert "not sent: ConnectionRefusedError" in caplog.text and "example.org" in caplog.text
    assert "amal@" not in caplog.text
    client.force_login(evaluator)
    listing = client.get(f"{LISTING}?cohort={cohort.pk}").content.decode()
    assert "Not sent: ConnectionRefusedError" in listing


def test_a_later_success_clears_the_error(client, cohort, unreachable_smtp, settings):
    _response, participant = enrol(client, cohort)
    assert participant.link_mail_error
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from surveys.tasks import send_personal_link

    send_personal_link.enqueue(participant.pk, "https://hub.example.org/fr/survey/x/")
    participant.refresh_from_db()
    assert participant.link_mail_error == "" and participant.link_mailed_at is not None


def test_a_queue_that_refuses_the_task_is_recorded_too(client, cohort, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("queue unavailable")

    monkeypatch.setattr("surveys.views.send_personal_link", SimpleNamespace(enqueue=broken))
    response, participant = enrol(client, cohort)
    assert participant.link_mail_error == "Not queued: RuntimeError: queue unavailable"
    assert client.get(response["Location"]).status_code == 200


def test_with_a_worker_the_request_only_queues(client, cohort, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _response, participant = enrol(client, cohort)
    assert mail.outbox == [] and participant.link_mailed_at is None
    # (Wagtail queues its reference-index update of the new participant beside it.)
    task = DBTaskResult.objects.get(task_path="surveys.tasks.send_personal_link")
    assert task.status == "READY"
    assert task.args_kwargs["args"][0] == participant.pk
