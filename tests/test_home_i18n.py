"""The home page in six languages: URLs, lang/dir, hreflang alternates, switcher, content."""

import re

import pytest
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Locale, Page

from cms.demo import home
from cms.demo.site import load_catalogue
from cms.templatetags.site_i18n import language_links

from .conftest import LANGUAGE_CODES

pytestmark = pytest.mark.django_db

DIRECTION = {"en": "ltr", "fr": "ltr", "es": "ltr", "ru": "ltr", "zh-hans": "ltr", "ar": "rtl"}


def html_tag(content: str) -> str:
    return re.search(r"<html[^>]*>", content).group(0)


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_home_page_served_in_each_language(client, code):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert f'lang="{code}"' in html_tag(content)
    assert f'dir="{DIRECTION[code]}"' in html_tag(content)
    assert response["Content-Language"] == code


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_six_hreflang_alternates_point_at_each_translation(client, code):
    content = client.get(f"/{code}/").content.decode()
    alternates = dict(
        re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', content)
    )
    assert alternates == {other: f"http://testserver/{other}/" for other in LANGUAGE_CODES}


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_language_switcher_links_every_language_and_marks_the_current_one(client, code):
    content = client.get(f"/{code}/").content.decode()
    nav = re.search(r'<nav class="language-switcher".*?</nav>', content, re.S).group(0)
    links = re.findall(r'<a href="([^"]+)" lang="([^"]+)"', nav)
    assert links == [(f"/{other}/", other) for other in LANGUAGE_CODES]
    current = re.findall(r'<a href="/([^"/]+)/"[^>]*aria-current="true"', nav)
    assert current == [code]


@pytest.mark.parametrize("code", ["fr", "es", "ru", "zh-hans", "ar"])
def test_home_content_is_the_real_translation(client, code):
    catalogue = load_catalogue(code)
    content = client.get(f"/{code}/").content.decode()
    assert f"<h1>{catalogue[home.TITLE]}</h1>" in content
    for title, description in home.OUTPUTS:
        assert catalogue[title] in content
        assert catalogue[description] in content
        assert title not in content  # no English left behind
    for activity, _start, _end in home.TIMELINE:
        assert catalogue[activity] in content


def test_english_home_shows_objective_outputs_and_timeline(client):
    content = client.get("/en/").content.decode()
    assert f"<h1>{home.TITLE}</h1>" in content
    for paragraph in home.OBJECTIVE:
        assert paragraph in content
    # The timeline table: one row per activity, a cell per quarter, active ones marked.
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</th>(.*?)</tr>", content, re.S)
    assert [name for name, _cells in rows] == [a for a, _s, _e in home.TIMELINE]
    review_cells = re.findall(r"<td class=\"([^\"]*)\"", rows[-1][1])
    assert review_cells == ["", "", "", "", "", "is-active"]


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("ar", "/ar/"),
        ("zh-CN,zh;q=0.9", "/zh-hans/"),
        ("fr-CH, fr;q=0.9", "/fr/"),
        ("ru-RU", "/ru/"),
        ("es-419", "/es/"),
        ("de-DE", "/en/"),
        ("", "/en/"),
    ],
)
def test_root_redirects_by_accept_language(client, accept, expected):
    response = client.get("/", headers={"accept-language": accept} if accept else {})
    assert response.status_code == 302
    assert response["Location"] == expected


def test_switcher_falls_back_to_each_language_home_for_an_untranslated_page(demo_site):
    page = demo_site.add_child(instance=Page(title="Only in English", slug="only-in-english"))
    request = RequestFactory().get("/en/only-in-english/")
    with translation.override("en"):
        links = {link.code: link for link in language_links(request, page)}
    assert links["en"].url == "/en/only-in-english/"
    assert links["en"].is_translation and links["en"].is_current
    for code in ["fr", "es", "ru", "zh-hans", "ar"]:
        assert links[code].url == f"/{code}/"
        assert not links[code].is_translation
    assert links["ar"].bidi


def test_every_locale_exists():
    assert sorted(Locale.objects.values_list("language_code", flat=True)) == sorted(LANGUAGE_CODES)


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_unknown_page_gives_a_404_in_the_visitors_language(client, code):
    response = client.get(f"/{code}/no-such-page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert f'lang="{code}"' in html_tag(content)
    with translation.override(code):
        assert translation.gettext("Page not found") in content
