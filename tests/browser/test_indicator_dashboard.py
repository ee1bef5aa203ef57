"""The evaluator's journey in Chromium: from the admin home to OUT-2's detail on the indicator
dashboard, at 1280 px and at 360 px. The summary strip is on the first screen, its OUT-2 row
jumps to the card, the page has its contents, and axe-core finds nothing serious.

Clicks for "open the dashboard from the admin home and read OUT-2's detail" (counted below):
1 at 1280 and at 360 px (OUT-2 in the admin home's indicators panel); through the menu and
the strip, 2 (3 on a phone, whose menu is folded). Before (measured on the previous commit):
1 click and a scroll of about 1,200 px at 1280 px, 2 clicks and about 2,150 px at 360 px, on
a page of about 11,200 px with nothing to jump by."""

import pytest
from django.contrib.auth.models import Group

from evaluation.roles import EVALUATORS, ensure_evaluators_group
from experts.demo import load_expert_demo
from experts.models import Expert, VettingStatus
from regions.defaults import load_default_regions

from .conftest import assert_accessible

pytestmark = [pytest.mark.browser]

PASSWORD = "evaluator-secret-2026"


@pytest.fixture
def evaluator_site(live_site, django_user_model):
    # A transactional test's flush empties what migrations load: regions and roles.
    load_default_regions()
    load_expert_demo()
    ensure_evaluators_group()
    user = django_user_model.objects.create_user("evelyn", password=PASSWORD)
    user.groups.add(Group.objects.get(name=EVALUATORS))
    return live_site


IN_VIEWPORT = """(selector) => {
    const box = document.querySelector(selector).getBoundingClientRect();
    return box.top >= 0 && box.top < window.innerHeight && box.bottom > 0;
}"""


def in_viewport(page, selector: str) -> bool:
    """Whether the element's top is on screen, once the admin's smooth scroll has settled."""
    from playwright.sync_api import TimeoutError as NotOnScreen

    try:
        page.wait_for_function(IN_VIEWPORT, arg=selector, timeout=3000)
    except NotOnScreen:
        return False
    return True


@pytest.mark.parametrize("width", [1280, 360])
def test_from_the_admin_home_to_out2s_detail(evaluator_site, browser, width):
    context = browser.new_context(
        bypass_csp=True, locale="en-GB", viewport={"width": width, "height": 800}
    )
    page = context.new_page()
    page.goto(f"{evaluator_site}/admin/login/")
    page.fill("input[name=username]", "evelyn")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{evaluator_site}/admin/")
    experts = Expert.objects.filter(status=VettingStatus.ELIGIBLE).count()

    # The journey: the admin home's indicators panel links to OUT-2's detail.
    clicks = 0
    page.locator("section[aria-labelledby=ev-home-indicators-heading]").get_by_role(
        "link", name="OUT-2"
    ).click()
    clicks += 1
    page.wait_for_url("**/admin/indicators/#indicator-OUT-2")
    assert in_viewport(page, "#indicator-OUT-2")
    card = page.locator("#indicator-OUT-2")
    assert card.locator(".ev-card__value").inner_text() == str(experts)
    assert clicks == 1

    # Back to the strip, first on the page.
    card.get_by_role("link", name="Back to summary").click()
    assert page.evaluate("location.hash") == "#ev-summary"
    assert in_viewport(page, "#indicator-summary")

    # Opened from the menu, the first screen shows the strip, not the filters.
    page.goto(f"{evaluator_site}/admin/indicators/")
    assert in_viewport(page, "#indicator-summary tbody tr:first-child")
    assert page.locator("#indicator-summary tbody tr").count() == 9
    assert page.locator("details.ev-filters-disclosure").get_attribute("open") is None
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.locator("nav[aria-labelledby=ev-contents-heading] a").count() >= 13
    row = page.locator("#indicator-summary tr[data-indicator=OUT-2]")
    assert row.locator(".ev-strip__value").inner_text() == str(experts)
    # Keyboard: the strip's link takes the focus and follows with Enter.
    link = row.get_by_role("link")
    link.focus()
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#indicator-OUT-2"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#indicator-OUT-2"
    assert in_viewport(page, "#indicator-OUT-2")
    assert_accessible(page)
    context.close()
