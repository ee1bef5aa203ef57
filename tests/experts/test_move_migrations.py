"""The regions and the roster moved out of `evaluation` into `regions` and `experts`: their first
migrations adopt the old tables. From the schema before the move, with data in it, forward
keeps every row, id, page, translation and right; backward gives the tables back."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Locale, Page, Site

from experts.models import Expert, ExpertDirectoryPage
from regions.defaults import load_default_regions
from regions.models import CountryRegion, Region
from surveys.roles import EVALUATORS

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("evaluation", "0005_reviewexport_heartbeat"),
    ("experts", None),
    ("regions", None),
]
LATEST = [("evaluation", "0006_regions_and_roster_moved"), ("experts", "0002_assistance_requests")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    cache.clear()
    ContentType.objects.clear_cache()
    # The state at those nodes ("app, None" is no node: that app is simply absent).
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def tables() -> set[str]:
    return set(connection.introspection.table_names())


def default_site() -> Site:
    """The default site, made again when an earlier transactional test emptied the database
    (the site's own demo with cms; a bare home page in a plugin host)."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site
    if apps.is_installed("cms"):
        call_command("load_demo", admin_password="migration-test", site_only=True, verbosity=0)
        return Site.objects.get(is_default_site=True)
    english = Locale.objects.get_or_create(language_code="en")[0]
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=english)
    )
    home = root.add_child(instance=Page(title="Home", slug="home", locale=english))
    return Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)


@pytest.fixture
def roster_with_pages(transactional_db):
    """Two experts, a renamed region, and the directory page in English and French."""
    root = default_site().root_page
    if not Region.objects.exists():
        load_default_regions()
    Expert.objects.create(
        name="Amina Test",
        email="amina@example.org",
        country="KE",
        expertise=["risk"],
        languages=["en", "fr"],
        status="eligible",
        public_consent=True,
    )
    Expert.objects.create(name="Omar Test", email="omar@example.org", country="EG")
    Region.objects.filter(code="arab").update(name="Arab region (renamed)")
    page = ExpertDirectoryPage(title="Experts", slug="experts-moved", introduction="Who helps.")
    root.add_child(instance=page)
    page.save_revision().publish()
    french = Locale.objects.get_or_create(language_code="fr")[0]
    page.copy_for_translation(french, copy_parents=True, alias=False).save_revision().publish()
    yield page
    migrate(LATEST)  # whatever a test did, leave the schema current


def test_forward_from_the_old_schema_keeps_every_row_id_page_and_right(roster_with_pages, client):
    page = roster_with_pages
    experts_before = list(Expert.objects.order_by("pk").values_list("pk", "name", "email"))
    mapping_before = CountryRegion.objects.count()
    page_type = ContentType.objects.get_for_model(ExpertDirectoryPage).pk

    old = migrate(BEFORE)
    assert {"evaluation_expert", "evaluation_region", "evaluation_countryregion"} <= tables()
    assert "experts_expert" not in tables() and "regions_region" not in tables()
    OldExpert = old.get_model("evaluation", "Expert")
    assert list(OldExpert.objects.order_by("pk").values_list("pk", "name", "email")) == (
        experts_before
    )
    # Data written in the old schema: a third expert, and the evaluators' old right on it.
    OldExpert.objects.create(name="Written Before", email="before@example.org", country="MA")
    old_view_expert = old.get_model("auth", "Permission").objects.get(
        content_type__app_label="evaluation", codename="view_expert"
    )
    old.get_model("auth", "Group").objects.get(name=EVALUATORS).permissions.add(old_view_expert)
    assert old.get_model("evaluation", "Region").objects.get(code="arab").name == (
        "Arab region (renamed)"
    )

    migrate(LATEST)
    assert "evaluation_expert" not in tables() and "evaluation_region" not in tables()
    after = list(Expert.objects.order_by("pk").values_list("pk", "name", "email"))
    assert after[: len(experts_before)] == experts_before
    assert after[len(experts_before) :] == [(after[-1][0], "Written Before", "before@example.org")]
    assert Expert.objects.get(email="amina@example.org").expertise == ["risk"]
    assert Expert.objects.get(email="amina@example.org").availability == "available"
    assert CountryRegion.objects.count() == mapping_before
    assert Region.objects.get(code="arab").name == "Arab region (renamed)"
    # The same content type row, now the experts app's: pages and revisions still resolve.
    moved = ContentType.objects.get(pk=page_type)
    assert (moved.app_label, moved.model) == ("experts", "expertdirectorypage")
    assert not ContentType.objects.filter(app_label="evaluation", model="expert").exists()
    assert isinstance(Page.objects.get(pk=page.pk).specific, ExpertDirectoryPage)
    translations = ExpertDirectoryPage.objects.filter(translation_key=page.translation_key)
    assert sorted(translations.values_list("locale__language_code", flat=True)) == ["en", "fr"]
    for translated in translations:
        assert client.get(translated.url).status_code == 200
    assert "Amina Test" in client.get(page.url).content.decode()
    # The roster's personal data left the evaluators with the move.
    evaluators = Group.objects.get(name=EVALUATORS)
    assert not evaluators.permissions.filter(content_type__app_label="experts").exists()
    assert Permission.objects.filter(content_type__app_label="experts", codename="view_expert")


def test_backward_gives_the_tables_back_to_evaluation(roster_with_pages):
    page_type = ContentType.objects.get_for_model(ExpertDirectoryPage).pk
    count = Expert.objects.count()
    old = migrate(BEFORE)
    assert old.get_model("evaluation", "Expert").objects.count() == count
    assert ContentType.objects.get(pk=page_type).app_label == "evaluation"
    assert old.get_model("evaluation", "ExpertDirectoryPage").objects.count() == 2
