"""Writing an invitation or a reminder for one participant: their language's text (or the
source language's, logged, when the translation is missing or lost a placeholder), their
personal link, when the window closes, and a signed link to stop the reminders.

Plain text plus a simple HTML part with the language's direction: no images, no tracking."""

import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.template.defaultfilters import linebreaks
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_bidi, override
from django.utils.translation import gettext as _
from wagtail.models import Locale, Site

from .models import CohortPhase, InvitationMessage, MessageKind, Participant
from .models.outreach import PLACEHOLDER

logger = logging.getLogger(__name__)

OPT_OUT_SALT = "surveys.opt-out"
LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


class MissingMessage(Exception):
    """No usable invitation text in the source language for this phase."""

    def __init__(self, phase: str) -> None:
        self.phase = phase
        super().__init__(f"No invitation message for the {phase} phase")


@dataclass
class Composed:
    subject: str
    text: str
    html: str
    language: str  # the language it is written in
    fell_back: bool  # the participant's language had no usable text
    stop_link: str  # the opt-out link, also for the List-Unsubscribe header


def base_url() -> str:
    """Links in e-mails are absolute: the site's public address (WAGTAILADMIN_BASE_URL), else
    the default Wagtail site's root URL."""
    configured = getattr(settings, "WAGTAILADMIN_BASE_URL", None)
    if configured:
        return configured.rstrip("/")
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url.rstrip("/") if site else ""


def personal_link(participant: Participant) -> str:
    with override(participant.language):
        return base_url() + reverse("surveys:home", kwargs={"token": participant.token})


def opt_out_signature(participant: Participant, phase: str) -> str:
    """Signed, never expiring: a reminder months after the invitation still carries it."""
    return signing.Signer(salt=OPT_OUT_SALT).sign_object([participant.pk, phase], compress=True)


def read_opt_out_signature(value: str) -> tuple[int, str] | None:
    """(participant id, phase) from a signed opt-out link; None when altered or malformed."""
    try:
        pk, phase = signing.Signer(salt=OPT_OUT_SALT).unsign_object(value)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return (pk, phase) if isinstance(pk, int) and isinstance(phase, str) else None


def opt_out_link(participant: Participant, phase: str) -> str:
    with override(participant.language):
        path = reverse("surveys:opt_out", kwargs={"signed": opt_out_signature(participant, phase)})
    return base_url() + path


def source_language() -> str:
    return Locale.get_default().language_code


def messages_for(phases: set[str]) -> dict[tuple[str, str], InvitationMessage]:
    """Every language's usable text of these phases, by (phase, language), in one query."""
    found = InvitationMessage.objects.filter(phase__in=phases).select_related("locale")
    return {(m.phase, m.locale.language_code): m for m in found if m.usable}


def pick_message(
    texts: dict[tuple[str, str], InvitationMessage], phase: str, language: str
) -> tuple[InvitationMessage, bool]:
    """The participant's language's text, else the source language's (fell back: True)."""
    if (phase, language) in texts:
        return texts[(phase, language)], False
    source = texts.get((phase, source_language()))
    if source is None:
        raise MissingMessage(phase)
    logger.info("No usable %s invitation in %s: sent in %s", phase, language, source_language())
    return source, True


def closing_time(cohort_phase: CohortPhase) -> str:
    """When the window closes, written the participant's way (call under their language)."""
    moment = timezone.localtime(cohort_phase.closes_at)
    return f"{date_format(moment, 'DATETIME_FORMAT')} ({timezone.get_current_timezone_name()})"


def _fill(template: str, values: dict[str, str]) -> str:
    """Placeholders replaced; any other brace is left as typed (no str.format surprises)."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), template)


def compose(
    participant: Participant,
    cohort_phase: CohortPhase,
    kind: str,
    texts: dict[tuple[str, str], InvitationMessage],
    link: str | None = None,
    stop_link: str | None = None,
) -> Composed:
    """The message for `participant`; `link` and `stop_link` default to their real ones (the
    test send to an evaluator passes harmless ones)."""
    message, fell_back = pick_message(texts, cohort_phase.phase, participant.language)
    language = message.locale.language_code
    link = link or personal_link(participant)
    stop_link = stop_link or opt_out_link(participant, cohort_phase.phase)
    with override(language):
        values = {
            "name": participant.name or _("participant"),
            "link": link,
            "closes": closing_time(cohort_phase),
            "cohort": participant.cohort.name,
        }
        # One line whatever a translation holds: a line break in a header is refused.
        # (Only line breaks: French keeps its non-breaking spaces.)
        subject = LINE_BREAKS.sub(" ", _fill(message.subject, values)).strip()
        body = _fill(message.body, values)
        reminder = ""
        if kind == MessageKind.REMINDER:
            subject = _("Reminder: %(subject)s") % {"subject": subject}
            reminder = _(
                "A reminder: we have not yet received your answers. The questionnaire "
                "closes on %(closes)s."
            ) % {"closes": values["closes"]}
        footer = _(
            "You receive this e-mail because you are enrolled in %(cohort)s. To receive no "
            "more reminders for this questionnaire, open this link:"
        ) % {"cohort": values["cohort"]}
        text = "\n\n".join(part for part in (reminder, body) if part)
        text = f"{text}\n\n-- \n{footer}\n{stop_link}\n"
        html = render_to_string(
            "surveys/email/message.html",
            {
                "language": language,
                "direction": "rtl" if get_language_bidi() else "ltr",
                "subject": subject,
                "reminder": reminder,
                "body": _html_body(message.body, values),
                "footer": footer,
                "stop_link": stop_link,
                "stop_label": _("Stop the reminders for this questionnaire"),
            },
        )
    return Composed(subject, text, html, language, fell_back, stop_link)


def _html_body(template: str, values: dict[str, str]) -> str:
    """The body as paragraphs, every value escaped, the personal link a real link."""
    escaped = {name: str(conditional_escape(value)) for name, value in values.items()}
    # A long link wraps on a phone instead of widening the message; it reads left to right
    # inside Arabic text.
    escaped["link"] = format_html(
        '<a href="{}" dir="ltr" style="overflow-wrap:anywhere;word-break:break-all;">{}</a>',
        values["link"],
        values["link"],
    )
    text = _fill(str(conditional_escape(template)), escaped)
    return mark_safe(linebreaks(mark_safe(text), autoescape=False))  # noqa: S308 (escaped above)
