"""The public IP-ROC expert roster in Chromium: the directory in English and Arabic, and a
nomination in French, first with mistakes (kept, explained, accessible), then sent."""

import pytest
from django.core.cache import cache

from experts.demo import load_expert_demo
from experts.models import Expert, ExpertDirectoryPage, VettingStatus
from regions.defaults import load_default_regions

pytestmark = [pytest.mark.browser]


@pytest.fixture
def roster_site(live_site):
    # A transactional test's flush also empties what migrations load: the regions.
    load_default_regions()
    load_expert_demo()  # the directory page in six languages and the demo experts
    cache.clear()  # the nomination rate limit counts per address
    return live_site


def directory_url(site: str, code: str) -> str:
    return site + ExpertDirectoryPage.objects.get(locale__language_code=code).url


@pytest.mark.parametrize("code", ["en", "ar"])
def test_the_directory_lists_vetted_experts_by_region(roster_site, page, code):
    from .conftest import assert_accessible

    page.goto(directory_url(roster_site, code))
    assert page.locator("html").get_attribute("dir") == ("rtl" if code == "ar" else "ltr")
    listed = Expert.objects.filter(status=VettingStatus.ELIGIBLE, public_consent=True)
    assert page.locator("li.card").count() == listed.count() > 0
    hidden = Expert.objects.exclude(pk__in=listed).values_list("name", flat=True)
    content = page.content()
    assert not [name for name in hidden if name in content]
    assert page.locator("section.expert-region h3").count() >= 4
    assert_accessible(page)


def test_a_nomination_with_mistakes_then_sent(roster_site, page):
    from .conftest import assert_accessible

    page.goto(directory_url(roster_site, "fr"))
    page.fill("input[name=name]", "Awa Ndiaye")
    page.fill("input[name=email]", "pas-une-adresse")
    page.locator("#nominate button[type=submit]").click()

    alert = page.locator(".form-errors[role=alert]")
    assert alert.is_visible()
    assert "Veuillez corriger" in alert.inner_text()
    assert page.input_value("input[name=name]") == "Awa Ndiaye"  # kept
    assert page.locator("#id_email-error").is_visible()
    # Each error in the summary links to its field.
    first_link = alert.locator("a").first
    target = first_link.get_attribute("href")
    first_link.click()
    assert page.evaluate("location.hash") == target
    assert_accessible(page)

    page.fill("input[name=email]", "awa.ndiaye@example.org")
    page.check("input[name=nominated_by][value=office]")
    page.fill("input[name=organisation]", "Office de la propriété industrielle")
    page.select_option("select[name=country]", "SN")
    page.check("input[name=expertise][value=crisis-framework]")
    page.check("input[name=languages][value=fr]")
    page.fill("textarea[name=biography]", "A dirigé le passage au dépôt en ligne en 2020.")
    page.check("input[name=consent]")
    page.locator("#nominate button[type=submit]").click()

    assert page.locator("[role=status]").is_visible()
    assert "Merci" in page.locator("[role=status]").inner_text()
    expert = Expert.objects.get(email="awa.ndiaye@example.org")
    assert expert.status == VettingStatus.PROPOSED and expert.nomination_language == "fr"
    assert "Awa Ndiaye" not in page.locator("section[aria-labelledby=directory-title]").inner_text()
    assert_accessible(page)
