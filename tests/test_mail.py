"""Mail: the server from the environment (EMAIL_URL or EMAIL_HOST…), and every message of the
site queued for the task worker, delivered there, its failures logged without addresses."""

import logging
import smtplib
import socket
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django_tasks_db.models import DBTaskResult

from config.email_url import email_settings, parse_email_url

from .task_worker import run_worker

SMTP = "django.core.mail.backends.smtp.EmailBackend"
QUEUED = "config.mail.QueuedEmailBackend"


# --- The server from the environment ---


def test_an_smtp_url_with_starttls_and_an_encoded_password():
    assert parse_email_url("smtp://mailer%40hub.org:p%2Fss@mail.example.org:587/?tls=true") == {
        "EMAIL_DELIVERY_BACKEND": SMTP,
        "EMAIL_HOST": "mail.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "mailer@hub.org",
        "EMAIL_HOST_PASSWORD": "p/ss",
        "EMAIL_USE_SSL": False,
        "EMAIL_USE_TLS": True,
    }


@pytest.mark.parametrize(
    "url, port, ssl, tls",
    [
        ("smtp+ssl://u:p@mail.example.org", 465, True, False),
        ("smtps://u:p@mail.example.org:2465", 2465, True, False),
        ("smtp+tls://mail.example.org", 587, False, True),
        ("smtp://mail.example.org", 25, False, False),
        ("smtp://mail.example.org:2525/?ssl=1", 2525, True, False),
    ],
)
def test_smtp_url_schemes_choose_port_and_encryption(url, port, ssl, tls):
    parsed = parse_email_url(url)
    assert (parsed["EMAIL_PORT"], parsed["EMAIL_USE_SSL"], parsed["EMAIL_USE_TLS"]) == (
        port,
        ssl,
        tls,
    )


def test_console_and_dummy_urls_name_a_backend_only():
    assert parse_email_url("console:") == {
        "EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.console.EmailBackend"
    }
    assert parse_email_url("dummy://")["EMAIL_DELIVERY_BACKEND"].endswith("dummy.EmailBackend")


@pytest.mark.parametrize("url", ["http://mail.example.org", "smtp://h/?ssl=true&tls=true"])
def test_bad_urls_are_refused(url):
    with pytest.raises(ValueError, match="EMAIL_URL"):
        parse_email_url(url)


def test_the_email_host_variables_and_the_senders():
    env = {
        "EMAIL_HOST": "mail.example.org",
        "EMAIL_PORT": "2587",
        "EMAIL_HOST_USER": "hub",
        "EMAIL_HOST_PASSWORD": "secret",
        "EMAIL_USE_TLS": "true",
        "DEFAULT_FROM_EMAIL": "IP Resilience Hub <hub@example.org>",
        "SERVER_EMAIL": "errors@example.org",
        "EMAIL_TIMEOUT": "10",
    }
    assert email_settings(env) == {
        "EMAIL_DELIVERY_BACKEND": SMTP,
        "EMAIL_HOST": "mail.example.org",
        "EMAIL_PORT": 2587,
        "EMAIL_HOST_USER": "hub",
        "EMAIL_HOST_PASSWORD": "secret",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "DEFAULT_FROM_EMAIL": "IP Resilience Hub <hub@example.org>",
        "SERVER_EMAIL": "errors@example.org",
        "EMAIL_TIMEOUT": 10,
    }
    # EMAIL_URL wins; nothing set leaves Django's defaults alone.
    assert email_settings({**env, "EMAIL_URL": "console:"})["EMAIL_DELIVERY_BACKEND"].endswith(
        "console.EmailBackend"
    )
    assert email_settings({}) == {}


def test_production_reads_the_mail_server_from_the_environment():
    from tests.test_settings import PRODUCTION_ENV, run_manage

    env = {
        **PRODUCTION_ENV,
        "EMAIL_URL": "smtp+ssl://hub:pw@mail.example.org",
        "DEFAULT_FROM_EMAIL": "hub@example.org",
    }
    code = (
        "from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_DELIVERY_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, "
        "s.EMAIL_USE_SSL, s.DEFAULT_FROM_EMAIL, s.TASKS['default']['BACKEND'])"
    )
    result = run_manage("shell", "--no-imports", "-c", code, env=env)
    assert result.stdout.split() == [
        QUEUED,
        SMTP,
        "mail.example.org",
        "465",
        "True",
        "hub@example.org",
        "django_tasks_db.DatabaseBackend",
    ], result.stderr
    bad = run_manage("check", env={**env, "EMAIL_URL": "pop3://x"})
    assert bad.returncode != 0 and "unknown scheme" in bad.stderr


# --- The queue ---


def unreachable_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again: nothing listens there


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"amal@example.org": (550, b"no such user")})


def a_message() -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        "Subject é", "Plain body", "hub@example.org", ["amal@example.org"], cc=["b@example.net"]
    )
    message.attach_alternative("<p>HTML body</p>", "text/html")
    message.attach("data.bin", b"\x00\xffbytes", "application/octet-stream")
    message.attach("notes.txt", "some text", "text/plain")
    return message


@pytest.fixture
def queued_mail(settings):
    settings.EMAIL_BACKEND = QUEUED
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return settings


@pytest.mark.django_db
def test_a_message_is_queued_then_delivered_whole_by_the_worker(queued_mail, database_queue):
    assert a_message().send() == 1
    assert mail.outbox == []  # nothing sent inside the request
    task = DBTaskResult.objects.get()
    assert (task.status, task.task_path) == ("READY", "config.mail.deliver_email")
    run_worker()
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL", task.traceback
    [sent] = mail.outbox
    assert (sent.subject, sent.body, sent.to, sent.cc) == (
        "Subject é",
        "Plain body",
        ["amal@example.org"],
        ["b@example.net"],
    )
    assert sent.alternatives[0][0] == "<p>HTML body</p>"
    assert [a[:2] for a in sent.attachments] == [
        ("data.bin", b"\x00\xffbytes"),
        ("notes.txt", "some text"),
    ]


@pytest.mark.django_db
def test_the_password_reset_goes_through_the_queue(
    client, queued_mail, database_queue, django_user_model
):
    django_user_model.objects.create_user("resetter", "reset@example.org", "x" * 12)
    response = client.post("/admin/password_reset/", {"email": "reset@example.org"})
    assert response.status_code == 302 and mail.outbox == []
    run_worker()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["reset@example.org"]


@pytest.mark.django_db
def test_a_refused_delivery_fails_the_task_and_logs_the_domain_only(
    queued_mail, database_queue, caplog
):
    queued_mail.EMAIL_DELIVERY_BACKEND = f"{__name__}.RefusingBackend"
    caplog.set_level(logging.INFO)
    a_message().send()
    run_worker()
    task = DBTaskResult.objects.get()
    assert task.status == "FAILED"
    assert task.exception_class_path == "config.mail.MailDeliveryError"
    assert "SMTPRecipientsRefused delivering to example.net, example.org" in task.traceback
    assert "E-mail not delivered: SMTPRecipientsRefused" in caplog.text
    assert "amal@" not in caplog.text + task.traceback


def test_an_unreachable_server_is_logged_and_raised_never_swallowed(queued_mail, caplog):
    """With the immediate backend of the tests the delivery runs at once; it fails loudly."""
    from config.mail import MailDeliveryError, deliver

    queued_mail.EMAIL_DELIVERY_BACKEND = SMTP
    queued_mail.EMAIL_HOST, queued_mail.EMAIL_PORT = "127.0.0.1", unreachable_port()
    queued_mail.EMAIL_TIMEOUT = 5
    with pytest.raises(MailDeliveryError, match="ConnectionRefusedError"):
        deliver(a_message())
    assert "delivering to example.net, example.org" in caplog.text
    assert "amal@" not in caplog.text


def test_a_queue_that_refuses_the_message_raises_unless_silent(queued_mail, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr("config.mail.deliver_email", SimpleNamespace(enqueue=broken))
    with pytest.raises(RuntimeError):
        a_message().send()
    assert get_connection(QUEUED, fail_silently=True).send_messages([a_message()]) == 0
