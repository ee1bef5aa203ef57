"""The surveys demo: three instruments in six languages, two cohorts and their participants,
built through the same models and services as real data. Safe to run again: instruments are
found by code and cohorts by slug, and nothing present is added twice."""

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale

from ..models import Instrument, Item
from ..storage import sync_storage
from .cohorts import ensure_cohorts
from .instruments import ensure_instruments
from .messages import ensure_messages
from .participants import load_participants
from .translate import missing_locales, translate


def ensure_locales() -> None:
    """The site's content languages as Wagtail locales (the surveys install without cms)."""
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def load_demo_instruments(user=None) -> tuple[dict[str, Instrument], list[str], int]:
    """The three instruments in six languages: (instruments by code, codes created now,
    translations made now)."""
    ensure_locales()
    instruments, created = ensure_instruments()
    translated = 0
    for instrument in instruments.values():
        locales = missing_locales(instrument)
        if locales:
            translate(instrument, locales, user=user)
            translated += len(locales)
            # Every language's copy and item now point at the same library rows.
            sync_storage(instrument)
    unlinked = Item.objects.filter(
        instrument__translation_key__in=[i.translation_key for i in instruments.values()],
        question__isnull=True,
    )
    if unlinked.exists():
        raise RuntimeError(f"Items without library rows: {list(unlinked)}")
    return instruments, created, translated


def translate_missing(messages, user=None) -> int:
    """Each invitation message into the languages it lacks; returns how many were made."""
    made = 0
    for message in messages:
        if locales := missing_locales(message):
            translate(message, locales, user=user)
            made += len(locales)
    return made


@transaction.atomic
def load_survey_demo(user=None) -> dict:
    """Load the surveys demo; returns what was added."""
    instruments, created, translated = load_demo_instruments(user=user)
    messages = translate_missing(ensure_messages(), user)
    cohorts, new_cohorts = ensure_cohorts(instruments)
    answered = load_participants(new_cohorts, instruments) if new_cohorts else {}
    return {
        "instruments_created": len(created),
        "instrument_translations": translated,
        "instruments": Instrument.objects.filter(code__in=instruments).count(),
        "message_translations": messages,
        "cohorts_created": len(new_cohorts),
        "participants_created": answered.get("participants", 0),
        "submitted": answered.get("submitted", 0),
        "drafts": answered.get("drafts", 0),
    }
