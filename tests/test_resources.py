"""Resource pages, stakeholder pages and the library (English demo content)."""

import html
import re

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Locale

from cms.demo import pages as demo_pages
from cms.demo.infographics import INFOGRAPHICS
from cms.models import (
    CallForExperiencesPage,
    GuidePage,
    ResourceLibraryPage,
    ResourcePage,
    StakeholderGroup,
    StakeholderPage,
    StandardPage,
    WorkshopPage,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(demo_site):
    return ResourceLibraryPage.objects.get(locale__language_code="en")


def card_titles(content: str) -> list[str]:
    found = re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', content)
    return [html.unescape(title) for title in found]


def test_every_demo_resource_renders(client):
    for resource in ResourcePage.objects.live().filter(locale__language_code="en"):
        response = client.get(resource.url)
        assert response.status_code == 200, resource.url
        assert resource.title in html.unescape(response.content.decode())


def test_library_lists_everything_newest_first(client, library):
    first = card_titles(client.get(library.url).content.decode())
    assert len(first) == library.specific.per_page  # then the next page
    second = card_titles(client.get(library.url, {"page": 2}).content.decode())
    titles = first + second
    expected = [
        r.title
        for r in ResourcePage.objects.live()
        .filter(locale__language_code="en")
        .order_by("-publication_date", "-pk")
    ]
    assert titles == expected
    assert len(titles) == len(demo_pages.RESOURCES) + len(INFOGRAPHICS)


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        ("group=smes", {"extended-time-limits", "awareness-tools-by-year", "project-at-a-glance"}),
        ("kind=guidepage", {"business-continuity-guide"}),
        ("kind=infographicpage", {slug for slug, *_rest in INFOGRAPHICS}),
        ("phase=prevention", {"crisis-framework-module"}),
        (
            "topic=cooperation",
            {
                "regional-workshop",
                "budget-by-output",
                "budget-by-cost-category",
                "indicator-targets",
            },
        ),
        (
            "group=ip-office-staff&topic=risk-management",
            {"business-continuity-guide", "crisis-framework-module", "scoping-study"},
        ),
        ("group=academia&topic=risk-management", set()),
    ],
)
def test_library_filters(client, library, query, slugs):
    content = client.get(f"{library.url}?{query}").content.decode()
    expected = {p.title for p in ResourcePage.objects.filter(slug__in=slugs, locale=library.locale)}
    assert set(card_titles(content)) == expected
    if not slugs:
        assert "No resource matches these filters." in content


def test_library_reports_unknown_filters_and_applies_the_rest(client, library):
    response = client.get(f"{library.url}?kind=bogus&phase=response&page=abc")
    assert response.status_code == 200
    content = response.content.decode()
    assert 'role="alert"' in content
    assert "Kind of resource" in content
    assert set(card_titles(content)) == {
        "Extending time limits during a declared emergency",
        "Moving every service online in a pandemic",
    }


def test_library_paginates_and_keeps_filters_in_page_links(client, library, monkeypatch):
    monkeypatch.setattr(ResourceLibraryPage, "per_page", 2)
    content = client.get(f"{library.url}?phase=&topic=").content.decode()
    assert len(card_titles(content)) == 2
    assert 'href="?phase=&amp;topic=&amp;page=2" rel="next"' in content
    last = client.get(f"{library.url}?page=99").content.decode()  # past the end: last page
    total = len(demo_pages.RESOURCES) + len(INFOGRAPHICS)
    assert len(card_titles(last)) == (total % 2 or 2)


def test_library_query_count_does_not_grow_with_resources(
    client, library, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(library.url)  # warm Wagtail's site and locale caches
    with CaptureQueriesContext(connection) as few:
        client.get(library.url)
    source = GuidePage.objects.get(slug="business-continuity-guide", locale=library.locale)
    for i in range(8):
        copy = source.copy(update_attrs={"slug": f"copy-{i}", "title": f"Copy {i}"})
        copy.save_revision().publish()
    with django_assert_max_num_queries(len(few)):
        response = client.get(library.url)
    assert len(card_titles(response.content.decode())) == 12
    assert len(few) <= 20


def test_resource_and_stakeholder_pages_render_in_a_bounded_number_of_queries(
    client, django_assert_max_num_queries
):
    for page in [
        StakeholderPage.objects.get(slug="ip-office-staff", locale__language_code="fr"),
        ResourcePage.objects.get(slug="extended-time-limits", locale__language_code="ar"),
    ]:
        client.get(page.url)
        with django_assert_max_num_queries(24):
            assert client.get(page.url).status_code == 200


def test_stakeholder_page_groups_its_resources_by_kind(client):
    page = StakeholderPage.objects.get(slug="ip-office-staff", locale__language_code="en")
    content = client.get(page.url).content.decode()
    kinds = re.findall(r'<h3 id="kind-\d+">([^<]+)</h3>', content)
    assert kinds == [
        "Infographics",
        "Guides",
        "Training modules",
        "Publications",
        "Case studies",
        "Workshops and events",
    ]
    assert "Extending time limits" not in content  # made for policy makers and SMEs only
    for heading, _text in demo_pages.STAKEHOLDER_PAGES["ip-office-staff"][2]:
        assert heading in content


def test_resource_page_links_its_audiences_to_their_pages(client):
    page = ResourcePage.objects.get(slug="extended-time-limits", locale__language_code="en")
    content = client.get(page.url).content.decode()
    smes = StakeholderPage.objects.get(slug="smes", locale__language_code="en")
    assert f'<a href="{smes.url}">SMEs and the private sector</a>' in content
    makers = StakeholderPage.objects.get(slug="policy-makers", locale__language_code="en")
    assert f'<a href="{makers.url}">Policy makers and regulators</a>' in content


def test_groups_exist_in_six_languages_with_one_slug():
    slugs = {
        slug
        for slug, _name, _description in __import__(
            "cms.demo.taxonomy", fromlist=["x"]
        ).STAKEHOLDER_GROUPS
    }
    for locale in Locale.objects.all():
        assert (
            set(StakeholderGroup.objects.filter(locale=locale).values_list("slug", flat=True))
            == slugs
        )
    arabic = StakeholderGroup.objects.get(slug="smes", locale__language_code="ar")
    assert arabic.name == "الشركات الصغيرة والمتوسطة والقطاع الخاص"


def test_workshop_cannot_end_before_it_starts():
    import datetime

    workshop = WorkshopPage(
        title="x",
        slug="x",
        summary="x",
        crisis_phase="response",
        start_date=datetime.date(2025, 5, 2),
        end_date=datetime.date(2025, 5, 1),
        place="x",
    )
    with pytest.raises(ValidationError) as error:
        workshop.clean()
    assert "end_date" in error.value.message_dict


def test_training_duration_is_worded_per_language(client):
    from django.utils import translation

    page = ResourcePage.objects.get(
        slug="crisis-framework-module", locale__language_code="en"
    ).specific
    with translation.override("fr"):
        assert page.duration_display == "3,5 heures"
    with translation.override("en"):
        assert page.duration_display == "3.5 hours"


OTHER_LANGUAGES = ["fr", "es", "ru", "zh-hans", "ar"]


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_every_page_type_is_served_translated_in_each_language(client, code):
    from cms.demo.site import load_catalogue

    catalogue = load_catalogue(code)
    english = [ResourceLibraryPage.objects.get(locale__language_code="en")]
    english += list(StakeholderPage.objects.filter(locale__language_code="en"))
    english += [p.specific for p in ResourcePage.objects.filter(locale__language_code="en")]
    english += [
        StandardPage.objects.get(slug="about", locale__language_code="en"),
        CallForExperiencesPage.objects.get(locale__language_code="en"),
    ]
    locale = Locale.objects.get(language_code=code)
    kinds = set()
    for source in english:
        translated = source.get_translation(locale)
        assert translated.live
        assert translated.url == source.url.replace("/en/", f"/{code}/", 1)  # same slug
        response = client.get(translated.url)
        assert response.status_code == 200, translated.url
        content = response.content.decode()
        assert f'<html lang="{code}"' in content
        assert catalogue[source.title] in html.unescape(content)
        assert source.title not in html.unescape(content)
        kinds.add(type(source))
    assert len(kinds) == 11  # every page type but the home page (tested on its own)


def test_translated_stakeholder_page_lists_the_translated_resources(client):
    page = StakeholderPage.objects.get(slug="smes", locale__language_code="fr")
    content = client.get(page.url).content.decode()
    assert "Proroger les délais en cas d’urgence déclarée" in content
    assert "Options de politique" in content or "Recueil des options de politique" in content


def test_switcher_on_a_resource_links_the_same_resource_in_every_language(client):
    page = ResourcePage.objects.get(slug="business-continuity-guide", locale__language_code="ru")
    content = client.get(page.url).content.decode()
    nav = re.search(r'<nav class="language-switcher".*?</nav>', content, re.S).group(0)
    hrefs = re.findall(r'<a href="([^"]+)"', nav)
    assert hrefs == [
        f"/{code}/resources/business-continuity-guide/"
        for code in ["en", "fr", "es", "ru", "zh-hans", "ar"]
    ]


def test_every_stakeholder_group_has_its_page_linked_from_the_home_page(client):
    from cms.demo.taxonomy import STAKEHOLDER_GROUPS

    for code in ["en", "ar"]:
        content = client.get(f"/{code}/").content.decode()
        audiences = re.search(r'<ul class="audiences">.*?</ul>', content, re.S).group(0)
        links = re.findall(r'<a href="([^"]+)">', audiences)
        assert links == [f"/{code}/{slug}/" for slug, _name, _text in STAKEHOLDER_GROUPS]
