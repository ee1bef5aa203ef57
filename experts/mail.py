"""The network's e-mails, each written in its recipient's language and sent once the change
that caused it is committed. The site's EMAIL_BACKEND queues every message for the task worker
(config.mail), so a slow mail server never holds up a coordinator or an expert.

Inside `with muted():` nothing is queued at all: the demo builds its requests through
experts.assistance, as a coordinator would, without writing to anyone."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from surveys.invitations import base_url

from .links import MAX_AGE_DAYS, answer_path, what_is_asked
from .models import AssistanceRequest, Proposal
from .roles import COORDINATORS

# A ContextVar rather than a module flag: muting one thread (or task) mutes no other.
_muted: ContextVar[bool] = ContextVar("experts_mail_muted", default=False)


@contextmanager
def muted() -> Iterator[None]:
    """Queue none of the network's e-mails inside the block (demo content, data fixes)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def _send_on_commit(subject: str, body: str, to: list[str]) -> None:
    to = [address for address in to if address]
    if to and not _muted.get():
        transaction.on_commit(lambda: send_mail(subject, body, None, to))


def _summary(request: AssistanceRequest) -> str:
    """What an expert needs to decide, in the active language: no requester contact."""
    asked = what_is_asked(request)
    return "\n".join(
        [
            _("Request %(reference)s") % {"reference": asked["reference"]},
            _("Country: %(country)s") % {"country": asked["country"]},
            _("Kind of crisis: %(kind)s") % {"kind": asked["crisis_kind"]},
            _("Urgency: %(urgency)s") % {"urgency": asked["urgency"]},
            _("Expertise needed: %(areas)s")
            % {"areas": ", ".join(asked["expertise_needed"]) or "—"},
            "",
            asked["description"],
        ]
    )


def request_received(request: AssistanceRequest) -> None:
    """To the requester: the request is in, with its reference."""
    with translation.override(request.language):
        subject = _("Your request for assistance %(reference)s was received") % {
            "reference": request.reference
        }
        body = _(
            "Dear %(name)s,\n\nThe IP-ROC network received your request for assistance for "
            "%(office)s. A coordinator will look for an expert and write to you again as soon "
            "as one agrees to help.\n\nReference: %(reference)s\n"
        ) % {"name": request.contact_name, "office": request.office, "reference": request.reference}
    _send_on_commit(subject, body, [request.contact_email])


def coordinators_to_notify() -> list[tuple[str, str]]:
    """(e-mail, language) of every active coordinator, in their admin language."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=COORDINATORS)
        .exclude(email="")
        .select_related("wagtail_userprofile")
        .distinct()
    )
    recipients = []
    for user in users:
        profile = getattr(user, "wagtail_userprofile", None)
        recipients.append((user.email, (profile and profile.preferred_language) or "en"))
    return recipients


def notify_coordinators(request: AssistanceRequest, what: str) -> None:
    """To every coordinator, in their language: `what` is a gettext_noop'd message with
    %(reference)s, translated per recipient."""
    path = reverse("experts_request", args=[request.pk])
    for email, language in coordinators_to_notify():
        with translation.override(language):
            subject = _(what) % {"reference": request.reference}
            body = f"{subject}\n\n{base_url()}{path}\n"
        _send_on_commit(subject, body, [email])


def expert_proposed(proposal: Proposal) -> None:
    """To the expert: the request, and their personal link to accept or decline it."""
    request, expert = proposal.request, proposal.expert
    with translation.override(proposal.language or "en"):
        subject = _("Can you help an IP office in a crisis? (%(reference)s)") % {
            "reference": request.reference
        }
        body = _(
            "Dear %(name)s,\n\nThe IP-ROC network's coordinators propose you for this request "
            "for assistance:\n\n%(summary)s\n\nPlease accept or decline it through your "
            "personal link (no account needed; it works for %(days)d days):\n%(link)s\n\n"
            "If you accept, the office receives your name and e-mail address.\n"
        ) % {
            "name": expert.name,
            "summary": _summary(request),
            "days": MAX_AGE_DAYS,
            "link": base_url() + answer_path(proposal),
        }
    _send_on_commit(subject, body, [expert.email])


def expert_accepted(proposal: Proposal) -> None:
    """To the requester, in their language: who will help, and how to reach them; and to the
    expert, in theirs: how to reach the office."""
    request, expert = proposal.request, proposal.expert
    with translation.override(request.language):
        subject = _("An expert will help with %(reference)s") % {"reference": request.reference}
        body = _(
            "Dear %(name)s,\n\n%(expert)s (%(email)s) agreed to help %(office)s with request "
            "%(reference)s and will contact you. You can also write to them directly.\n"
        ) % {
            "name": request.contact_name,
            "expert": expert.name,
            "email": expert.email,
            "office": request.office,
            "reference": request.reference,
        }
    _send_on_commit(subject, body, [request.contact_email])
    with translation.override(proposal.language or "en"):
        subject = _("Thank you: how to reach %(office)s") % {"office": request.office}
        body = _(
            "Dear %(name)s,\n\nThank you for accepting request %(reference)s. Please contact "
            "%(contact)s at %(office)s: %(email)s\n"
        ) % {
            "name": expert.name,
            "reference": request.reference,
            "contact": request.contact_name,
            "office": request.office,
            "email": request.contact_email,
        }
    _send_on_commit(subject, body, [expert.email])


def request_closed(request: AssistanceRequest) -> None:
    """To the requester: the request is closed (with the outcome) or declined (with why)."""
    with translation.override(request.language):
        if request.decline_reason and not request.outcome:
            subject = _("Your request %(reference)s: no expert could be found") % {
                "reference": request.reference
            }
            text = request.decline_reason
        else:
            subject = _("Your request %(reference)s is closed") % {"reference": request.reference}
            text = request.outcome
        body = f"{subject}\n\n{text}\n"
    _send_on_commit(subject, body, [request.contact_email])
