"""Invitations on a phone (360 × 740) in Arabic and Chinese: the e-mail's HTML part reads right
to left in Arabic, fits the screen and passes axe-core; its personal link opens the
participant's page; its opt-out link stops the reminders with one button, without JavaScript."""

import datetime
import os
import re

import pytest
from django.core import mail
from django.utils import timezone

from surveys import delivery, outreach
from surveys.demo import load_demo_instruments, translate_missing
from surveys.demo.messages import ensure_messages
from surveys.models import Cohort, CohortPhase, OptOut, Phase

from ..surveys.helpers import make_participant
from .conftest import assert_accessible

pytestmark = [pytest.mark.browser]

PHONE = {"width": 360, "height": 740}
SCREENSHOTS = os.environ.get("PHONE_SCREENSHOTS")


@pytest.fixture
def invited(live_site, settings):
    """Two participants, in Arabic and Chinese, each sent the PRE invitation."""
    settings.WAGTAILADMIN_BASE_URL = live_site  # the links in the messages lead here
    instruments, _created, _translated = load_demo_instruments()
    translate_missing(ensure_messages())
    now = timezone.now()
    cohort = Cohort(
        name="Atelier régional — 区域讲习班 — ورشة إقليمية",
        slug="outreach-phone",
        starts_on=now.date(),
        ends_on=now.date(),
    )
    cohort.phases = [
        CohortPhase(
            phase=Phase.PRE,
            instrument=instruments["competence"],
            opens_at=now - datetime.timedelta(days=1),
            closes_at=now + datetime.timedelta(days=7),
        )
    ]
    cohort.save()
    people = {
        language: make_participant(
            cohort, f"PH-{language}", name=name, email=f"{language}@example.org", language=language
        )
        for language, name in (("ar", "ليلى حداد"), ("zh-hans", "王芳"))
    }
    outreach.plan_invitations(cohort.phases.get())
    assert delivery.deliver_batch(10).sent == 2
    return {person.language: (person, message) for person in people.values()
            for message in mail.outbox if message.to == [person.email]}  # fmt: skip


def phone(browser, javascript: bool):
    return browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=javascript,
        bypass_csp=javascript,
    )  # fmt: skip


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def shot(page, name: str) -> None:
    if SCREENSHOTS:
        os.makedirs(SCREENSHOTS, exist_ok=True)
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


@pytest.mark.parametrize("language", ["ar", "zh-hans"])
def test_the_invitation_reads_well_on_a_phone_and_its_links_work(browser, invited, language):
    person, message = invited[language]
    html = message.alternatives[0][0]
    context = phone(browser, javascript=True)
    page = context.new_page()
    page.set_content(html)
    assert page.evaluate("document.documentElement.lang") == language
    expected = "rtl" if language == "ar" else "ltr"
    assert page.evaluate("document.documentElement.dir") == expected
    assert fits(page), "the message is wider than the phone"
    shot(page, f"invitation-{language}")
    assert_accessible(page)
    personal = page.locator("main a").first.get_attribute("href")
    assert personal.endswith(f"/{language}/survey/{person.token}/")
    assert page.goto(personal).status == 200
    context.close()

    stop = re.search(r"https?://\S+/stop/\S+/", message.body)[0]
    context = phone(browser, javascript=False)  # the opt-out works without JavaScript
    page = context.new_page()
    assert page.goto(stop).status == 200
    assert page.locator("html").get_attribute("dir") == expected
    assert page.locator("html").get_attribute("lang") == language
    assert not OptOut.objects.filter(participant=person).exists()
    assert fits(page)
    shot(page, f"opt-out-{language}")
    page.locator("form button[type=submit]").click()
    assert page.locator("[role=status]").is_visible()
    assert OptOut.objects.filter(participant=person, phase="pre").exists()
    shot(page, f"opted-out-{language}")
    context.close()

    context = phone(browser, javascript=True)
    page = context.new_page()
    page.goto(stop)
    assert page.locator("[role=status]").is_visible()  # already done: no second button
    assert_accessible(page)
    context.close()
