"""A "page not found" advertises no alternates and switches language to the home pages."""

import re

import pytest

from .conftest import LANGUAGE_CODES

pytestmark = pytest.mark.django_db


def switcher_links(content: str) -> list[tuple[str, str]]:
    nav = re.search(r'<nav class="language-switcher".*?</nav>', content, re.S).group(0)
    return re.findall(r'<a href="([^"]+)" lang="([^"]+)"', nav)


@pytest.mark.parametrize("code", ["en", "ar"])
def test_a_missing_page_links_each_languages_home_and_no_alternates(client, code):
    response = client.get(f"/{code}/does-not-exist/")
    assert response.status_code == 404
    content = response.content.decode()
    assert 'rel="alternate"' not in content
    assert 'rel="canonical"' not in content
    links = switcher_links(content)
    assert links == [(f"/{other}/", other) for other in LANGUAGE_CODES]
    for href, _code in links:
        assert client.get(href).status_code == 200


def test_a_missing_nested_page_does_not_offer_its_own_address_in_other_languages(client):
    content = client.get("/fr/resources/no-such-resource/").content.decode()
    assert "no-such-resource" not in "".join(href for href, _ in switcher_links(content))


def test_real_pages_keep_their_alternates(client):
    content = client.get("/en/").content.decode()
    assert content.count('rel="alternate"') == len(LANGUAGE_CODES)
