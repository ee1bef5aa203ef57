"""The participant's journey on a phone (360 × 740), in Chromium, without JavaScript where a
participant would have none: Start opens Part 1, resuming, the review page, enrolment that a
reload does not repeat, every screen fitting the screen in six languages, visible focus."""

import datetime
import os
import re

import pytest
from django.utils import timezone
from django.utils.translation import override
from wagtail.models import Page

from surveys.demo import load_demo_instruments
from surveys.models import Cohort, CohortPhase, Item, Participant, Phase, Submission

from ..conftest import LANGUAGE_CODES
from ..surveys.helpers import make_participant, url
from .conftest import assert_accessible

pytestmark = [pytest.mark.browser]

PHONE = {"width": 360, "height": 740}
FIRST_QUESTION_WITHIN = 400  # CSS px from the top of the screen
# PHONE_SCREENSHOTS=/tmp/phone keeps a screenshot of each page checked, to look at.
SCREENSHOTS = os.environ.get("PHONE_SCREENSHOTS")


@pytest.fixture
def workshop(live_site) -> Cohort:
    """The demo's three instruments in six languages, in a cohort whose PRE, POST and
    feedback are open now and whose enrolment link is public."""
    instruments, _created, _translated = load_demo_instruments()
    now = timezone.now()
    cohort = Cohort(
        name="Workshop on a phone",
        slug="phone-workshop",
        starts_on=now.date(),
        ends_on=now.date(),
        self_enrolment=True,
    )
    cohort.phases = [
        CohortPhase(
            phase=phase,
            instrument=instruments[code],
            opens_at=now - datetime.timedelta(days=1),
            closes_at=now + datetime.timedelta(days=7),
            sort_order=order,
        )
        for order, (phase, code) in enumerate(
            [(Phase.PRE, "competence"), (Phase.POST, "competence"), (Phase.FEEDBACK, "feedback")]
        )
    ]
    cohort.save()
    return cohort


def phone(browser, javascript: bool = False, locale: str = "en-GB"):
    # axe-core needs JavaScript; the journeys themselves run without it, as some phones do.
    return browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        java_script_enabled=javascript,
        bypass_csp=javascript,
        locale=locale,
    )


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def smallest_chart_text_px(page) -> float | None:
    """The smallest size at which a reader sees text in the page's visible chart SVGs."""
    return page.evaluate(
        """() => {
        let smallest = null;
        for (const svg of document.querySelectorAll('svg[viewBox]')) {
            const box = svg.getBoundingClientRect();
            if (!box.width || !svg.viewBox.baseVal.width) continue;
            const scale = box.width / svg.viewBox.baseVal.width;
            for (const text of svg.querySelectorAll('text')) {
                if (!text.getClientRects().length) continue;
                const size = parseFloat(getComputedStyle(text).fontSize) * scale;
                smallest = smallest === null ? size : Math.min(smallest, size);
            }
        }
        return smallest;
    }"""
    )


def shot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=False)


def test_start_opens_part_1_and_a_participant_resumes_where_they_left(live_site, browser, workshop):
    participant = make_participant(workshop, "PHONE-001", language="en")
    context = phone(browser)
    page = context.new_page()
    page.goto(live_site + url("home", participant, "en"))
    page.get_by_role("link", name="Start").first.click()
    assert page.url.endswith("/pre/1/")  # not the last part: every rating is optional
    assert "Part 1 of 7" in page.content()

    page.get_by_role("button", name="Save and continue").click()  # nothing chosen: optional
    assert page.url.endswith("/pre/2/")
    page.locator("fieldset").first.locator("input[value='4']").check()
    page.get_by_role("button", name="Save and finish later").click()
    assert "/pre/" not in page.url and "saved=1" in page.url

    # Back later through the same link: Part 3, the first part not yet saved.
    page.get_by_role("link", name="Continue").first.click()
    assert page.url.endswith("/pre/3/")

    page.goto(live_site + url("review", participant, "en", phase="pre"))
    items = Item.objects.filter(instrument=workshop.phases.get(phase=Phase.PRE).instrument)
    unanswered = page.locator(".survey-unanswered a")
    assert unanswered.count() == items.count() - 1  # all but the one rating given
    assert unanswered.first.get_attribute("href").endswith("/pre/1/#item-cf1")
    assert page.locator("#would-not-count").is_visible()
    shot(page, "review-unanswered-en")

    # The knowledge check is required: sending now names what is missing, nothing is sent.
    page.get_by_role("button", name="Send my answers").click()
    assert page.url.endswith("/pre/review/")
    missing = page.locator("#errors a")
    assert missing.count() == items.filter(required=True).count() > 0
    context.close()
    submission = Submission.objects.get(participant=participant, phase="pre")
    assert not submission.is_submitted and submission.saved_screens == [1, 2]


def test_enrolment_lands_on_the_personal_link_and_a_reload_enrols_nobody_again(
    live_site, browser, workshop
):
    context = phone(browser, locale="zh-CN")
    page = context.new_page()
    with override("zh-hans"):
        from django.urls import reverse

        enrol = reverse("surveys:enrol", kwargs={"key": workshop.enrolment_key})
    page.goto(live_site + enrol)
    page.locator("input[name=consent]").check()
    page.select_option("select[name=country]", "CN")
    page.select_option("select[name=office_type]", "national_ip_office")
    page.select_option("select[name=stakeholder_group]", "ip-offices")
    page.select_option("select[name=sex]", "female")
    page.select_option("select[name=language]", "zh-hans")
    page.locator("form button[type=submit]").click()

    participant = Participant.objects.get(cohort=workshop)
    assert re.search(rf"/zh-hans/survey/{participant.token}/\?enrolled=1$", page.url)
    assert page.locator(".survey-qr svg").is_visible()
    assert fits_the_screen(page)
    shot(page, "enrolled-zh-hans")
    page.reload()  # a GET: nothing is posted again
    page.go_back()
    page.go_forward()
    assert Participant.objects.filter(cohort=workshop).count() == 1
    context.close()


def answer_everything(page) -> None:
    """Choose the first option of every question on the screen (no JavaScript needed)."""
    for name in set(page.eval_on_selector_all("input[type=radio]", "els => els.map(e => e.name)")):
        page.locator(f"input[type=radio][name='{name}']").first.check()


def test_every_assessment_screen_fits_a_phone_in_six_languages(live_site, browser, workshop):
    context = phone(browser, javascript=True)
    page = context.new_page()
    for code in LANGUAGE_CODES:
        participant = make_participant(workshop, f"PHONE-{code.upper()}", language=code)
        page.goto(live_site + url("home", participant, code))
        assert fits_the_screen(page), f"home ({code})"
        assert_accessible(page)
        for phase in (Phase.PRE, Phase.FEEDBACK):
            page.goto(live_site + url("start", participant, code, phase=phase))
            total = int(page.locator("#progress").get_attribute("max"))
            for number in range(1, total + 1):
                assert page.url.endswith(f"/{phase}/{number}/")
                where = f"{phase} part {number} ({code})"
                assert page.locator("html").get_attribute("lang") == code
                assert fits_the_screen(page), where
                first = page.locator(".survey-item").first.bounding_box()
                assert first["y"] < FIRST_QUESTION_WITHIN, f"{where}: first question at {first}"
                assert_accessible(page)
                if number == 1:
                    shot(page, f"{phase}-1-{code}")
                answer_everything(page)
                page.locator("button[value=next]").click()
            assert page.url.endswith(f"/{phase}/review/")
            assert fits_the_screen(page), f"{phase} review ({code})"
            shot(page, f"{phase}-review-{code}")
            assert_accessible(page)
            page.locator("form button[type=submit]").last.click()
            assert page.url.endswith(f"/{phase}/done/")
        # POST: the thank-you page draws the participant's own change.
        page.goto(live_site + url("start", participant, code, phase=Phase.POST))
        while "/review/" not in page.url:
            answer_everything(page)
            page.locator("button[value=next]").click()
        page.locator("form button[type=submit]").last.click()
        assert page.url.endswith("/post/done/")
        assert fits_the_screen(page), f"post done ({code})"
        smallest = smallest_chart_text_px(page)
        assert smallest is None or smallest >= 12, f"chart text at {smallest} px ({code})"
        assert_accessible(page)
        shot(page, f"post-done-{code}")
    context.close()


def test_every_public_page_type_fits_a_phone_in_six_languages(live_site, browser):
    context = phone(browser, javascript=True)
    page = context.new_page()
    for code in LANGUAGE_CODES:
        seen = set()
        addresses = []
        for found in Page.objects.live().filter(locale__language_code=code, depth__gt=1):
            if found.content_type_id not in seen:
                seen.add(found.content_type_id)
                addresses.append(found.url)
        addresses += [f"/{code}/search/?q=crisis", f"/{code}/no-such-page/"]
        assert len(addresses) > 8
        for address in addresses:
            page.goto(live_site + address)
            assert page.locator("html").get_attribute("lang") == code, address
            assert fits_the_screen(page), f"{address} is wider than the phone"
            smallest = smallest_chart_text_px(page)
            assert smallest is None or smallest >= 12, f"{address}: chart text at {smallest} px"
            assert_accessible(page)
            shot(page, address.strip("/").replace("/", "_") or "root")
    context.close()


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two CSS rgb()/rgba() colours."""

    def luminance(colour: str) -> float:
        red, green, blue = (int(v) / 255 for v in re.findall(r"[\d.]+", colour)[:3])
        linear = [
            c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted([luminance(first), luminance(second)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


RING = """() => {
    const el = document.activeElement;
    // The ring is drawn on the control's label row when the radio itself has focus.
    const ringed = el.closest('.survey-choice') || el;
    let behind = ringed.parentElement;
    const clear = /rgba\\(.*, 0\\)|transparent/;
    while (behind && clear.test(getComputedStyle(behind).backgroundColor)) {
        behind = behind.parentElement;
    }
    const style = getComputedStyle(ringed);
    return {
        tag: el.tagName, width: style.outlineWidth, style: style.outlineStyle,
        ring: style.outlineColor,
        behind: behind ? getComputedStyle(behind).backgroundColor : 'rgb(255, 255, 255)',
    };
}"""


def test_focus_rings_stand_out_on_the_assessment_and_the_header(live_site, browser, workshop):
    participant = make_participant(workshop, "PHONE-KEYS", language="ar")
    context = phone(browser, javascript=True)
    page = context.new_page()
    page.goto(live_site + url("screen", participant, "ar", phase="pre", number=1))
    measured = {}
    names = {
        "site name": "document.activeElement.classList.contains('site-name')",
        "language menu": "document.activeElement.matches('.language-menu summary')",
        "rating": "document.activeElement.matches('input[type=radio]')",
        "button": "document.activeElement.matches('.survey-button')",
    }
    for _step in range(60):
        page.keyboard.press("Tab")
        for name, test in names.items():
            if name not in measured and page.evaluate(test):
                measured[name] = page.evaluate(RING)
        if measured.keys() == names.keys():
            break
    assert measured.keys() == names.keys(), measured
    for what, found in measured.items():
        assert found["style"] != "none" and float(found["width"].rstrip("px")) >= 2, (what, found)
        ratio = contrast(found["ring"], found["behind"])
        assert ratio >= 3, (
            f"{what}: focus ring {found['ring']} on {found['behind']} is {ratio:.1f}:1"
        )
    context.close()
