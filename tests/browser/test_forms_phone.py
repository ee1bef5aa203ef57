"""The public forms on a phone in Arabic and Chinese: an empty submission is answered by the
server in the page's language, and focus lands on a summary whose links lead to the fields."""

import os
import time
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from cms.models import CallForExperiencesPage

from ..surveys.conftest import cohort, instrument  # noqa: F401 (fixtures)
from .conftest import assert_accessible

pytestmark = [pytest.mark.browser]

PHONE = {"width": 360, "height": 740}
SHOTS = os.environ.get("BROWSER_SCREENSHOTS")  # a folder, to look at the pages by eye


def in_language(lang: str, message: str) -> str:
    with translation.override(lang):
        return translation.gettext(message)


def submit_empty(browser, address: str, lang: str, summary: str, name: str):
    """Submit the form untouched without JavaScript: nothing but HTML moves the focus."""
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=False
    )
    phone = context.new_page()
    phone.goto(address)
    assert phone.locator(summary).count() == 0
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_load_state()
    # The server answered (no browser bubble held the post back), in the page's language.
    assert phone.locator(summary).count() == 1
    assert phone.locator("html").get_attribute("lang") == lang
    required = in_language(lang, "This field is required.")
    assert required != "This field is required."
    assert required in phone.locator(summary).inner_text()
    assert "This field is required." not in phone.content()
    assert has_focus(phone, summary)
    context.close()


def has_focus(phone, selector: str, within_s: float = 5) -> bool:
    """The browser runs `autofocus` when it next renders, which can come just after the load
    event: wait for it rather than race it."""
    deadline = time.monotonic() + within_s
    while True:
        if phone.evaluate(f"document.activeElement === document.querySelector('{selector}')"):
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


def check_summary(phone, summary: str, lang: str, name: str) -> None:
    assert has_focus(phone, summary)
    targets = phone.locator(f"{summary} a").evaluate_all("links => links.map(a => a.hash)")
    assert targets, "the summary links no field"
    for target in targets:
        assert phone.locator(target).count() == 1, f"{target} is not on the page"
    # No sideways scrolling on a phone, with the summary and every message shown.
    # (A mobile viewport widens itself to overflowing content: compare with the screen.)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=f"{SHOTS}/{name}-{lang}.png", full_page=True)
    assert_accessible(phone)
    # A link of the summary puts the reader in its field.
    phone.locator(f"{summary} a").first.click()
    assert phone.evaluate("document.activeElement.id") == targets[0].removeprefix("#")


def submit_empty_on_a_phone(browser, address: str, lang: str, summary: str, kind: str) -> None:
    """Without JavaScript (the server answers), then with it (axe-core runs)."""
    submit_empty(browser, address, lang, summary, kind)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, bypass_csp=True)
    phone = context.new_page()
    phone.goto(address)
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_load_state()
    check_summary(phone, summary, lang, kind)
    context.close()


@pytest.mark.parametrize("lang", ["ar", "zh-hans"])
def test_call_for_experiences_on_a_phone(live_site, browser, lang):
    page = CallForExperiencesPage.objects.get(locale__language_code=lang)
    address = live_site + page.url
    submit_empty_on_a_phone(browser, address, lang, ".error-summary", "experience")


@pytest.mark.parametrize("lang", ["ar", "zh-hans"])
def test_self_enrolment_on_a_phone(live_site, browser, cohort, lang):  # noqa: F811
    with translation.override(lang):
        address = live_site + reverse("surveys:enrol", kwargs={"key": cohort.enrolment_key})
    submit_empty_on_a_phone(browser, address, lang, ".survey-error-summary", "enrol")
