"""Sending what was planned (surveys.outreach): a batch at a time, paced to the rate the
office's mail relay accepts, each message claimed before it is sent so that two workers, or a
worker started again after a crash, never send it twice.

A message the server refuses for good (5xx) is marked bounced, a temporary refusal (4xx)
failed, both with the server's answer for the evaluators; when the server cannot be reached
at all, the batch stops and the messages wait for a later attempt (three at most). Logs name
the recipient's domain only."""

import datetime
import logging
import secrets
import smtplib
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F
from django.utils import timezone

from .invitations import MissingMessage, compose, messages_for
from .models import CohortPhase, MessageStatus, OptOut, OutreachMessage, Submission
from .models.outreach import MessageKind

logger = logging.getLogger(__name__)

LEASE_KEY = "surveys:outreach-delivery"
MAX_ATTEMPTS = 3
RETRY_AFTER = datetime.timedelta(minutes=5)


@dataclass
class BatchResult:
    sent: int = 0
    refused: int = 0
    skipped: int = 0
    server_unreachable: bool = False


def batch_size() -> int:
    return max(1, int(getattr(settings, "SURVEYS_MAIL_BATCH", 50)))


def pause_seconds() -> float:
    """Seconds between two messages; SURVEYS_MAIL_RATE is messages per minute (0: no pause)."""
    rate = float(getattr(settings, "SURVEYS_MAIL_RATE", 60))
    return 60.0 / rate if rate > 0 else 0.0


def _domain(address: str) -> str:
    return address.rpartition("@")[2]


def _refusal(error: Exception) -> tuple[str, str] | None:
    """(status, the server's answer) for a refusal of this one message; None when the server
    itself is the problem (unreachable, disconnected)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, reply = next(iter(error.recipients.values()), (0, b""))
    elif isinstance(error, smtplib.SMTPResponseException):
        code, reply = error.smtp_code, error.smtp_error
    elif isinstance(error, (smtplib.SMTPServerDisconnected, OSError)):
        return None
    else:
        return MessageStatus.FAILED, type(error).__name__
    if isinstance(reply, bytes):
        reply = reply.decode("utf-8", "replace")
    status = MessageStatus.BOUNCED if 500 <= code < 600 else MessageStatus.FAILED
    return status, f"{code} {reply}"[:500]


def _context(messages: list[OutreachMessage]):
    """Phases, texts, submissions and opt-outs of a batch: four queries whatever its size."""
    cohorts = {m.participant.cohort_id for m in messages}
    phases = {
        (p.cohort_id, p.phase): p
        for p in CohortPhase.objects.filter(cohort__in=cohorts).select_related("cohort")
    }
    texts = messages_for({m.phase for m in messages})
    people = [m.participant_id for m in messages]
    submitted = set(
        Submission.objects.filter(participant__in=people, submitted_at__isnull=False).values_list(
            "participant", "phase"
        )
    )
    opted_out = set(
        OptOut.objects.filter(participant__in=people).values_list("participant", "phase")
    )
    return phases, texts, submitted, opted_out


def _still_wanted(message, phase, submitted, opted_out) -> bool:
    person = message.participant
    if phase is None or not person.email or person.revoked_at is not None:
        return False
    if (person.pk, message.phase) in submitted:
        return False
    return not (message.kind == MessageKind.REMINDER and (person.pk, message.phase) in opted_out)


def deliver_batch(limit: int, keep_alive: Callable[[], None] = lambda: None) -> BatchResult:
    """Send up to `limit` pending messages, oldest first; `keep_alive` is called before each."""
    result = BatchResult()
    messages = list(
        OutreachMessage.objects.filter(status=MessageStatus.PENDING)
        .select_related("participant__cohort")
        .order_by("pk")[:limit]
    )
    if not messages:
        return result
    phases, texts, submitted, opted_out = _context(messages)
    connection = get_connection(getattr(settings, "EMAIL_DELIVERY_BACKEND", None))
    pause = pause_seconds()
    try:
        for number, message in enumerate(messages):
            if number and pause:
                time.sleep(pause)
            keep_alive()
            claimed = OutreachMessage.objects.filter(
                pk=message.pk, status=MessageStatus.PENDING
            ).update(
                status=MessageStatus.SENDING,
                claimed_at=timezone.now(),
                attempts=F("attempts") + 1,
            )
            if not claimed:  # another worker has it
                continue
            phase = phases.get((message.participant.cohort_id, message.phase))
            if not _still_wanted(message, phase, submitted, opted_out):
                # Submitted, opted out or revoked since it was planned: never sent.
                OutreachMessage.objects.filter(pk=message.pk).delete()
                result.skipped += 1
                continue
            if not _send(connection, message, phase, texts, result):
                break
    finally:
        connection.close()
    return result


def _send(connection, message: OutreachMessage, phase: CohortPhase, texts, result) -> bool:
    """Send one claimed message and record the outcome; False when the server is unreachable
    (the message waits for the next attempt)."""
    person = message.participant
    try:
        composed = compose(person, phase, message.kind, texts)
    except MissingMessage:
        _finish(message, MessageStatus.FAILED, "No invitation text for this phase.")
        result.refused += 1
        return True
    email = EmailMultiAlternatives(composed.subject, composed.text, None, [person.email])
    email.attach_alternative(composed.html, "text/html")
    email.extra_headers["List-Unsubscribe"] = f"<{composed.stop_link}>"
    email.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    try:
        connection.send_messages([email])
    except Exception as error:
        refusal = _refusal(error)
        if refusal is None:
            logger.warning("Mail server unreachable (%s): outreach paused", type(error).__name__)
            connection.close()
            failed = message.attempts + 1 >= MAX_ATTEMPTS
            _finish(
                message,
                MessageStatus.FAILED if failed else MessageStatus.PENDING,
                f"{type(error).__name__}: {error}"[:500],
            )
            result.server_unreachable = True
            return False
        status, answer = refusal
        logger.warning(
            "%s to an address at %s %s: %s",
            message.kind,
            _domain(person.email),
            status,
            answer.split(" ", 1)[0],
        )
        _finish(message, status, answer, language=composed.language)
        result.refused += 1
        return True
    _finish(message, MessageStatus.SENT, "", language=composed.language, sent=True)
    result.sent += 1
    return True


def _finish(message, status: str, error: str, language: str = "", sent: bool = False) -> None:
    OutreachMessage.objects.filter(pk=message.pk).update(
        status=status,
        error=error,
        language=language,
        sent_at=timezone.now() if sent else None,
        claimed_at=None,
    )


def lease_seconds() -> int:
    """Renewed before each message: long enough for one pause and one message at the mail
    server's timeout. A worker that dies leaves it to expire that soon."""
    timeout = int(getattr(settings, "EMAIL_TIMEOUT", None) or 30)
    return int(pause_seconds() + timeout) + 30


def deliver_with_lease() -> BatchResult | None:
    """One batch, unless another worker is already sending (one sender keeps the pace);
    None when it is."""
    token = secrets.token_hex(8)
    if not cache.add(LEASE_KEY, token, timeout=lease_seconds()):
        return None
    try:
        return deliver_batch(batch_size(), lambda: cache.touch(LEASE_KEY, lease_seconds()))
    finally:
        if cache.get(LEASE_KEY) == token:
            cache.delete(LEASE_KEY)
