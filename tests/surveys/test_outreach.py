"""Invitations and reminders against a real SMTP server (aiosmtpd on loopback): 60
participants in six languages, each written to once in their language, reminders only to
those who have not submitted, opt-outs, a refused address, an interrupted batch."""

import contextlib
import datetime
import logging
import re
from unittest.mock import patch

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from surveys import delivery, outreach
from surveys.demo import ensure_locales, translate_missing
from surveys.demo.messages import MESSAGES, ensure_messages
from surveys.invitations import opt_out_link, personal_link
from surveys.models import (
    CohortPhase,
    InvitationMessage,
    MessageKind,
    MessageStatus,
    OptOut,
    OutreachMessage,
    Participant,
)
from surveys.rates import response_rates

from ..smtp_sink import part, start_sink
from .conftest import make_submission
from .helpers import make_participant

LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.fixture
def sink(settings):
    sink, controller = start_sink()
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield sink
    controller.stop()


@pytest.fixture
def texts(db):
    """The demo's four messages in six languages, translated through wagtail-localize."""
    ensure_locales()
    translate_missing(ensure_messages())


@pytest.fixture
def sixty(workshop, texts) -> list[Participant]:
    people = [
        make_participant(
            workshop,
            f"DK-{number:03d}",
            name=f"Person {number}",
            email=f"person{number:03d}@office{number % 3}.example.org",
            language=LANGUAGES[number % 6],
        )
        for number in range(60)
    ]
    make_participant(workshop, "DK-NOMAIL", email="")  # listed, never written to
    return people


def pre(workshop) -> CohortPhase:
    return workshop.phases.get(phase="pre")


def send_invitations(capture, **options) -> str:
    from io import StringIO

    out = StringIO()
    with capture(execute=True):
        call_command("send_invitations", cohort="dakar-2026", phase="pre", stdout=out, **options)
    return out.getvalue()


def send_reminders(capture) -> str:
    from io import StringIO

    out = StringIO()
    with capture(execute=True):
        call_command("send_reminders", stdout=out)
    return out.getvalue()


def invited_earlier(days: int = 3) -> None:
    """As if the invitations had gone out `days` ago (reminders follow earlier invitations)."""
    OutreachMessage.objects.filter(kind=MessageKind.INVITATION).update(
        sent_at=timezone.now() - datetime.timedelta(days=days)
    )


def expected_subject(person: Participant, cohort_name: str) -> str:
    message = InvitationMessage.objects.get(phase="pre", locale__language_code=person.language)
    return message.subject.replace("{cohort}", cohort_name)


def test_sixty_participants_each_get_one_message_in_their_language(
    sixty, workshop, sink, django_capture_on_commit_callbacks
):
    out = send_invitations(django_capture_on_commit_callbacks)
    assert "60 invitations queued" in out
    assert len(sink.messages) == 60
    for person in sixty:
        [mail] = sink.to(person.email)
        assert mail["Subject"].strip() == expected_subject(person, workshop.name)
        text = part(mail, "text/plain")
        assert personal_link(person) in text
        with override(person.language):
            prefix = reverse("surveys:home", kwargs={"token": person.token})
        assert prefix.startswith(f"/{person.language}/")
        html = part(mail, "text/html")
        assert f'lang="{person.language}"' in html
        assert ('dir="rtl"' in html) == (person.language == "ar")
        assert f'href="{personal_link(person)}"' in html
        unfolded = re.sub(r"\s+", "", mail["List-Unsubscribe"])
        assert unfolded == f"<{opt_out_link(person, 'pre')}>"
    assert "{" not in "".join(part(m, "text/plain") for m in sink.messages)
    assert OutreachMessage.objects.filter(status=MessageStatus.SENT).count() == 60
    # Idempotent: a second run writes to nobody.
    assert "0 invitations queued" in send_invitations(django_capture_on_commit_callbacks)
    assert len(sink.messages) == 60


def test_reminders_go_to_those_who_have_not_submitted_once_per_schedule(
    sixty, workshop, sink, django_capture_on_commit_callbacks
):
    send_invitations(django_capture_on_commit_callbacks)
    invited_earlier()
    for person in sixty[:20]:
        make_submission(person, "pre", submitted=True)
    sink.messages.clear()
    # PRE closes in five days: the 7-day reminder is due.
    assert "40 reminders" in send_reminders(django_capture_on_commit_callbacks)
    assert len(sink.messages) == 40
    reminded = {m["To"] for m in sink.messages}
    assert reminded == {p.email for p in sixty[20:]}
    french = next(p for p in sixty[20:] if p.language == "fr")
    [mail] = sink.to(french.email)
    assert mail["Subject"].strip().startswith("Rappel")
    assert "0 reminders" in send_reminders(django_capture_on_commit_callbacks)
    assert len(sink.messages) == 40
    assert set(
        OutreachMessage.objects.filter(kind=MessageKind.REMINDER).values_list("step", flat=True)
    ) == {7}


def test_an_opt_out_link_stops_that_participants_reminders(
    sixty, workshop, sink, client, django_capture_on_commit_callbacks
):
    send_invitations(django_capture_on_commit_callbacks)
    invited_earlier()
    quitter = sixty[7]
    link = re.search(r"https?://\S+/stop/\S+/", part(sink.to(quitter.email)[0], "text/plain"))[0]
    path = link.removeprefix(settings.WAGTAILADMIN_BASE_URL)
    asked = client.get(path)
    assert asked.status_code == 200
    assert 'method="post"' in asked.content.decode()
    assert not OptOut.objects.exists()  # a link scanner's GET changes nothing
    assert client.post(path).status_code == 200
    assert OptOut.objects.filter(participant=quitter, phase="pre").exists()
    sink.messages.clear()
    send_reminders(django_capture_on_commit_callbacks)
    assert len(sink.messages) == 59
    assert not sink.to(quitter.email)
    # The same signed link altered, or for a phase that does not exist: a page, not an error.
    assert client.get(path.replace("/stop/", "/stop/x")).status_code == 404
    assert client.post(path[:-6] + "AAAAA/").status_code == 404


def test_a_refused_address_is_marked_bounced_and_the_others_are_sent(
    sixty, workshop, sink, django_capture_on_commit_callbacks
):
    refused = sixty[12]
    sink.refuse.add(refused.email)
    send_invitations(django_capture_on_commit_callbacks)
    assert len(sink.messages) == 59
    message = OutreachMessage.objects.get(participant=refused)
    assert message.status == MessageStatus.BOUNCED
    assert message.error.startswith("550")
    assert OutreachMessage.objects.filter(status=MessageStatus.SENT).count() == 59


def test_an_interrupted_batch_resumes_without_sending_anything_twice(
    sixty, workshop, sink, settings, django_capture_on_commit_callbacks
):
    settings.SURVEYS_MAIL_RATE = 6000  # a pause between messages: where the worker dies
    settings.SURVEYS_MAIL_BATCH = 25
    pauses = []

    def killed_after_ten(seconds: float) -> None:
        pauses.append(seconds)
        if len(pauses) == 10:
            raise SystemExit("worker killed")

    # The task backend records the dead task as failed; what matters is what was sent.
    with patch("surveys.delivery.time.sleep", killed_after_ten), contextlib.suppress(SystemExit):
        send_invitations(django_capture_on_commit_callbacks)
    assert len(sink.messages) == 10
    assert OutreachMessage.objects.filter(status=MessageStatus.PENDING).count() == 50
    # The next pass of the schedule (cron, or the worker's own) carries on.
    with patch("surveys.delivery.time.sleep"):
        send_reminders(django_capture_on_commit_callbacks)
    addresses = [m["To"] for m in sink.messages]
    assert len(addresses) == len(set(addresses)) == 60


def test_a_message_interrupted_while_sending_is_never_sent_again(sixty, workshop, sink):
    outreach.plan_invitations(pre(workshop))
    stuck = OutreachMessage.objects.order_by("pk").first()
    long_ago = timezone.now() - outreach.INTERRUPTED_AFTER - datetime.timedelta(minutes=1)
    OutreachMessage.objects.filter(pk=stuck.pk).update(
        status=MessageStatus.SENDING, claimed_at=long_ago
    )
    result = outreach.run_outreach()
    assert result.interrupted == 1
    delivery.deliver_batch(100)
    assert len(sink.messages) == 59
    stuck.refresh_from_db()
    assert stuck.status == MessageStatus.FAILED and "Interrupted" in stuck.error


def test_the_server_down_keeps_messages_waiting(sixty, workshop, settings):
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    outreach.plan_invitations(pre(workshop))
    result = delivery.deliver_batch(100)
    assert result.server_unreachable and result.sent == 0
    assert OutreachMessage.objects.filter(status=MessageStatus.PENDING).count() == 60


def test_queries_per_batch_are_bounded(sixty, workshop, sink, django_assert_max_num_queries):
    outreach.plan_invitations(pre(workshop))
    # Four to load the batch and its context, then two per message (claim, outcome).
    with django_assert_max_num_queries(5 + 2 * 20):
        assert delivery.deliver_batch(20).sent == 20
    with django_assert_max_num_queries(5 + 2 * 40):
        assert delivery.deliver_batch(40).sent == 40


def test_no_address_is_logged(sixty, workshop, sink, caplog, django_capture_on_commit_callbacks):
    sink.refuse.add(sixty[3].email)
    Participant.objects.filter(pk=sixty[4].pk).update(language="ru")
    InvitationMessage.objects.filter(phase="pre", locale__language_code="ru").delete()
    with caplog.at_level(logging.DEBUG):
        send_invitations(django_capture_on_commit_callbacks)
        invited_earlier()
        send_reminders(django_capture_on_commit_callbacks)
    assert any("sent in en" in record.getMessage() for record in caplog.records)
    assert any("550" in record.getMessage() for record in caplog.records)
    logged = "\n".join(
        record.getMessage()
        for record in caplog.records
        if not record.name.startswith("mail.log")  # the SMTP sink's own log, not ours
    )
    assert "@" not in logged


def test_a_missing_translation_falls_back_to_the_source_language(
    sixty, workshop, sink, django_capture_on_commit_callbacks
):
    InvitationMessage.objects.filter(phase="pre", locale__language_code="es").delete()
    broken = InvitationMessage.objects.get(phase="pre", locale__language_code="ru")
    broken.body = broken.body.replace("{link}", "")  # a translation that lost the link
    broken.save()
    send_invitations(django_capture_on_commit_callbacks)
    english_subject = MESSAGES["pre"][0].replace("{cohort}", workshop.name)
    for person in sixty:
        [mail] = sink.to(person.email)
        if person.language in ("es", "ru", "en"):
            assert mail["Subject"].strip() == english_subject
            assert personal_link(person) in part(mail, "text/plain")
    languages = dict(OutreachMessage.objects.values_list("participant__language", "language"))
    assert languages["es"] == languages["ru"] == "en"
    assert languages["fr"] == "fr"


def test_dry_run_counts_and_sends_nothing(sixty, sink, django_capture_on_commit_callbacks):
    out = send_invitations(django_capture_on_commit_callbacks, dry_run=True)
    assert "Would invite 60 participants" in out
    assert "1 have no e-mail address" in out
    assert not sink.messages and not OutreachMessage.objects.exists()


def test_resend_is_a_new_round_for_those_who_have_not_submitted(
    sixty, workshop, sink, django_capture_on_commit_callbacks
):
    send_invitations(django_capture_on_commit_callbacks)
    for person in sixty[:50]:
        make_submission(person, "pre", submitted=True)
    sink.messages.clear()
    out = send_invitations(django_capture_on_commit_callbacks, resend=True)
    assert "10 invitations queued" in out
    assert len(sink.messages) == 10
    assert set(OutreachMessage.objects.filter(step=2).values_list("participant", flat=True)) == {
        p.pk for p in sixty[50:]
    }


def test_only_the_latest_due_reminder_goes_and_late_invitees_wait(sixty, workshop, texts):
    phase = pre(workshop)
    phase.reminder_days = "7, 2"
    phase.save()
    closes = phase.closes_at
    assert outreach.due_reminder(phase, closes - datetime.timedelta(days=8)) is None
    assert outreach.due_reminder(phase, closes - datetime.timedelta(days=6)) == 7
    # A run missed for a week: one reminder, the 2-day one, not both.
    assert outreach.due_reminder(phase, closes - datetime.timedelta(days=1)) == 2
    assert outreach.due_reminder(phase, closes + datetime.timedelta(hours=1)) is None
    outreach.plan_invitations(phase)
    OutreachMessage.objects.update(status=MessageStatus.SENT, sent_at=timezone.now())
    # Invited now, after the 7-day reminder's time (closes in five days): not reminded.
    assert outreach.plan_reminders(phase, timezone.now()) == 0


def test_invitations_go_out_when_a_window_opens(sixty, workshop, sink, texts):
    phase = pre(workshop)
    phase.invite_on_opening = True
    phase.save()
    OptOut.objects.create(participant=sixty[0], phase="post")  # left to the evaluator
    result = outreach.run_outreach(now=phase.opens_at - datetime.timedelta(hours=1))
    assert result.invited == 0
    result = outreach.run_outreach()
    assert result.invited == 59
    assert outreach.run_outreach().invited == 0


def test_funnel_on_the_pages_equals_the_database(
    sixty, workshop, sink, client, evaluator, django_capture_on_commit_callbacks
):
    sink.refuse.add(sixty[59].email)
    send_invitations(django_capture_on_commit_callbacks)
    invited_earlier()
    for person in sixty[:20]:
        make_submission(person, "pre", submitted=True)
    make_submission(sixty[30], "pre", submitted=False)
    send_reminders(django_capture_on_commit_callbacks)
    OptOut.objects.create(participant=sixty[31], phase="pre")
    # Two of the reminded answer within 48 hours.
    for person in sixty[40:42]:
        make_submission(person, "pre", submitted=True)

    database = {
        "enrolled": Participant.objects.filter(cohort=workshop).count(),
        "invited": OutreachMessage.objects.filter(
            kind="invitation", status="sent", phase="pre"
        ).count(),
        "started": workshop.participants.filter(submissions__phase="pre").count(),
        "submitted": workshop.participants.filter(
            submissions__phase="pre", submissions__submitted_at__isnull=False
        ).count(),
        "reminded": OutreachMessage.objects.filter(kind="reminder", status="sent").count(),
        "opted_out": OptOut.objects.count(),
        "undelivered": OutreachMessage.objects.filter(status="bounced").count(),
    }
    assert database == {
        "enrolled": 61,
        "invited": 59,
        "started": 23,
        "submitted": 22,
        "reminded": 39,
        "opted_out": 1,
        "undelivered": 1,
    }
    client.force_login(evaluator)
    page = client.get(reverse("surveys_phase_invitations", args=[pre(workshop).pk]))
    html = page.content.decode()
    for key, value in database.items():
        assert re.search(rf'data-count="{key}">{value}<', html), key
    assert "7 days before: 39 sent, 2 answered within 48 h" in html
    rows = response_rates(type(workshop).objects.filter(pk=workshop.pk))
    [row] = [r for r in rows if r.phase.phase == "pre"]
    assert (row.participants, row.invited, row.started, row.submitted) == (61, 59, 23, 22)
    rates = client.get(reverse("surveys_response_rates")).content.decode()
    assert "7 days before: 39 sent, 2 answered within 48 h" in rates


def test_the_worker_runs_the_schedule_and_keeps_one_pass_queued(
    sixty, workshop, sink, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from surveys.tasks import schedule_outreach

    from ..task_worker import run_worker

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    phase = pre(workshop)
    phase.invite_on_opening = True
    phase.save()
    passes = DBTaskResult.objects.filter(task_path="surveys.tasks.outreach_pass", status="READY")
    assert schedule_outreach() and schedule_outreach()
    assert passes.count() == 1  # asked twice, queued once
    later = passes.get()
    assert later.run_after > timezone.now() + datetime.timedelta(minutes=5)
    passes.update(run_after=timezone.now())  # its time has come
    with django_capture_on_commit_callbacks(execute=True):
        run_worker()  # the pass: invitations of the open window, then the next pass
    for _batch in range(2):  # the deliveries it queued: 50, then the next task for the rest
        with django_capture_on_commit_callbacks(execute=True):
            run_worker()
    assert len(sink.messages) == 60
    assert passes.count() == 1 and passes.get().pk != later.pk


def test_the_reminder_schedule_is_validated():
    from django.core.exceptions import ValidationError

    from surveys.models.cohorts import parse_reminder_days, validate_reminder_days

    assert parse_reminder_days("2, 7;7") == [7, 2]
    assert parse_reminder_days("") == []
    for wrong in ("7, x", "0", "400", "-1", "7.5", "1,2,3,4,5,6", "\x00"):
        with pytest.raises(ValidationError):
            validate_reminder_days(wrong)
