"""P1: an uncached resource page with a chart block, through the whole middleware stack.

A: Wagtail serving the demo's "budget by output" infographic (a bar chart, drawn wide and
narrow) with the anonymous page cache off. B, the floor: a plain Django view behind the same
middleware (benchmarks/floor_urls.py) fetching the same page by slug and locale and rendering
the same template with the same context. Both in-process through django.test.Client, which
runs every middleware (security, input guard, sessions, locale, CSRF, auth, CSP, redirects,
the page cache, axes); no Accept-Encoding, so neither side pays for gzip."""

import difflib
import os
import re
from typing import Any

from ..common import QUICK, setup_django
from ..harness import alternate, pair
from . import main

ID = "P1"
GOAL = "≤ 1.5"
DATABASES = ("sqlite", "postgresql")
SLUG = "budget-by-output"
LANGUAGE = "en"

# Per-response tokens that differ between any two renderings of the same page.
_VOLATILE = re.compile(r'(nonce|csrfmiddlewaretoken|value)="[^"]*"')


def _similarity(a: str, b: str) -> float:
    a_lines = _VOLATILE.sub("", a).splitlines()
    b_lines = _VOLATILE.sub("", b).splitlines()
    return difflib.SequenceMatcher(None, a_lines, b_lines, autojunk=False).ratio()


def measure(kind: str, url: str) -> dict[str, Any]:
    # Off before settings load: production turns the page cache on whenever Redis is set.
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    setup_django(url)
    from django.conf import settings
    from django.test import Client

    from cms.models import InfographicPage

    # Both sides resolve through the site's URLconf plus the floor's one pattern.
    settings.ROOT_URLCONF = "benchmarks.floor_urls"
    assert settings.PAGE_CACHE_SECONDS == 0

    page = InfographicPage.objects.live().get(slug=SLUG, locale__language_code=LANGUAGE)
    assert any(block.block_type == "chart" for block in page.body), "no chart block"
    page_path = page.url
    floor_path = f"/{LANGUAGE}/floor/{SLUG}/"
    client = Client(enforce_csrf_checks=True)

    def get(path: str) -> str:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        assert "X-Page-Cache" not in response, "the page cache answered"
        return response.content.decode()

    a_html, b_html = get(page_path), get(floor_path)
    assert not client.cookies, "anonymous requests should set no cookie"

    requests = 10 if QUICK else 40
    repeat = 3 if QUICK else 5

    def run_a() -> None:
        for _ in range(requests):
            get(page_path)

    def run_b() -> None:
        for _ in range(requests):
            get(floor_path)

    a_times, b_times = alternate(run_a, run_b, repeat=repeat, warmup=1)
    per_request = [t / requests for t in a_times], [t / requests for t in b_times]
    return pair(
        *per_request,
        goal=GOAL,
        notes=(
            f"seconds per request; {requests} GETs per repetition of {page_path} (Wagtail "
            f"serve, PAGE_CACHE_SECONDS=0) vs {floor_path} (plain view), Client, no gzip"
        ),
        id=ID,
        page=page_path,
        a_bytes=len(a_html),
        b_bytes=len(b_html),
        html_similarity=round(_similarity(a_html, b_html), 4),
    )


if __name__ == "__main__":
    main(measure)
