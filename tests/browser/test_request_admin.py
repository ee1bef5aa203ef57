"""A coordinator runs an assistance request in Chromium, at 1280 px and at 360 px: from the
listing to the request page, proposes two of the ranked experts, and closes the request once
one of them has accepted. No JavaScript is needed for any of it; axe-core finds nothing
serious on the way, and nothing is wider than the screen."""

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from experts import assistance
from experts.models import (
    Answer,
    Expert,
    FiledBy,
    RequestState,
    VettingStatus,
)
from experts.roles import COORDINATORS, ensure_coordinators_group
from regions.defaults import load_default_regions

from .conftest import assert_accessible

pytestmark = [pytest.mark.browser]

PASSWORD = "coordinator-secret-2026"
# NETWORK_SCREENSHOTS=<folder> saves what was checked, for a person to look at.
SCREENSHOTS = os.environ.get("NETWORK_SCREENSHOTS")


@pytest.fixture
def request_site(live_site, django_user_model):
    # A transactional test's flush empties what migrations load: regions and roles.
    load_default_regions()
    ensure_coordinators_group()
    user = django_user_model.objects.create_user(
        "cora", password=PASSWORD, first_name="Cora", last_name="Ordinator"
    )
    user.groups.add(Group.objects.get(name=COORDINATORS))
    for name, country, expertise, languages in [
        ("Achieng Otieno", "KE", ["crisis-framework", "online-services"], ["en", "fr"]),
        ("Fatou Sarr", "SN", ["crisis-framework"], ["fr"]),
        ("Rania Saleh", "JO", ["communication"], ["ar", "en"]),
        ("Giorgi Kapanadze", "GE", ["risk", "online-services"], ["en", "ru"]),
    ]:
        Expert.objects.create(
            name=name,
            email=f"{name.split()[0].lower()}@example.org",
            country=country,
            expertise=expertise,
            languages=languages,
            status=VettingStatus.ELIGIBLE,
            assistance_consent=True,
        )
    request = assistance.file_request(
        {
            "office": "Kenya Industrial Property Institute",
            "country": "KE",
            "contact_name": "Wanjiru Kamau",
            "contact_email": "wanjiru@example.org",
            "crisis_kind": "natural-disaster",
            "description": "Floods closed the filing office; statutory deadlines are running.",
            "services_affected": ["filing", "fees"],
            "expertise_needed": ["crisis-framework", "online-services"],
            "languages": ["en"],
            "urgency": "immediate",
        },
        language="en",
        filed_by=FiledBy.OFFICE,
    )
    return live_site, request


def shoot(page, name: str) -> None:
    """The whole page: the admin scrolls inside its layout, so grow the window to fit."""
    size = page.viewport_size
    height = page.evaluate(
        "Math.max(...[...document.querySelectorAll('*')].map((e) => e.scrollHeight))"
    )
    page.set_viewport_size({"width": size["width"], "height": max(height, size["height"])})
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(SCREENSHOTS) / f"{name}-{size['width']}.png", full_page=True)
    page.set_viewport_size(size)


def no_wider_than_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [1280, 360])
def test_a_coordinator_proposes_two_experts_and_closes_the_request(request_site, browser, width):
    site, request = request_site
    context = browser.new_context(
        bypass_csp=True, locale="en-GB", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.goto(f"{site}/admin/login/")
    page.fill("input[name=username]", "cora")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{site}/admin/")

    # The listing: the request, one click from its page.
    page.goto(f"{site}/admin/snippets/experts/assistancerequest/")
    shoot(page, "listing")
    assert_accessible(page)
    row = page.get_by_role("row").filter(has_text=request.reference)
    row.get_by_role("link", name="Match and follow up").click()
    page.wait_for_url(f"{site}/admin/experts/requests/{request.pk}/")
    assert page.locator("h1").first.inner_text().startswith(request.reference)
    assert "wanjiru@example.org" in page.content()
    matching = page.locator("#matching-section")
    best = matching.locator("li").filter(has=page.get_by_label("Achieng Otieno"))
    assert best.get_by_text("Covers 2 of 2 areas needed").count() == 1
    assert best.get_by_text("From the same country").count() == 1
    shoot(page, "request")
    assert no_wider_than_the_screen(page)
    assert_accessible(page)

    # Propose the two best: a plain form, checked by their names.
    page.get_by_label("Achieng Otieno").check()
    page.get_by_label("Fatou Sarr").check()
    page.get_by_role("button", name="Propose the selected experts").click()
    page.wait_for_url(f"{site}/admin/experts/requests/{request.pk}/")
    assert "Proposed" in page.locator(".messages").inner_text()
    request.refresh_from_db()
    assert request.state == RequestState.MATCHED
    assert set(request.proposals.values_list("expert__name", flat=True)) == {
        "Achieng Otieno",
        "Fatou Sarr",
    }
    proposals = page.locator("#proposals-section")
    assert proposals.get_by_role("button", name="Withdraw").count() == 2
    shoot(page, "proposed")
    assert no_wider_than_the_screen(page)
    assert_accessible(page)

    # Amina accepts through her link (the answer page is tested on its own).
    assistance.answer(request.proposals.get(expert__name="Achieng Otieno"), accept=True)
    page.reload()
    # A close without a note is refused, the choice kept.
    page.get_by_label("Help was given", exact=True).check()
    page.get_by_role("button", name="Close the request").click()
    assert "Write what came of the request" in page.locator(".messages").inner_text()
    assert page.get_by_label("Help was given", exact=True).is_checked()
    shoot(page, "refused")
    assert_accessible(page)
    page.get_by_label("Outcome note").fill("Online filing restored within three days.")
    page.get_by_role("button", name="Close the request").click()
    page.wait_for_url(f"{site}/admin/experts/requests/{request.pk}/")
    request.refresh_from_db()
    assert request.state == RequestState.CLOSED and request.help_given is True
    assert request.proposals.get(expert__name="Fatou Sarr").answer == Answer.WITHDRAWN
    log = page.locator("#log-section")
    assert log.get_by_text("Closed, help given: Online filing restored").count() == 1
    assert log.get_by_text("Cora Ordinator").count() >= 3
    shoot(page, "closed")
    assert no_wider_than_the_screen(page)
    assert_accessible(page)
    context.close()
