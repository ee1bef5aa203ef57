"""The demo's invitation messages, one per phase, written in English and translated into the
other languages through wagtail-localize from the demo catalogues, like the instruments."""

from wagtail.models import Locale

from ..models import InvitationMessage, Phase

SIGNATURE = "\n\nThank you,\nThe project team"
LINK = "\n\nYour personal link (do not share it):\n{link}\n\nThe questionnaire closes on {closes}."

MESSAGES = {
    Phase.PRE: (
        "Before the training: your self-assessment for {cohort}",
        "Dear {name},\n\nThank you for taking part in {cohort}. Before the training starts, "
        "please tell us in about ten minutes what you can do today: the same questions come "
        "back after the training, so that the project can see what changed." + LINK + SIGNATURE,
    ),
    Phase.POST: (
        "After the training: your self-assessment for {cohort}",
        "Dear {name},\n\nThank you for taking part in {cohort}. Please answer the same "
        "questions as before the training, in about ten minutes: your answers show what the "
        "training changed, and at the end you see your own change." + LINK + SIGNATURE,
    ),
    Phase.FEEDBACK: (
        "Your feedback on {cohort}",
        "Dear {name},\n\nHow useful was {cohort} for your work? Your feedback takes about "
        "five minutes and helps us improve the next workshops." + LINK + SIGNATURE,
    ),
    Phase.FOLLOW_UP: (
        "Follow-up: what has your office put in place since {cohort}?",
        "Dear {name},\n\nSome time has passed since {cohort}. Please tell us whether your "
        "office has adopted or updated a crisis-management or business-continuity framework "
        "since then; it takes about five minutes." + LINK + SIGNATURE,
    ),
}


def ensure_messages() -> list[InvitationMessage]:
    """The four English messages (found by phase, never duplicated)."""
    source = Locale.get_default()
    found = []
    for phase, (subject, body) in MESSAGES.items():
        message = InvitationMessage.objects.filter(phase=phase, locale=source).first()
        if message is None:
            message = InvitationMessage(phase=phase, locale=source, subject=subject, body=body)
            message.full_clean()
            message.save()
        found.append(message)
    return found
