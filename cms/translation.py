"""Translating content through wagtail-localize from a catalogue of finished translations.

The same path a translator's work takes in the admin: submit the object for translation,
store one StringTranslation per segment, then publish the target. Used by load_demo and by
anything that imports a whole language at once.
"""

from collections.abc import Mapping

from django.db import transaction
from django.db.models import Model
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource
from wagtail_localize.operations import translate_object


class IncompleteCatalogue(Exception):
    """The catalogue lacks a translation for some of the object's text."""

    def __init__(self, language_code: str, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(
            f"No {language_code} translation for {len(missing)} segment(s), e.g. {missing[0]!r}"
        )


def translate_from_catalogue(
    instance: Model, locale: Locale, catalogue: Mapping[str, str], user=None
) -> Model:
    """Translate `instance` into `locale` with `catalogue` (source text -> translated text).

    Refuses (and writes no translated page) when any segment has no translation, rather than
    letting wagtail-localize fall back silently to the source language. Returns the published
    translated object.
    """
    with transaction.atomic():
        translate_object(instance, [locale], user=user)
        source, _created = TranslationSource.update_or_create_from_instance(instance)
        segments = StringSegment.objects.filter(source=source).select_related("string", "context")
        missing = [s.string.data for s in segments if s.string.data not in catalogue]
        if missing:
            raise IncompleteCatalogue(locale.language_code, missing)
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
        # fallback=False: a segment without translation raises instead of publishing English.
        # The page's revision is published on commit, i.e. when this block ends.
        translated, _created = source.create_or_update_translation(
            locale, user=user, publish=True, copy_parent_pages=True, fallback=False
        )
    return type(instance).objects.get(pk=translated.pk)
