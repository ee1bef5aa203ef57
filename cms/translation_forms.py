"""The "Translate texts" form: every text of a wagtail-localize Translation on one page, each
next to its source, saved with one submit (the translation editor needs two clicks per text).

Values go through wagtail-localize's own checks (inline tags only, no new link ids); a text
with tags must also keep the source's tags, so that links and emphasis survive publishing.
"""

from collections import Counter
from dataclasses import dataclass

from bs4 import BeautifulSoup
from django import forms
from django.db import models, transaction
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.strings import StringValue, validate_translation_links


def _tags(html: str) -> Counter:
    soup = BeautifulSoup(html, "html.parser")
    return Counter(
        f"<{tag.name} id={tag['id']}>" if tag.get("id") else f"<{tag.name}>"
        for tag in soup.find_all(True)
        if tag.name != "br"
    )


@dataclass(frozen=True)
class Text:
    """One source text and its field in the form."""

    segment: StringSegment
    is_html: bool
    max_length: int | None

    @property
    def source(self) -> str:
        """What the translator reads: plain text, or the HTML with its tags for rich text."""
        data = self.segment.string.data
        return data if self.is_html else StringValue(data).render_text()

    @property
    def field_name(self) -> str:
        return f"text_{self.segment.pk}"


def _max_length(model: type[models.Model] | None, path: str) -> int | None:
    """The limit of the model field holding this text, when it is a plain field."""
    if model is None or "." in path:
        return None  # inside a StreamField or a child object: no model limit to read
    try:
        field = model._meta.get_field(path)
    except Exception:  # noqa: BLE001 - any lookup failure means "no known limit"
        return None
    return getattr(field, "max_length", None) if isinstance(field, models.CharField) else None


class TranslationTextsForm(forms.Form):
    """A textarea per text segment of `translation`, pre-filled with its current translation."""

    def __init__(self, *args, translation: Translation, **kwargs):
        super().__init__(*args, **kwargs)
        self.translation = translation
        locale = translation.target_locale
        try:
            bidi = get_language_info(locale.language_code)["bidi"]
        except KeyError:
            bidi = False
        model = translation.source.specific_content_type.model_class()
        segments = list(
            StringSegment.objects.filter(source=translation.source)
            .select_related("string", "context")
            .order_by("order")
        )
        self.existing = {
            (t.translation_of_id, t.context_id): t
            for t in StringTranslation.objects.filter(
                locale=locale, context_id__in=[s.context_id for s in segments]
            )
        }
        self.texts: list[Text] = []
        for segment in segments:
            text = Text(
                segment,
                is_html=bool(_tags(segment.string.data)),
                max_length=_max_length(model, segment.context.path),
            )
            self.texts.append(text)
            current = self.existing.get((segment.string_id, segment.context_id))
            initial = ""
            if current is not None:
                initial = current.data if text.is_html else StringValue(current.data).render_text()
            self.fields[text.field_name] = forms.CharField(
                label=text.source,
                required=False,
                max_length=text.max_length,
                initial=initial,
                widget=forms.Textarea(
                    attrs={
                        "rows": 2,
                        "lang": locale.language_code,
                        "dir": "rtl" if bidi else "ltr",
                    }
                ),
            )

    def rows(self) -> list[tuple[Text, forms.BoundField]]:
        return [(text, self[text.field_name]) for text in self.texts]

    def _clean_text(self, text: Text, value: str) -> str:
        """The value as wagtail-localize stores it (HTML), or a ValidationError."""
        value = value.replace("\r\n", "\n")
        if not text.is_html:
            return StringValue.from_plaintext(value).data
        try:
            StringValue.from_translated_html(value)
            validate_translation_links(text.segment.string.data, value)
        except ValueError as error:
            raise forms.ValidationError(str(error.args[0])) from error
        expected, found = _tags(text.segment.string.data), _tags(value)
        if expected != found:
            raise forms.ValidationError(
                _("Keep the same tags as the source: %(tags)s.")
                % {"tags": ", ".join(sorted(expected.elements()))}
            )
        return value

    def clean(self):
        cleaned = super().clean()
        for text in self.texts:
            value = cleaned.get(text.field_name)
            if not value:
                continue  # empty: left untranslated (an existing translation is kept)
            try:
                cleaned[text.field_name] = self._clean_text(text, value)
            except forms.ValidationError as error:
                self.add_error(text.field_name, error)
        return cleaned

    def save(self, user) -> int:
        """Store every valid, changed text (also when other fields have errors); how many."""
        cleaned = getattr(self, "cleaned_data", {})
        saved = 0
        with transaction.atomic():
            for text in self.texts:
                value = cleaned.get(text.field_name)
                if not value or text.field_name in self.errors:
                    continue
                segment = text.segment
                current = self.existing.get((segment.string_id, segment.context_id))
                if current is not None and current.data == value and not current.has_error:
                    continue
                StringTranslation.objects.update_or_create(
                    translation_of_id=segment.string_id,
                    locale_id=self.translation.target_locale_id,
                    context_id=segment.context_id,
                    defaults={
                        "data": value,
                        "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                        "tool_name": "",
                        "last_translated_by": user,
                        "has_error": False,
                        "field_error": "",
                    },
                )
                saved += 1
        return saved
