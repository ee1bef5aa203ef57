"""Every e-mail the site sends goes through the task worker: EMAIL_BACKEND is the
QueuedEmailBackend below, which stores each message as a task; the worker delivers it with the
backend named by EMAIL_DELIVERY_BACKEND (SMTP in production, the console in development).

So a slow or absent mail server never holds up a request (password reset, Wagtail's
moderation notices), and a failed delivery is logged, with the recipients' domains only, and
kept as a failed task result (django_tasks_db's DBTaskResult) instead of vanishing.
"""

import base64
import logging
import smtplib
from email.mime.base import MIMEBase
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django_tasks import task

logger = logging.getLogger(__name__)


class MailDeliveryError(Exception):
    """Raised by the delivery task without the original message, which may name the
    recipients: the worker logs this exception's traceback."""


def delivery_connection(fail_silently: bool = False) -> BaseEmailBackend:
    return get_connection(
        getattr(settings, "EMAIL_DELIVERY_BACKEND", None), fail_silently=fail_silently
    )


def domains(addresses: list[str]) -> str:
    """The recipients' domains, for logs: no personal data."""
    return ", ".join(sorted({address.rpartition("@")[2].strip(">") for address in addresses}))


def describe(error: Exception) -> str:
    """What went wrong, for logs and the task result, without the addresses an SMTP
    server's reply may quote: the reply code, or the network error."""
    name = type(error).__name__
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{name} {error.smtp_code}"
    if isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException):
        return f"{name}: {error}"  # connection refused, timeout, TLS: about the server
    return name


def to_json(message: EmailMessage) -> dict[str, Any]:
    """A message as task arguments (JSON). Raises TypeError for a ready-made MIME
    attachment, which only the original object can carry."""
    attachments = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            raise TypeError("MIME attachments cannot be queued")
        filename, content, mimetype = attachment
        binary = isinstance(content, bytes)
        if binary:
            content = base64.b64encode(content).decode("ascii")
        attachments.append([filename, content, mimetype, binary])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {key: str(value) for key, value in message.extra_headers.items()},
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
        "content_subtype": message.content_subtype,
        "encoding": message.encoding,
    }


def from_json(data: dict[str, Any]) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        alternatives=[tuple(alternative) for alternative in data["alternatives"]],
    )
    for filename, content, mimetype, binary in data["attachments"]:
        message.attach(filename, base64.b64decode(content) if binary else content, mimetype)
    message.content_subtype = data["content_subtype"]
    message.encoding = data["encoding"]
    return message


def deliver(message: EmailMessage) -> None:
    """Send now through the delivery backend; a failure is logged and raised, never
    swallowed."""
    try:
        delivery_connection().send_messages([message])
    except Exception as error:
        what = f"{describe(error)} delivering to {domains(message.recipients())}"
        logger.warning("E-mail not delivered: %s", what)
        raise MailDeliveryError(what) from None


@task()
def deliver_email(data: dict[str, Any]) -> int:
    deliver(from_json(data))
    return 1


class QueuedEmailBackend(BaseEmailBackend):
    """Queues each message for the worker and returns at once."""

    def send_messages(self, email_messages: list[EmailMessage]) -> int:
        queued = 0
        for message in email_messages:
            if not message.recipients():
                continue
            try:
                try:
                    data = to_json(message)
                except TypeError:  # cannot be queued: sent now, as Django would have
                    deliver(message)
                else:
                    deliver_email.enqueue(data)
            except Exception:
                logger.exception("E-mail to %s not queued", domains(message.recipients()))
                if not self.fail_silently:
                    raise
                continue
            queued += 1
        return queued
