"""Self-enrolment sent twice: recognising the same person so no second participant is made.

A reload or a double tap posts the same form again; a kiosk at the door posts many people's
forms from one browser. So the session remembers, per cohort, what was sent and the link it
got: the same answers (or the same e-mail) from the same session are the same person; other
answers from that session are someone else.
"""

import hashlib
import json

from django.contrib.sessions.backends.base import SessionBase

from .models import Cohort, Participant

SESSION_KEY = "surveys_self_enrolments"
IGNORED = {"consent", "website"}


def fingerprint(data: dict) -> str:
    """A digest of the answers, so the session holds nothing personal in clear."""
    kept = {key: str(value).strip().lower() for key, value in data.items() if key not in IGNORED}
    return hashlib.sha256(json.dumps(kept, sort_keys=True).encode()).hexdigest()


def _email_digest(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest() if email else ""


def remember(session: SessionBase, cohort: Cohort, data: dict, participant: Participant) -> None:
    enrolments = dict(session.get(SESSION_KEY, {}))
    enrolments[str(cohort.pk)] = {
        "fingerprint": fingerprint(data),
        "email": _email_digest(data.get("email", "")),
        "participant": participant.pk,
    }
    session[SESSION_KEY] = enrolments


def remembered(session: SessionBase, cohort: Cohort, data: dict) -> Participant | None:
    """The participant this session enrolled in `cohort` with these answers or this e-mail."""
    entry = session.get(SESSION_KEY, {}).get(str(cohort.pk))
    if not entry:
        return None
    email = _email_digest(data.get("email", ""))
    if entry["fingerprint"] != fingerprint(data) and not (email and entry["email"] == email):
        return None
    return Participant.objects.filter(
        pk=entry["participant"], cohort=cohort, revoked_at__isnull=True
    ).first()


def enrolled_with(cohort: Cohort, email: str) -> Participant | None:
    """The cohort's participant with this e-mail (letter case aside), if any, still active."""
    return (
        Participant.objects.filter(
            cohort=cohort, email__iexact=email.strip(), revoked_at__isnull=True
        )
        .order_by("pk")
        .first()
    )
