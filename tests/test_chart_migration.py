"""cms 0002 turns every stored chart (pages, their latest revisions, translation sources) into
one grid value and moves infographic charts into their own field; and back. It renames
wagtail-localize's translation contexts of the charts' texts, so translations survive a sync."""

import json
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation
from wagtail.models import Locale
from wagtail_localize.models import (
    String,
    StringSegment,
    StringTranslation,
    TranslationContext,
    TranslationSource,
)
from wagtail_localize.models import Translation as LocalizeTranslation
from wagtail_localize.segments.extract import StreamFieldSegmentExtractor

from cms.models import InfographicPage, ResourcePage

pytestmark = pytest.mark.django_db(transaction=True)

OLD = ("cms", "0001_initial")
NEW = ("cms", "0002_chart_data_grid")

OLD_CHART = {
    "title": "Spent by output",
    "description": "The workshop cost CHF 45,000.",
    "chart_type": "bar",
    # ListBlock items in both stored forms: Wagtail's current one and the plain list.
    "categories": [
        {"type": "item", "value": "Scoping study", "id": "c1"},
        {"type": "item", "value": "Workshop", "id": "c2"},
    ],
    "series": [
        {
            "type": "item",
            "id": "s1",
            "value": {"name": "Spent", "values": ["12000.00", "45000.50"]},
        },
        {"type": "item", "id": "s2", "value": {"name": "Planned", "values": [30000, 95000]}},
    ],
    "unit": "CHF",
    "source": "",
}


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


def bars(client, page) -> list[str]:
    cache.clear()  # the page cache would answer with the page drawn before
    html = client.get(page.url).content.decode()
    svg = re.search(r'<svg class="chart__svg chart__svg--wide".*?</svg>', html, re.S).group()
    return re.findall(r"<rect [^>]*>", svg)


@pytest.fixture
def demo(transactional_db):
    """The demo site, loaded again when an earlier transactional test emptied the database."""
    from cms.models import HomePage

    if not HomePage.objects.exists():
        call_command("load_demo", admin_password="migration-test", site_only=True, verbosity=0)
    yield
    migrate(NEW)  # whatever a test did, leave the schema current


def test_old_charts_migrate_forward_and_render_the_same_bars(demo, client):
    budget = InfographicPage.objects.get(slug="budget-by-output", locale__language_code="fr")
    before = bars(client, budget)
    assert len(before) == 6

    old_apps = migrate(OLD)
    OldResource = old_apps.get_model("cms", "ResourcePage")
    stored = OldResource.objects.get(pk=budget.pk).body.raw_data[0]
    assert stored["type"] == "chart"
    assert "data" not in stored["value"]
    assert [c["value"] if isinstance(c, dict) else c for c in stored["value"]["categories"]][
        0
    ] == "Étude exploratoire"

    guide = ResourcePage.objects.filter(locale__language_code="en").exclude(
        pk__in=InfographicPage.objects.values("pk")
    )[0]
    chart = {"type": "chart", "id": "old-chart", "value": OLD_CHART}
    OldResource.objects.filter(pk=guide.pk).update(body=[chart])
    OldRevision = old_apps.get_model("wagtailcore", "Revision")
    OldPage = old_apps.get_model("wagtailcore", "Page")
    revision = OldRevision.objects.get(pk=OldPage.objects.get(pk=guide.pk).latest_revision_id)
    revision.content = dict(revision.content, body=[chart])
    revision.save()

    migrate(NEW)
    guide = ResourcePage.objects.get(pk=guide.pk)
    (block,) = guide.body
    data = block.value["data"]
    assert data["categories"] == ["Scoping study", "Workshop"]
    assert [s["name"] for s in data["series"]] == ["Spent", "Planned"]
    assert [[str(v) for v in s["values"]] for s in data["series"]] == [
        ["12000", "45000.5"],
        ["30000", "95000"],
    ]
    with translation.override("en"):
        assert block.value.table()[1] == ("Workshop", ["45,000.5\u00a0CHF", "95,000\u00a0CHF"])
    (old_revision_chart,) = guide.get_latest_revision().as_object().body
    assert old_revision_chart.value["data"] == data

    budget = InfographicPage.objects.get(pk=budget.pk)
    assert [b.block_type for b in budget.body] == []  # the chart moved…
    assert budget.charts[0].value["data"]["categories"][0] == "Étude exploratoire"  # …here
    assert budget.get_latest_revision().as_object().charts[0].value["title"] == "Budget par produit"
    assert bars(client, budget) == before


def test_the_migration_runs_backwards(demo):
    budget = InfographicPage.objects.get(slug="budget-by-output", locale__language_code="en")
    values = [str(v) for v in budget.charts[0].value["data"]["series"][0]["values"]]
    old_apps = migrate(OLD)
    stored = old_apps.get_model("cms", "ResourcePage").objects.get(pk=budget.pk).body
    (chart,) = [b for b in stored.raw_data if b["type"] == "chart"]
    assert chart["value"]["categories"][0] == "Scoping study"
    assert [str(v) for v in chart["value"]["series"][0]["values"]] == values


FRENCH = {
    "Spent by output": "Dépenses par produit",
    "The workshop cost CHF 45,000.": "L’atelier a coûté 45 000 CHF.",
    "Scoping study": "Étude préliminaire",
    "Workshop": "Atelier",
    "Spent": "Dépensé",
    "Planned": "Prévu",
    "CHF": "CHF",
    "": "",
}


def _old_field_path(path: str) -> str:
    """What wagtail-localize stored for the old chart's segments (get_field_path)."""
    field, _block, name, *_rest = path.split(".")
    return {
        "categories": f"{field}.chart.categories.item",
        "series": f"{field}.chart.series.item.name",
    }.get(name, f"{field}.chart.{name}")


def translated_old_chart(english: InfographicPage) -> TranslationSource:
    """Today's (0001) state: `english` with an old chart in its body, translated into French.
    wagtail-localize's tables are the same in both states, so its current models serve."""
    key = english.translation_key
    en, fr = (Locale.objects.get(language_code=code) for code in ("en", "fr"))
    old_apps = migrate(OLD)
    OldResource = old_apps.get_model("cms", "ResourcePage")
    chart = {"type": "chart", "id": "legacy-chart", "value": OLD_CHART}
    OldResource.objects.filter(pk=english.pk).update(body=[chart])
    source = TranslationSource.objects.get(object_id=key, locale=en)
    content = json.loads(source.content_json)
    content.pop("charts", None)
    content["body"] = json.dumps([chart])
    source.content_json = json.dumps(content)
    source.save()
    source.stringsegment_set.all().delete()

    # The old paths, as wagtail-localize's extractor forms them on the old block definitions.
    old_body = OldResource.objects.get(pk=english.pk).body
    extractor = StreamFieldSegmentExtractor(OldResource._meta.get_field("body"))
    segments = [s.wrap("body") for s in extractor.handle_stream_block(old_body)]
    assert {s.path: s.render_text() for s in segments} == {
        "body.legacy-chart.title": "Spent by output",
        "body.legacy-chart.description": "The workshop cost CHF 45,000.",
        "body.legacy-chart.categories.c1": "Scoping study",
        "body.legacy-chart.categories.c2": "Workshop",
        "body.legacy-chart.series.s1.name": "Spent",
        "body.legacy-chart.series.s2.name": "Planned",
        "body.legacy-chart.unit": "CHF",
        "body.legacy-chart.source": "",
    }
    for order, segment in enumerate(segments):
        context = TranslationContext.objects.create(
            object_id=key, path=segment.path, field_path=_old_field_path(segment.path)
        )
        string = String.from_value(en, segment.string)
        StringSegment.objects.create(
            source=source, context=context, order=order, string=string, attrs="{}"
        )
        StringTranslation.objects.create(
            translation_of=string,
            locale=fr,
            context=context,
            data=FRENCH[segment.render_text()],
            translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
        )
    return source


NEW_PATHS = {
    "charts.legacy-chart.title": "charts.chart.title",
    "charts.legacy-chart.description": "charts.chart.description",
    "charts.legacy-chart.unit": "charts.chart.unit",
    "charts.legacy-chart.source": "charts.chart.source",
    "charts.legacy-chart.data.category.0": "charts.chart.data",
    "charts.legacy-chart.data.category.1": "charts.chart.data",
    "charts.legacy-chart.data.series.0": "charts.chart.data",
    "charts.legacy-chart.data.series.1": "charts.chart.data",
}


def sync_into_french(source: TranslationSource) -> InfographicPage:
    """The next sync with today's code: source from the database, then the French page."""
    fr = Locale.objects.get(language_code="fr")
    source = TranslationSource.objects.get(pk=source.pk)
    source.update_from_db()
    target = LocalizeTranslation.objects.get(source=source, target_locale=fr)
    total, done = target.get_progress()
    assert done == total  # nothing to translate again
    target.save_target(publish=True)
    return InfographicPage.objects.get(translation_key=source.object_id, locale=fr)


def assert_french_chart(client, french: InfographicPage) -> None:
    (block,) = french.charts
    data = block.value["data"]
    assert block.value["title"] == "Dépenses par produit"
    assert data["categories"] == ["Étude préliminaire", "Atelier"]
    assert [s["name"] for s in data["series"]] == ["Dépensé", "Prévu"]
    assert [[str(v) for v in s["values"]] for s in data["series"]] == [
        ["12000", "45000.5"],
        ["30000", "95000"],
    ]
    cache.clear()
    html = client.get(french.url).content.decode()
    for label in ("Dépenses par produit", "Étude préliminaire", "Atelier", "Dépensé", "Prévu"):
        assert label in html
    assert "Scoping study" not in html and "Planned" not in html


def test_translations_of_chart_labels_survive_the_migration(demo, client):
    """Chart labels translated before the migration are found again by the next sync."""
    english = InfographicPage.objects.get(slug="budget-by-output", locale__language_code="en")
    source = translated_old_chart(english)
    translated = set(StringTranslation.objects.values_list("context_id", flat=True))

    migrate(NEW)
    contexts = TranslationContext.objects.filter(
        object_id=english.translation_key, path__contains="legacy-chart"
    )
    assert {c.path: c.field_path for c in contexts} == NEW_PATHS
    english = InfographicPage.objects.get(pk=english.pk)
    for context in contexts:  # the field paths wagtail-localize itself would compute
        probe = TranslationContext(object_id=context.object_id, path=context.path)
        probe.save = lambda **kwargs: None
        assert probe.get_field_path(english) == context.field_path

    french = sync_into_french(source)
    assert set(source.stringsegment_set.values_list("context_id", flat=True)) <= translated
    assert_french_chart(client, french)


def test_chart_label_translations_survive_a_round_trip(demo, client):
    english = InfographicPage.objects.get(slug="budget-by-output", locale__language_code="en")
    source = translated_old_chart(english)
    migrate(NEW)
    old_apps = migrate(OLD)
    contexts = TranslationContext.objects.filter(object_id=english.translation_key)
    assert contexts.filter(path="body.legacy-chart.title").exists()  # back in the body
    chart = old_apps.get_model("cms", "ResourcePage").objects.get(pk=english.pk).body.raw_data[0]
    assert chart["value"]["categories"] == ["Scoping study", "Workshop"]

    migrate(NEW)
    assert_french_chart(client, sync_into_french(source))


def test_a_context_already_at_the_new_path_is_merged(demo, client):
    """E.g. left by an earlier run: the renamed context keeps its translations and gains the
    others; nothing is lost to the unique (object, path) constraint."""
    english = InfographicPage.objects.get(slug="budget-by-output", locale__language_code="en")
    source = translated_old_chart(english)
    en, fr = (Locale.objects.get(language_code=code) for code in ("en", "fr"))
    key = english.translation_key
    stale = TranslationContext.objects.create(object_id=key, path="charts.legacy-chart.title")
    title = String.objects.get(locale=en, data="Spent by output")
    older = String.objects.create(locale=en, data="Spending in the year before")
    StringSegment.objects.create(source=source, context=stale, order=99, string=older, attrs="{}")
    for string, text in ((title, "Titre périmé"), (older, "Dépenses de l’année précédente")):
        StringTranslation.objects.create(
            translation_of=string, locale=fr, context=stale, data=text, translation_type="manual"
        )

    migrate(NEW)
    (context,) = TranslationContext.objects.filter(object_id=key, path="charts.legacy-chart.title")
    assert context.pk != stale.pk
    translations = StringTranslation.objects.filter(context=context)
    assert dict(translations.values_list("translation_of__data", "data")) == {
        "Spent by output": "Dépenses par produit",  # the renamed context's, in use until now
        "Spending in the year before": "Dépenses de l’année précédente",
    }
    assert not TranslationContext.objects.filter(pk=stale.pk).exists()
    # One segment per source and context: the stale one went, it protected its context.
    assert StringSegment.objects.filter(source=source, context=context).count() == 1
    assert_french_chart(client, sync_into_french(source))
