"""The personal-link e-mail after self-enrolment, as a background task whose outcome is kept on
the participant: the evaluators' listing shows when it was sent, or why it was not.

The message goes straight to the backend that really sends (EMAIL_DELIVERY_BACKEND when the
host site queues its mail in front of one, else EMAIL_BACKEND), so "sent" means the mail server
took it. Logs name the recipient's domain only."""

import datetime
import logging

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import TaskResultStatus, task

from . import delivery, outreach
from .models import Participant

logger = logging.getLogger(__name__)


class LinkMailError(Exception):
    """Raised without the original error, whose text may quote the address: the worker logs
    this traceback."""


def link_message(participant: Participant, link: str) -> tuple[str, str]:
    """Subject and body, in the participant's language."""
    with override(participant.language):
        subject = _("Your personal link for %(cohort)s") % {"cohort": participant.cohort.name}
        body = _(
            "Thank you for enrolling. Keep this link: it opens your questionnaires before "
            "and after the training, and only you have it.\n\n%(link)s\n"
        ) % {"link": link}
    return subject, body


def record_link_mail_error(participant_id: int, error: str) -> None:
    Participant.objects.filter(pk=participant_id).update(link_mail_error=error[:500])


@task()
def send_personal_link(participant_id: int, link: str) -> bool:
    """E-mail the participant their personal link; False when there is nobody to write to."""
    participant = Participant.objects.select_related("cohort").filter(pk=participant_id).first()
    if participant is None or not participant.email:
        return False
    subject, body = link_message(participant, link)
    backend = getattr(settings, "EMAIL_DELIVERY_BACKEND", None)
    try:
        send_mail(subject, body, None, [participant.email], connection=get_connection(backend))
    except Exception as error:
        domain = participant.email.rpartition("@")[2]
        logger.warning(
            "Personal link to an address at %s not sent: %s", domain, type(error).__name__
        )
        record_link_mail_error(participant_id, f"{type(error).__name__}: {error}")
        raise LinkMailError(f"{type(error).__name__} sending to an address at {domain}") from None
    Participant.objects.filter(pk=participant_id).update(
        link_mailed_at=timezone.now(), link_mail_error=""
    )
    return True


# --- Invitations and reminders (surveys.outreach plans, surveys.delivery sends) ---


def start_delivery(delay: datetime.timedelta | None = None) -> None:
    """Queue a delivery run once the current transaction commits (the planned rows must be
    visible to the worker). A delay needs a backend that defers; without one, the next pass
    of the schedule retries."""

    def enqueue() -> None:
        if delay is None:
            deliver_outreach.enqueue()
        elif deliver_outreach.get_backend().supports_defer:
            deliver_outreach.using(run_after=timezone.now() + delay).enqueue()

    transaction.on_commit(enqueue)


@task()
def deliver_outreach() -> int:
    """One batch of invitations and reminders, then the next batch as a new task (so other
    jobs run in between, and an interrupted worker loses one batch at most)."""
    result = delivery.deliver_with_lease()
    if result is None:  # another worker is sending: it will carry on
        return 0
    if result.server_unreachable:
        start_delivery(delay=delivery.RETRY_AFTER)
    elif result.sent + result.refused + result.skipped and outreach.pending_count():
        start_delivery()
    return result.sent


def outreach_every() -> datetime.timedelta:
    return datetime.timedelta(seconds=int(getattr(settings, "SURVEYS_OUTREACH_EVERY", 900)))


def schedule_outreach() -> bool:
    """Keep one pass of the schedule queued for later, when the task backend is
    django-tasks-db (which defers tasks and can be asked what is queued); False otherwise:
    then cron runs `send_reminders`."""
    try:
        from django_tasks_db import DatabaseBackend
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - another backend installed instead
        return False
    backend = outreach_pass.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return False
    waiting = DBTaskResult.objects.filter(
        task_path=outreach_pass.module_path,
        status=TaskResultStatus.READY,
        backend_name=backend.alias,
    )
    if not waiting.exists():
        outreach_pass.using(run_after=timezone.now() + outreach_every()).enqueue()
    return True


@task()
def outreach_pass() -> dict:
    """The schedule's pass (invitations on opening, reminders due), then the next one."""
    result = outreach.run_outreach()
    if outreach.pending_count():
        start_delivery()
    schedule_outreach()
    return {"invited": result.invited, "reminded": result.reminded}
