"""Where every translatable page and snippet stands in every language.

wagtail-localize records sources, translations and translated strings, but has no notion of
"out of date" (its progress stays complete until someone syncs) and no overview across
objects. This computes one row per source object and target language in a fixed number of
queries, whatever the number of pages:

- not translated: nothing in that language yet (or only an alias showing the source);
- in progress: submitted, n of m texts translated, or complete but not yet published;
- up to date: every text translated and published, and the source unchanged since;
- out of date: the source was published again after the translation last took it in.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, IntegerField, Model, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import Locale, ModelLogEntry, Page, PageLogEntry, get_translatable_models
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

NOT_TRANSLATED = "not_translated"
IN_PROGRESS = "in_progress"
UP_TO_DATE = "up_to_date"
OUT_OF_DATE = "out_of_date"
STATES = {
    NOT_TRANSLATED: _("Not translated"),
    IN_PROGRESS: _("In progress"),
    UP_TO_DATE: _("Up to date"),
    OUT_OF_DATE: _("Out of date"),
}
# What a translator has to act on; the dashboard opens on these.
ATTENTION = (NOT_TRANSLATED, IN_PROGRESS, OUT_OF_DATE)
# Shape marks, so that a state is never told by colour alone.
STATE_SYMBOLS = {NOT_TRANSLATED: "○", IN_PROGRESS: "◐", UP_TO_DATE: "●", OUT_OF_DATE: "⚠"}


@dataclass(frozen=True)
class Item:
    """A source-language page or snippet."""

    model: type[Model]
    pk: int
    translation_key: object
    title: str
    changed_at: datetime | None  # last publication (pages) or edit (snippets), when known

    @property
    def kind(self) -> str:
        return f"{self.model._meta.app_label}.{self.model._meta.model_name}"

    @property
    def kind_label(self) -> str:
        return str(self.model._meta.verbose_name).capitalize()

    @property
    def is_page(self) -> bool:
        return issubclass(self.model, Page)


@dataclass(frozen=True)
class StatusRow:
    item: Item
    locale: Locale
    state: str
    done: int | None = None
    total: int | None = None
    since: datetime | None = None  # out of date since this source change
    source_id: int | None = None
    target_pk: int | None = None
    translation_id: int | None = None

    @property
    def title(self) -> str:
        return self.item.title

    @property
    def kind(self) -> str:
        return self.item.kind_label

    @property
    def language(self) -> str:
        return self.locale.get_display_name()

    @property
    def state_label(self) -> str:
        return str(STATES[self.state])

    @property
    def state_symbol(self) -> str:
        return STATE_SYMBOLS[self.state]

    @property
    def changed(self) -> datetime | None:
        """The source change a translator has to catch up with: when it went out of date,
        else the source's last change."""
        return self.since or self.item.changed_at

    @property
    def progress(self) -> str:
        if self.total is None:
            return ""
        return f"{self.done} / {self.total}"

    @property
    def translate_url(self) -> str | None:
        """Where to work on it: the translation editor, or the submit form when not started."""
        if self.target_pk is not None:
            if self.item.is_page:
                return reverse("wagtailadmin_pages:edit", args=[self.target_pk])
            target = self.item.model(pk=self.target_pk)
            return AdminURLFinder().get_edit_url(target)
        meta = self.item.model._meta
        if self.item.is_page:
            return reverse("wagtail_localize:submit_page_translation", args=[self.item.pk])
        return reverse(
            "wagtail_localize:submit_snippet_translation",
            args=[meta.app_label, meta.model_name, self.item.pk],
        )

    @property
    def request_url(self) -> str:
        """Where to POST for a one-click translation request into this row's language."""
        meta = self.item.model._meta
        return reverse(
            "cms_translation_request",
            args=[meta.app_label, meta.model_name, self.item.pk, self.locale.language_code],
        )

    @property
    def sync_url(self) -> str | None:
        if self.state != OUT_OF_DATE or self.source_id is None:
            return None
        return reverse("wagtail_localize:update_translations", args=[self.source_id])


def translatable_snippet_models() -> list[type[Model]]:
    """Snippets translated on their own (not inline children of a page or snippet)."""
    translatable = set(get_translatable_models())
    return [
        model
        for model in get_snippet_models()
        if model in translatable
        and not any(isinstance(field, ParentalKey) for field in model._meta.get_fields())
    ]


def source_items(source_locale: Locale) -> list[Item]:
    """Every page and translatable snippet of the source language: one query per kind."""
    items = []
    pages = (
        Page.objects.filter(locale=source_locale, depth__gt=1, alias_of__isnull=True)
        .order_by("path")
        .values_list("pk", "translation_key", "title", "content_type_id", "last_published_at")
    )
    for pk, key, title, content_type_id, published_at in pages:
        model = ContentType.objects.get_for_id(content_type_id).model_class() or Page
        items.append(Item(model, pk, key, title, published_at))
    for model in translatable_snippet_models():
        snippets = list(
            model._default_manager.filter(locale=source_locale).select_related("locale")
        )
        edits = _snippet_edits(model, [snippet.pk for snippet in snippets])
        for snippet in snippets:
            edited = edits.get(str(snippet.pk), [])
            changed = max(edited) if edited else None
            items.append(Item(model, snippet.pk, snippet.translation_key, str(snippet), changed))
    return items


def _snippet_edits(model: type[Model], pks: Iterable[int]) -> dict[str, list[datetime]]:
    edits = defaultdict(list)
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=[str(pk) for pk in pks],
        action__in=["wagtail.edit", "wagtail.publish"],
    ).values_list("object_id", "timestamp")
    for object_id, timestamp in entries:
        edits[object_id].append(timestamp)
    return edits


def _page_publications(page_ids: Iterable[int], after: datetime | None) -> dict[int, list]:
    publications = defaultdict(list)
    if after is None:
        return publications
    entries = PageLogEntry.objects.filter(
        page_id__in=list(page_ids), action="wagtail.publish", timestamp__gt=after
    ).values_list("page_id", "timestamp")
    for page_id, timestamp in entries:
        publications[page_id].append(timestamp)
    return publications


def _progress(translations):
    """Annotate each Translation with its segment count and how many are translated,
    in one query (wagtail-localize's get_progress() costs one per translation)."""
    segments = StringSegment.objects.filter(source_id=OuterRef("source_id"))
    translated = segments.filter(
        Exists(
            StringTranslation.objects.filter(
                translation_of_id=OuterRef("string_id"),
                context_id=OuterRef("context_id"),
                locale_id=OuterRef(OuterRef("target_locale_id")),
                has_error=False,
            )
        )
    )

    def count(queryset):
        return Coalesce(
            Subquery(
                queryset.order_by().values("source_id").annotate(n=Count("pk")).values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        )

    return translations.annotate(total=count(segments), done=count(translated))


def translation_status(
    locales: Iterable[Locale] | None = None,
    source_locale: Locale | None = None,
    items: list[Item] | None = None,
) -> list[StatusRow]:
    """One row per source page/snippet and target locale, ordered as the page tree.

    `items` are the source objects when the caller has them already (source_items())."""
    source_locale = source_locale or Locale.get_default()
    targets = [
        locale
        for locale in (locales if locales is not None else Locale.objects.order_by("pk"))
        if locale.pk != source_locale.pk
    ]
    items = source_items(source_locale) if items is None else items
    keys = [item.translation_key for item in items]

    sources = {
        source.object_id: source
        for source in TranslationSource.objects.filter(object_id__in=keys, locale=source_locale)
    }
    translations = {
        (t.source_id, t.target_locale_id): t
        for t in _progress(Translation.objects.filter(source__in=sources.values(), enabled=True))
    }
    # Existing objects in the other languages (aliases only mirror the source: not translated).
    existing = {}
    page_targets = Page.objects.filter(translation_key__in=keys, alias_of__isnull=True).exclude(
        locale=source_locale
    )
    for key, locale_id, pk, live, published in page_targets.values_list(
        "translation_key", "locale_id", "pk", "live", "last_published_at"
    ):
        existing[key, locale_id] = (pk, live, published)
    for model in translatable_snippet_models():
        for key, locale_id, pk in (
            model._default_manager.filter(translation_key__in=keys)
            .exclude(locale=source_locale)
            .values_list("translation_key", "locale_id", "pk")
        ):
            existing[key, locale_id] = (pk, True, None)

    oldest_sync = min((s.last_updated_at for s in sources.values()), default=None)
    publications = _page_publications(
        [item.pk for item in items if item.is_page and item.translation_key in sources],
        oldest_sync,
    )

    rows = []
    for item in items:
        source = sources.get(item.translation_key)
        changed_since = None
        if source is not None:
            published = publications.get(item.pk, []) if item.is_page else []
            moments = [*published, item.changed_at]
            changed_since = min(
                (m for m in moments if m is not None and m > source.last_updated_at),
                default=None,
            )
        for locale in targets:
            rows.append(_row(item, locale, source, changed_since, translations, existing))
    return rows


def _row(item, locale, source, changed_since, translations, existing) -> StatusRow:
    target = existing.get((item.translation_key, locale.pk))
    target_pk = target[0] if target else None
    translation = translations.get((source.pk, locale.pk)) if source else None
    if translation is not None:
        common = {
            "done": translation.done,
            "total": translation.total,
            "source_id": source.pk,
            "target_pk": target_pk,
            "translation_id": translation.pk,
        }
        if changed_since is not None:
            return StatusRow(item, locale, OUT_OF_DATE, since=changed_since, **common)
        published = target is not None and target[1]
        if translation.done < translation.total or not published:
            return StatusRow(item, locale, IN_PROGRESS, **common)
        return StatusRow(item, locale, UP_TO_DATE, **common)
    if target is None:
        return StatusRow(item, locale, NOT_TRANSLATED)
    # Translated outside wagtail-localize's sync (by hand, or the sync was stopped): out of
    # date when the source was published after the translation.
    _pk, _live, target_published = target
    if item.changed_at and target_published and item.changed_at > target_published:
        return StatusRow(item, locale, OUT_OF_DATE, since=item.changed_at, target_pk=target_pk)
    return StatusRow(item, locale, UP_TO_DATE, target_pk=target_pk)


def count_states(rows: Iterable[StatusRow]) -> dict[str, int]:
    """How many rows are in each state (every state present, zero or not)."""
    counts = dict.fromkeys(STATES, 0)
    for row in rows:
        counts[row.state] += 1
    return counts


@dataclass(frozen=True)
class SourceChanges:
    """What a sync would bring to the translators: texts by their place in the source."""

    changed: list[tuple[str, str]]  # (text at the last sync, text now)
    added: list[str]
    removed: list[str]

    def __bool__(self) -> bool:
        return bool(self.changed or self.added or self.removed)


def source_changes(source: TranslationSource) -> SourceChanges:
    """Compare the texts taken in at the last sync with the source's published content."""
    now = [
        (segment.path, segment.string.data)
        for segment in extract_segments(source.get_source_instance())
        if isinstance(segment, StringSegmentValue)
    ]
    then = list(
        StringSegment.objects.filter(source=source)
        .order_by("order")
        .values_list("context__path", "string__data")
    )
    then_by_path = dict(then)
    now_by_path = dict(now)
    changed = [
        (then_by_path[path], text)
        for path, text in now
        if path in then_by_path and then_by_path[path] != text
    ]
    added = [text for path, text in now if path not in then_by_path]
    removed = [text for path, text in then if path not in now_by_path]
    return SourceChanges(changed, added, removed)
