"""Charts on a phone and on a desktop: readable text, nothing cut off, no sideways scrolling.

The infographics' charts in the six languages at 360 px and 1280 px, and a participant's
before/after chart on the thank-you page. CHART_SCREENSHOTS=<folder> saves what was checked.
"""

import os
from pathlib import Path

import pytest
from django.test import Client

from cms.models import InfographicPage

from ..conftest import LANGUAGE_CODES
from ..surveys.conftest import cohort, instrument, participant  # noqa: F401 (fixtures)
from ..surveys.helpers import url
from .conftest import assert_accessible

pytestmark = [pytest.mark.browser]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
SMALLEST_TEXT = 12  # CSS px
SCREENSHOTS = os.environ.get("CHART_SCREENSHOTS")

# For every chart drawing the reader can see: its <text>s' rendered size (the computed font
# size times the SVG's scale) and their boxes against the SVG's box.
MEASURE = """(selector) => [...document.querySelectorAll(selector)]
    .filter((svg) => svg.getClientRects().length > 0)
    .map((svg) => {
        const box = svg.getBoundingClientRect();
        const scale = box.width / svg.viewBox.baseVal.width;
        return {
            figure: svg.closest("figure").className,
            role: svg.getAttribute("role"),
            texts: [...svg.querySelectorAll("text")].map((text) => {
                const t = text.getBoundingClientRect();
                return {
                    text: text.textContent,
                    px: parseFloat(getComputedStyle(text).fontSize) * scale,
                    outside: Math.max(
                        box.left - t.left, t.right - box.right,
                        box.top - t.top, t.bottom - box.bottom,
                    ),
                };
            }),
        };
    })"""


def check_drawings(page, selector: str) -> list[dict]:
    drawings = page.evaluate(MEASURE, selector)
    where = f"{page.url} at {page.viewport_size['width']} px"
    for drawing in drawings:
        for text in drawing["texts"]:
            assert text["px"] >= SMALLEST_TEXT, f"{text['text']!r} at {text['px']:.1f} px, {where}"
            assert text["outside"] <= 1, f"{text['text']!r} cut off by {text['outside']}, {where}"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), where
    return drawings


def screenshot(page, name: str, selector: str = "figure") -> None:
    """With CHART_SCREENSHOTS set, the page and each chart on it, to look at."""
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)
        for i, figure in enumerate(page.locator(selector).all()):
            figure.screenshot(path=str(Path(SCREENSHOTS) / f"{name}-{i}.png"))


def test_infographic_charts_fit_a_phone_and_a_desktop(live_site, browser):
    pages = list(InfographicPage.objects.live().order_by("locale__language_code", "pk"))
    assert {p.locale.language_code for p in pages} == set(LANGUAGE_CODES)
    for viewport in (PHONE, DESKTOP):
        context = browser.new_context(viewport=viewport, bypass_csp=True)
        page = context.new_page()
        for infographic in pages:
            code = infographic.locale.language_code
            page.goto(live_site + infographic.url)
            screenshot(
                page, f"charts-{code}-{infographic.slug}-{viewport['width']}", "figure.chart"
            )
            drawings = check_drawings(page, ".chart svg.chart__svg")
            # One drawing shown per chart (its twin is display:none, out of the a11y tree).
            charts = page.locator("figure.chart:not(.chart--key_figures)").count()
            assert len(drawings) == charts, page.url
            assert all(d["role"] == "img" for d in drawings)
            if code == "ar":
                assert page.locator("svg.chart__svg[direction=rtl]").count() >= charts
            if viewport is PHONE:
                assert_accessible(page)
        context.close()


def test_charts_run_under_the_csp(live_site, strict_page):
    for code in ("en", "ar"):
        for slug in ("budget-by-output", "six-quarter-timeline"):
            infographic = InfographicPage.objects.get(slug=slug, locale__language_code=code)
            strict_page.goto(live_site + infographic.url)
            assert strict_page.locator("svg.chart__svg").count() == 2
    assert strict_page.csp_violations == []


def take(client: Client, participant, lang: str, phase: str, ratings: tuple) -> None:  # noqa: F811
    client.post(
        url("screen", participant, lang, phase=phase, number=1),
        {"r1": ratings[0], "r2": ratings[1]},
    )
    client.post(url("screen", participant, lang, phase=phase, number=2), {"c1": ratings[2]})
    client.post(url("review", participant, lang, phase=phase))


def test_own_change_chart_reads_on_a_phone_in_french_and_arabic(
    live_site,
    browser,
    participant,  # noqa: F811
):
    client = Client()
    take(client, participant, "fr", "pre", ("2", "2", "3"))
    take(client, participant, "fr", "post", ("4", "3", "5"))
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    for lang in ("fr", "ar"):
        page.goto(live_site + url("done", participant, lang, phase="post"))
        screenshot(page, f"own-change-{lang}-{PHONE['width']}", ".survey-change")
        (drawing,) = check_drawings(page, ".survey-change svg")
        texts = [t["text"] for t in drawing["texts"]]
        # The legend names both bars; the axis has its five ticks; each domain its name.
        legend = page.evaluate(
            """() => [...document.querySelectorAll('.survey-change thead th')]
                .slice(1, 3).map((th) => th.textContent)"""
        )
        assert all(name in texts for name in legend), (texts, legend)
        assert all(str(tick) in texts for tick in range(1, 6))
        assert any("Risk" in text for text in texts)
        # The table, the chart's text equivalent, fits the phone too.
        assert page.evaluate(
            """() => document.querySelector('.survey-change__table').getBoundingClientRect().width
                <= document.querySelector('.survey-change').clientWidth"""
        )
        svg = page.locator(".survey-change svg")
        assert svg.evaluate("(svg) => getComputedStyle(svg).transform") == "none"
        if lang == "ar":
            assert svg.get_attribute("direction") == "rtl"
            # Mirrored by its coordinates: the domain names end at the right-hand side.
            name = page.locator(".survey-change svg text", has_text="AR Risk").bounding_box()
            box = svg.bounding_box()
            assert name["x"] + name["width"] > box["x"] + box["width"] * 0.75
            assert_accessible(page)
    context.close()
