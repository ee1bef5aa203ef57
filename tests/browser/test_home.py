"""The home page in Chromium: accessible in six languages, keyboard switching, strict CSP."""

import pytest

from cms.models import HomePage

from ..conftest import LANGUAGE_CODES
from .conftest import assert_accessible

pytestmark = [pytest.mark.browser]


def test_home_page_passes_axe_in_each_language(live_site, page):
    # One test for the six languages: each browser test reloads the demo into a flushed
    # database, so looping here keeps the suite fast.
    for code in LANGUAGE_CODES:
        page.goto(f"{live_site}/{code}/")
        html = page.locator("html")
        assert html.get_attribute("lang") == code
        expected = "rtl" if code == "ar" else "ltr"
        assert html.get_attribute("dir") == expected
        assert page.evaluate("getComputedStyle(document.body).direction") == expected
        assert_accessible(page)


def test_keyboard_user_skips_to_content_and_switches_to_arabic(live_site, page):
    page.goto(f"{live_site}/en/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.get_attribute("href") == "#main"
    assert skip.is_visible()  # the skip link shows itself when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.locator(".language-switcher a[lang='ar']").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_site}/ar/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator(".language-switcher a[aria-current='true']").get_attribute("lang") == "ar"
    # Mirrored layout: the site name sits on the right in Arabic.
    name_box = page.locator(".site-name").bounding_box()
    assert name_box["x"] > page.viewport_size["width"] / 2


def test_public_pages_run_under_the_csp_without_violations(live_site, strict_page):
    for code in ["en", "ar"]:
        response = strict_page.goto(f"{live_site}/{code}/")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert strict_page.locator("link[rel=stylesheet]").count() == 1
        # The stylesheet applied: the header has its colour.
        header_bg = strict_page.evaluate(
            "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
        )
        assert header_bg == "rgb(11, 79, 138)"
    assert strict_page.csp_violations == []
    assert strict_page.script_errors == []


def test_admin_works_under_its_csp(live_site, strict_page):
    strict_page.goto(f"{live_site}/admin/login/")
    strict_page.fill("input[name=username]", "admin")
    strict_page.fill("input[name=password]", "demo-password-for-tests")
    strict_page.click("button[type=submit]")
    strict_page.wait_for_url(f"{live_site}/admin/")
    home_id = HomePage.objects.get(locale__language_code="en").pk
    for path in ["/admin/pages/", "/admin/users/", f"/admin/pages/{home_id}/edit/"]:
        strict_page.goto(f"{live_site}{path}")
        strict_page.wait_for_load_state("networkidle")
    # The page editor's StreamField, drawn by the admin's JavaScript, is there.
    assert strict_page.locator("[data-contentpath=outputs] [data-streamfield-child]").count() == 3
    assert strict_page.csp_violations == []
    assert strict_page.script_errors == []


def test_content_pages_pass_axe_in_ltr_and_rtl(live_site, page):
    from cms.models import ResourcePage, StakeholderPage

    for code in ["en", "ar", "zh-hans"]:
        paths = [
            f"/{code}/resources/",
            f"/{code}/resources/?kind=bogus",  # with the filter error message
            StakeholderPage.objects.get(slug="smes", locale__language_code=code).url,
            ResourcePage.objects.get(slug="budget-by-output", locale__language_code=code).url,
            ResourcePage.objects.get(
                slug="budget-by-cost-category", locale__language_code=code
            ).url,
            ResourcePage.objects.get(
                slug="crisis-framework-module", locale__language_code=code
            ).url,
            f"/{code}/search/?q=IP",
            f"/{code}/no-such-page/",
            f"/{code}/share-your-experience/",
        ]
        for path in paths:
            page.goto(f"{live_site}{path}")
            assert page.locator("html").get_attribute("lang") == code
            assert_accessible(page)
        # The call for experiences with its error messages, sent without JavaScript help.
        page.goto(f"{live_site}/{code}/share-your-experience/")
        page.fill("[name=office]", "Office")
        page.click("form.form button[type=submit]")
        assert page.locator("[aria-invalid=true]").count() == 7
        assert page.locator("[name=office]").input_value() == "Office"
        assert_accessible(page)
