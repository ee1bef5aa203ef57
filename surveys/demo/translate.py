"""Translating the demo instruments through wagtail-localize from PO catalogues.

The catalogues are keyed by the English text exactly as wagtail-localize extracts it (a
TextField's line breaks become ``<br/>``; each choice of a StreamField is its own segment).
This is what a translator's work amounts to in the admin, done in one pass; the surveys app
keeps its own few lines rather than importing the site's (it installs without ``cms``).
"""

import functools
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import polib
from django.db import transaction
from django.db.models import Model
from django.utils.translation import to_locale
from wagtail.models import Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"


class MissingSegments(Exception):
    """A catalogue lacks the translation of some of the object's text."""

    def __init__(self, language_code: str, missing: list[str]) -> None:
        self.language_code = language_code
        self.missing = missing
        super().__init__(
            f"No {language_code} translation for {len(missing)} segment(s), e.g. {missing[0]!r}"
        )


@functools.cache
def load_catalogue(language_code: str) -> Mapping[str, str]:
    """{English segment: translation} for one language (``zh-hans`` reads ``zh_Hans.po``)."""
    path = TRANSLATIONS_DIR / f"{to_locale(language_code)}.po"
    po = polib.pofile(str(path))
    return MappingProxyType(
        {entry.msgid: entry.msgstr for entry in po if entry.msgstr and not entry.obsolete}
    )


@transaction.atomic
def translate(instance: Model, locales: list[Locale], user=None) -> None:
    """Translate `instance` into each of `locales` from the demo catalogues."""
    catalogues = {locale: load_catalogue(locale.language_code) for locale in locales}
    translate_from(instance, catalogues, user=user)


@transaction.atomic
def translate_from(
    instance: Model,
    catalogues: Mapping[Locale, Mapping[str, str]],
    user=None,
    **options,
) -> None:
    """Translate `instance` into each locale of `catalogues` ({English segment: text}) as a
    translator would, and publish; `options` go to wagtail-localize (copy_parent_pages=True
    for a page).

    Every catalogue is checked before anything is written: a missing segment raises
    MissingSegments, and fallback=False makes wagtail-localize refuse too, so English never
    stands in for a translation.
    """
    source, created = TranslationSource.get_or_create_from_instance(instance)
    if not created:
        source.update_from_db()
    segments = list(StringSegment.objects.filter(source=source).select_related("string", "context"))
    for locale, catalogue in catalogues.items():
        missing = [s.string.data for s in segments if s.string.data not in catalogue]
        if missing:
            raise MissingSegments(locale.language_code, missing)

    for locale, catalogue in catalogues.items():
        Translation.objects.update_or_create(
            source=source, target_locale=locale, defaults={"enabled": True}
        )
        for segment in segments:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": catalogue[segment.string.data],
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                    "last_translated_by": user,
                },
            )
        source.create_or_update_translation(
            locale, user=user, publish=True, fallback=False, **options
        )


def missing_locales(instance) -> list[Locale]:
    """The site's other languages that `instance` has no translation in yet."""
    return [
        locale
        for locale in Locale.objects.exclude(pk=instance.locale_id).order_by("language_code")
        if not instance.has_translation(locale)
    ]
