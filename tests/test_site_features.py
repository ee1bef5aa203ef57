"""Navigation, breadcrumbs, search, sitemap and robots.txt."""

import re
import xml.etree.ElementTree as ET

import pytest

from cms.models import ResourceLibraryPage, ResourcePage

pytestmark = pytest.mark.django_db

SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


def test_main_menu_links_home_and_library_and_marks_the_current_section(client, demo_site):
    resource = ResourcePage.objects.get(slug="extended-time-limits", locale__language_code="en")
    content = client.get(resource.url).content.decode()
    menu = re.search(r'<nav class="main-menu".*?</nav>', content, re.S).group(0)
    assert re.findall(r'<a href="([^"]+)"', menu) == [
        "/en/",
        "/en/resources/",
        "/en/share-your-experience/",
        "/en/about/",
    ]
    assert '<a href="/en/resources/" aria-current="page">Resources</a>' in menu


def test_breadcrumbs_lead_back_to_home(client):
    resource = ResourcePage.objects.get(slug="extended-time-limits", locale__language_code="en")
    content = client.get(resource.url).content.decode()
    crumbs = re.search(r'<nav class="breadcrumbs.*?</nav>', content, re.S).group(0)
    assert re.findall(r'<a href="([^"]+)">', crumbs) == ["/en/", "/en/resources/"]
    assert f'<span aria-current="page">{resource.title}</span>' in crumbs


def test_home_page_has_no_breadcrumbs(client):
    assert 'class="breadcrumbs' not in client.get("/en/").content.decode()


def test_search_finds_pages_in_the_current_language_only(client):
    english = client.get("/en/search/", {"q": "time limits"}).content.decode()
    assert "Extending time limits during a declared emergency" in english
    assert '<p class="card__kind">Policy option</p>' in english
    french = client.get("/fr/search/", {"q": "crise"}).content.decode()
    assert 'href="/fr/"' in french
    assert "/en/" not in re.search(r'<ol class="search-results">.*?</ol>', french, re.S).group(0)


def test_search_without_query_shows_the_form_only(client):
    content = client.get("/en/search/").content.decode()
    assert 'role="search"' in content
    assert "search-results" not in content


def test_search_refuses_an_overlong_query_with_a_message(client):
    response = client.get("/ar/search/", {"q": "x" * 500})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="field-error"' in content
    assert "search-results" not in content


def test_search_rejects_post(client):
    assert client.post("/en/search/", {"q": "x"}).status_code == 405


def test_sitemap_lists_every_language_with_alternates(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    urls = {u.find("s:loc", SITEMAP_NS).text: u for u in root.findall("s:url", SITEMAP_NS)}
    homes = [loc for loc in urls if re.fullmatch(r"http://[^/]+/[a-z-]+/", loc)]
    assert len(homes) == 6
    english_home = next(loc for loc in homes if loc.endswith("/en/"))
    links = urls[english_home].findall("x:link", SITEMAP_NS)
    assert sorted(link.get("hreflang") for link in links) == sorted(
        ["en", "fr", "es", "ru", "zh-hans", "ar"]
    )
    library = ResourceLibraryPage.objects.get(locale__language_code="en")
    assert any(loc.endswith(library.url) for loc in urls)


def test_sitemap_query_count_is_bounded(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        client.get("/sitemap.xml")


def test_robots_txt_points_to_the_sitemap_and_keeps_robots_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_search_can_be_narrowed_to_one_kind(client):
    everything = client.get("/en/search/", {"q": "continuity"}).content.decode()
    assert "Moving every service online in a pandemic" in everything
    assert "a business-continuity guide for IP offices" in everything
    guides = client.get("/en/search/", {"q": "continuity", "kind": "guidepage"}).content.decode()
    results = re.search(r'<ol class="search-results">.*?</ol>', guides, re.S).group(0)
    kinds = set(re.findall(r'<p class="card__kind">([^<]+)</p>', results))
    assert kinds == {"Guide"}


def test_search_reports_an_unknown_kind(client):
    content = client.get("/fr/search/", {"q": "crise", "kind": "nope"}).content.decode()
    assert 'role="alert"' in content
    assert "search-results" not in content


@pytest.mark.parametrize("code", ["en", "fr", "es", "ru", "zh-hans", "ar"])
def test_footer_is_in_the_visitors_language(client, code):
    from cms.demo import pages
    from cms.demo.site import load_catalogue

    heading = pages.FOOTER["contact_heading"]
    expected = heading if code == "en" else load_catalogue(code)[heading]
    content = client.get(f"/{code}/").content.decode()
    assert f'<h2 id="footer-contact">{expected}</h2>' in content
    assert 'href="mailto:ip-resilience@example.org"' in content


def test_footer_falls_back_to_english_for_a_language_without_one(client):
    from cms.models import SiteFooter

    SiteFooter.objects.filter(locale__language_code="ru").delete()
    content = client.get("/ru/").content.decode()
    assert '<h2 id="footer-contact">Contact the project team</h2>' in content


def test_html_is_compressed_for_clients_that_accept_it(client, demo_site):
    plain = client.get("/en/")
    packed = client.get("/en/", headers={"accept-encoding": "gzip, deflate, br"})
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert len(packed.content) < len(plain.content) / 3


def test_every_page_names_a_favicon_and_favicon_ico_exists(client, demo_site):
    from django.contrib.staticfiles import finders

    html = client.get("/ar/").content.decode()
    icons = re.findall(r'<link rel="icon" href="/static/([^"]+)"', html)
    assert icons == ["favicon.svg", "favicon.ico"]
    assert all(finders.find(icon) for icon in icons)
    redirect = client.get("/favicon.ico")
    assert redirect.status_code == 301 and redirect["Location"] == "/static/favicon.ico"


@pytest.mark.parametrize(
    "query", ['=HYPERLINK("http://x","y")', 'say "hi', "NOT", "a OR (b", "^*", "中文 الحقوق"]
)
def test_search_takes_any_text_without_a_server_error(client, demo_site, query):
    # SQLite's FTS5 reads quotes, operators and brackets as its own query syntax.
    client.raise_request_exception = False
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200
    assert "results-count" in response.content.decode()
