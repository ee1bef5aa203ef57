"""A French translator's journey from the translation dashboard: request a French translation
of a new page and translate its ten texts and publish, counting the clicks (it took 4 + 21 with
"Submit for translation" and wagtail-localize's editor, an Edit and a Save per text)."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Locale

from cms.models import HomePage, StandardPage
from cms.roles import translators_group_name

from .conftest import assert_accessible

pytestmark = [pytest.mark.browser]

PASSWORD = "claire-secret-2026"  # noqa: S105 - a test user's


class Clicks:
    """Every click of the journey goes through here, so that the count is the real one."""

    def __init__(self) -> None:
        self.count = 0

    def click(self, locator) -> None:
        self.count += 1
        locator.click()


def make_page() -> StandardPage:
    home = HomePage.objects.get(locale__language_code="en")
    page = StandardPage(
        title="Continuity plan for the journey",
        slug="continuity-plan-journey",
        introduction="How an office keeps serving.",
        body=[("paragraph", f"<p>Step {n} of the plan.</p>") for n in range(8)],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_translator(django_user_model):
    user = django_user_model.objects.create_user("claire", password=PASSWORD)
    user.groups.add(Group.objects.get(name=translators_group_name("fr")))
    return user


def log_in(page, live_site: str) -> None:
    page.goto(f"{live_site}/admin/login/")
    page.fill("input[name=username]", "claire")
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(f"{live_site}/admin/")


def test_french_translator_requests_translates_and_publishes_in_few_clicks(
    live_site, page, django_user_model
):
    english = make_page()
    make_translator(django_user_model)
    page.set_viewport_size({"width": 1280, "height": 1000})
    log_in(page, live_site)

    clicks = Clicks()
    page.goto(f"{live_site}/admin/reports/translation-status/")
    assert_accessible(page)
    # The new page is on the first screen of the default view, in French only.
    row = page.locator("tbody tr").filter(has_text=english.title)
    assert row.count() == 1 and "French" in row.inner_text()
    assert page.locator("tbody tr").filter(has_text="Arabic").count() == 0
    clicks.click(row.get_by_role("button", name="Translate into French"))

    page.wait_for_url("**/texts/")
    boxes = page.locator("textarea")
    assert boxes.count() == 10
    assert_accessible(page)
    for index in range(10):
        box = boxes.nth(index)
        label = page.locator(f"label[for='{box.get_attribute('id')}']").inner_text()
        box.fill(f"FR {label}")
    clicks.click(page.get_by_role("button", name="Save and publish in French"))
    page.locator(".messages .success").filter(has_text="Published in French").wait_for()

    french = StandardPage.objects.get(
        translation_key=english.translation_key, locale=Locale.objects.get(language_code="fr")
    )
    assert french.live and french.title == "FR Continuity plan for the journey"
    assert french.introduction == "FR How an office keeps serving."
    print(f"translation journey: {clicks.count} clicks (before: 4 + 21 = 25)")
    assert clicks.count <= 12


def test_the_dashboard_works_on_a_phone(live_site, page, django_user_model):
    make_page()
    make_translator(django_user_model)
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, live_site)
    page.goto(f"{live_site}/admin/reports/translation-status/")
    # The summary bar and the row's one-click button are on screen and usable.
    summary = page.get_by_role("navigation", name="Translation states")
    assert summary.is_visible()
    assert summary.bounding_box()["width"] <= 360
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    button = page.get_by_role("button", name="Translate into French").first
    button.scroll_into_view_if_needed()
    assert button.is_visible()
    # A state link filters the listing.
    summary.get_by_role("link", name="Up to date").click()
    page.wait_for_url("**state=up_to_date**")
    assert page.locator("tbody tr").first.locator(".cms-state--up_to_date").is_visible()
