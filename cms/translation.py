"""Translating content through wagtail-localize from catalogues of finished translations.

What a translator's work amounts to in the admin, done in one pass: the object becomes a
translation source, a Translation record is opened per target language, one StringTranslation
is stored per segment, then each target is published. Used by load_demo and by anything that
imports whole languages at once.
"""

from collections.abc import Mapping

from django.db import transaction
from django.db.models import Model
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)


class IncompleteCatalogue(Exception):
    """A catalogue lacks a translation for some of the object's text."""

    def __init__(self, language_code: str, missing: list[str]) -> None:
        self.language_code = language_code
        self.missing = missing
        super().__init__(
            f"No {language_code} translation for {len(missing)} segment(s), e.g. {missing[0]!r}"
        )


def translate_from_catalogues(
    instance: Model, catalogues: Mapping[Locale, Mapping[str, str]], user=None
) -> list[Model]:
    """Translate `instance` into each locale with its catalogue (source text -> translation).

    Every catalogue is checked before anything is written, and a missing segment raises
    IncompleteCatalogue instead of letting wagtail-localize publish the source language in
    its place. Returns the published translations, in the catalogues' order.
    """
    if isinstance(instance, Page):
        instance = instance.specific
    with transaction.atomic():
        source, created = TranslationSource.get_or_create_from_instance(instance)
        if not created:
            source.update_from_db()  # segments of the latest published source
        segments = list(
            StringSegment.objects.filter(source=source).select_related("string", "context")
        )
        for locale, catalogue in catalogues.items():
            missing = [s.string.data for s in segments if s.string.data not in catalogue]
            if missing:
                raise IncompleteCatalogue(locale.language_code, missing)

        translated = []
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
            # fallback=False: a segment without translation raises rather than publishing
            # English. Pages are published on commit, i.e. when this block ends.
            target, _created = source.create_or_update_translation(
                locale, user=user, publish=True, copy_parent_pages=True, fallback=False
            )
            translated.append(target)
    return [type(t).objects.get(pk=t.pk) for t in translated]
