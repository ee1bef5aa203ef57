"""The personal-link e-mail after self-enrolment, as a background task whose outcome is kept on
the participant: the evaluators' listing shows when it was sent, or why it was not.

The message goes straight to the backend that really sends (EMAIL_DELIVERY_BACKEND when the
host site queues its mail in front of one, else EMAIL_BACKEND), so "sent" means the mail server
took it. Logs name the recipient's domain only."""

import logging

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

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
