"""Erasing a participant's personal data (surveys.erasure), the admin action that does it,
the log of erasures, and deleting a participant without leaving library rows behind."""

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from survey.models import Answer, Response

from surveys.answering import save_answers, start, stored_answers
from surveys.erasure import ERASED, erase_participant
from surveys.models import ErasureRecord, OutreachMessage, Participant, Submission
from tests.surveys.helpers import url

pytestmark = pytest.mark.django_db

PERSONAL = {"name": "Awa Diop", "email": "awa.diop@example.org", "function": "Examiner"}
ANSWERS = {"r1": "4", "r2": "2", "c1": "5", "c2": "My office in Dakar, ask Awa Diop."}


@pytest.fixture
def answered(participant, instrument) -> Participant:
    """The fixture participant with personal data and PRE answers, one an open comment."""
    Participant.objects.filter(pk=participant.pk).update(
        **PERSONAL, link_mail_error="550 awa.diop@example.org: mailbox full"
    )
    participant.refresh_from_db()
    submission = start(participant, "pre", instrument, "fr")
    save_answers(submission, list(instrument.items.all()), ANSWERS)
    return participant


def answers_of(participant: Participant, instrument) -> dict[str, str]:
    return stored_answers(Submission.objects.get(participant=participant, phase="pre"), instrument)


def erase_url(participant: Participant) -> str:
    return f"/admin/surveys/participants/{participant.pk}/erase/"


def test_erasing_replaces_personal_data_and_keeps_the_code_and_closed_answers(
    answered, instrument, evaluator
):
    message = OutreachMessage.objects.create(
        participant=answered, phase="pre", kind="invitation", step=1, error="550 awa.diop@…"
    )
    record = erase_participant(answered, by_user=evaluator)

    answered.refresh_from_db()
    assert (answered.name, answered.email, answered.function) == ("", "", "")
    assert answered.link_mail_error == ""
    assert answered.code == "GVA-001" and answered.country == "SN" and answered.sex == "female"
    assert answered.erased_at is not None and answered.revoked_at is not None
    assert answers_of(answered, instrument) == {**ANSWERS, "c2": ERASED}
    message.refresh_from_db()
    assert message.error == ""
    assert (record.participant_code, record.erased_by, record.reason) == (
        "GVA-001",
        evaluator,
        "request",
    )
    assert record.cohort_name == "Geneva workshop"


def test_erasing_twice_logs_once_and_the_link_stays_closed(client, answered):
    assert erase_participant(answered) is not None
    assert erase_participant(answered) is None
    assert ErasureRecord.objects.filter(participant_code=answered.code).count() == 1
    assert client.get(url("home", answered)).status_code == 410
    with pytest.raises(ValueError):
        answered.reissue()
    answered.refresh_from_db()
    assert answered.revoked_at is not None


def test_erasing_drops_the_stored_mails_to_that_address(answered):
    def mail(to: str, status: str) -> DBTaskResult:
        return DBTaskResult.objects.create(
            task_path="config.mail.deliver_queued",
            args_kwargs={"args": [{"to": [to], "body": "Dear Awa"}], "kwargs": {}},
            backend_name="default",
            queue_name="default",
            run_after=timezone.now(),
            status=status,
        )

    sent, queued = mail(PERSONAL["email"], "SUCCESSFUL"), mail(PERSONAL["email"], "READY")
    other = mail("someone.else@example.org", "SUCCESSFUL")
    erase_participant(answered)
    remaining = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert other.pk in remaining
    assert sent.pk not in remaining and queued.pk not in remaining


def test_an_evaluator_erases_through_the_admin_after_a_confirmation(client, evaluator, answered):
    client.force_login(evaluator)
    listing = client.get(f"/admin/snippets/surveys/participant/?cohort={answered.cohort_id}")
    assert erase_url(answered) in listing.content.decode()

    confirm = client.get(erase_url(answered))
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert 'method="post"' in page and "Kept" in page and "pseudonymous code" in page
    answered.refresh_from_db()
    assert answered.erased_at is None and answered.email  # GET changes nothing

    response = client.post(erase_url(answered))
    assert response.status_code == 302
    answered.refresh_from_db()
    assert answered.erased_at is not None and answered.email == ""
    assert ErasureRecord.objects.get(participant_code=answered.code).erased_by == evaluator

    listing = client.get(f"/admin/snippets/surveys/participant/?cohort={answered.cohort_id}")
    assert erase_url(answered) not in listing.content.decode()  # nothing left to erase
    reissue = f"/admin/surveys/participants/{answered.pk}/reissue/"
    token = answered.token
    assert client.post(reissue).status_code in (302, 403)  # Wagtail redirects a refusal
    answered.refresh_from_db()
    assert answered.token == token and answered.revoked_at is not None
    log = client.get("/admin/reports/erasures/")
    assert log.status_code == 200
    assert answered.code in log.content.decode() and "evaluator" in log.content.decode()


def test_erasing_needs_a_post_with_csrf(evaluator, answered):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(evaluator)
    assert strict.post(erase_url(answered)).status_code == 403
    answered.refresh_from_db()
    assert answered.erased_at is None


def test_other_admin_users_can_neither_erase_nor_read_the_log(
    client, admin_user_without_rights, answered
):
    erase_participant(Participant.objects.create(**_copy(answered, "GVA-002")))
    client.force_login(admin_user_without_rights)
    for response in (client.get(erase_url(answered)), client.post(erase_url(answered))):
        assert response.status_code in (302, 403)
    answered.refresh_from_db()
    assert answered.erased_at is None and answered.email == PERSONAL["email"]
    log = client.get("/admin/reports/erasures/")
    assert log.status_code in (302, 403)
    assert "GVA-002" not in log.content.decode()


def _copy(participant: Participant, code: str) -> dict:
    fields = ("cohort", "country", "sex", "office_type", "stakeholder_group", "language")
    return {"code": code, **{name: getattr(participant, name) for name in fields}}


def test_deleting_a_participant_leaves_no_library_rows(answered, instrument, cohort):
    response_ids = list(
        Submission.objects.filter(participant=answered).values_list("response_id", flat=True)
    )
    assert Answer.objects.filter(response_id__in=response_ids).count() == len(ANSWERS)
    answered.delete()
    assert not Response.objects.filter(pk__in=response_ids).exists()
    assert not Answer.objects.filter(response_id__in=response_ids).exists()


def test_the_admin_delete_removes_the_answers_too(client, evaluator, answered):
    response_ids = list(
        Submission.objects.filter(participant=answered).values_list("response_id", flat=True)
    )
    client.force_login(evaluator)
    delete = f"/admin/snippets/surveys/participant/delete/{answered.pk}/"
    assert client.get(delete).status_code == 200
    assert client.post(delete).status_code == 302
    assert not Participant.objects.filter(pk=answered.pk).exists()
    assert not Response.objects.filter(pk__in=response_ids).exists()
    assert not Answer.objects.filter(response_id__in=response_ids).exists()
