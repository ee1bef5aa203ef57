"""The expert network's two public pages on a 360 px phone in Arabic: an IP office asks for
help on the public form (a mistake first, kept and explained, then sent), and the proposed
expert accepts through their personal link. NETWORK_SCREENSHOTS=<folder> saves what was
checked, for a person to look at."""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from experts import assistance
from experts.demo import load_expert_demo
from experts.links import answer_path
from experts.models import AssistanceRequest, AssistanceRequestPage, Expert, RequestState
from regions.defaults import load_default_regions

pytestmark = [pytest.mark.browser]

SCREENSHOTS = os.environ.get("NETWORK_SCREENSHOTS")
PHONE = {"width": 360, "height": 780}


@pytest.fixture
def network_site(live_site):
    # A transactional test's flush also empties what migrations load: the regions.
    load_default_regions()
    load_expert_demo()  # the form page in six languages, the demo experts and requests
    cache.clear()  # the requests' rate limit counts per address
    return live_site


def shoot(page, name: str, full_page: bool = True) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=full_page)


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a 360 px phone"


def test_a_request_in_arabic_then_the_experts_acceptance(network_site, page):
    from .conftest import assert_accessible

    page.set_viewport_size(PHONE)
    form_url = network_site + AssistanceRequestPage.objects.get(locale__language_code="ar").url
    page.goto(form_url)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("input[name=languages][value=ar]").is_checked()  # the page's language

    # First with a mistake: an address that is not one, and no expertise ticked.
    page.fill("input[name=office]", "المكتب الوطني للملكية الصناعية")
    page.select_option("select[name=country]", "JO")
    page.fill("input[name=contact_name]", "رانيا صالح")
    page.fill("input[name=contact_email]", "rania-at-example")
    page.check("input[name=crisis_kind][value=natural-disaster]")
    page.fill("textarea[name=description]", "أغلق الزلزال مبنى المكتب وتتراكم الطلبات.")
    page.check("input[name=services_affected][value=filing]")
    page.check("input[name=urgency][value=week]")
    page.check("input[name=consent]")
    page.locator("form.form button[type=submit]").click()

    alert = page.locator(".form-errors[role=alert]")
    assert alert.is_visible()
    # Without JavaScript, the form's #fragment brings the summary into view, not the intro.
    top = page.evaluate("document.querySelector('.form-errors').getBoundingClientRect().top")
    assert -1 <= top < PHONE["height"] / 2
    shoot(page, "1-form-with-errors-ar-on-arrival", full_page=False)
    assert page.locator("#id_contact_email-error").is_visible()
    assert page.locator("#id_expertise_needed-error").is_visible()
    assert page.input_value("input[name=office]") == "المكتب الوطني للملكية الصناعية"  # kept
    assert page.locator("input[name=services_affected][value=filing]").is_checked()
    assert page.locator("input[name=consent]").is_checked()
    assert page.locator("html").get_attribute("dir") == "rtl"
    no_sideways_scroll(page)
    shoot(page, "1-form-with-errors-ar")
    assert_accessible(page)

    page.fill("input[name=contact_email]", "rania.saleh@example.org")
    page.check("input[name=expertise_needed][value=online-services]")
    page.locator("form.form button[type=submit]").click()

    thanks = page.locator("[role=status]")
    assert thanks.is_visible()
    assert "?sent=1" in page.url
    no_sideways_scroll(page)
    shoot(page, "2-form-sent-ar")
    assert_accessible(page)
    request = AssistanceRequest.objects.get(contact_email="rania.saleh@example.org")
    assert (request.language, request.state) == ("ar", RequestState.RECEIVED)

    # A coordinator proposes an available, Arabic-speaking expert (the admin is tested apart).
    expert = Expert.objects.get(email="l.haddad@example.org")
    coordinator = get_user_model().objects.filter(is_superuser=True).first()
    (proposal,) = assistance.propose(request, [expert], coordinator)
    assert proposal.language == "ar"
    page.goto(network_site + answer_path(proposal))
    assert page.locator("html").get_attribute("dir") == "rtl"
    content = page.content()
    assert "rania.saleh@example.org" not in content and "رانيا صالح" not in content
    assert "الأردن" in content  # Jordan, in Arabic
    no_sideways_scroll(page)
    shoot(page, "3-answer-link-ar")
    assert_accessible(page)

    page.fill("textarea[name=note]", "أستطيع البدء يوم الاثنين.")
    page.locator("button[name=answer][value=accept]").click()
    status = page.locator("[role=status]")
    assert status.is_visible()
    assert "rania.saleh@example.org" in status.inner_text()
    assert page.locator("button[name=answer]").count() == 0
    no_sideways_scroll(page)
    shoot(page, "4-answer-accepted-ar")
    assert_accessible(page)
    request.refresh_from_db()
    assert request.state == RequestState.ACCEPTED and request.accepted_at is not None
