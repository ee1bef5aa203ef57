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


@pytest.mark.parametrize("language", ["ar", "zh-hans"])
def test_an_evaluator_sends_from_a_phone(browser, live_site, invited, django_user_model, language):
    from django.contrib.auth.models import Group
    from django.test import Client
    from wagtail.users.models import UserProfile

    from surveys.models import OutreachMessage
    from surveys.roles import EVALUATORS, grant_evaluator_rights

    person, _message = invited[language]
    phase = person.cohort.phases.get()
    late = make_participant(person.cohort, "PH-late", email="late@example.org", language="fr")
    user = django_user_model.objects.create_user("eva", password="eva-secret-2026")
    # After a transactional test's flush, the admin-access permission comes back with
    # load_demo, after the group's rights were granted: grant them again.
    grant_evaluator_rights()
    user.groups.add(Group.objects.get(name=EVALUATORS))
    UserProfile.get_for_user(user).__class__.objects.filter(user=user).update(
        preferred_language=language
    )
    # Signed in through Django's test client: this test is about the page, not the login form.
    client = Client()
    client.force_login(user)
    context = phone(browser, javascript=True)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_site}]
    )
    page = context.new_page()
    page.goto(f"{live_site}/admin/surveys/phases/{phase.pk}/invitations/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert fits(page), "the page is wider than the phone: its tables should scroll inside"
    assert page.locator("[data-count=invited]").inner_text() == "2"
    shot(page, f"admin-invitations-{language}")
    assert_accessible(page)
    page.locator("form:has(input[value=send]) button[type=submit]").click()
    page.wait_for_load_state()
    assert OutreachMessage.objects.filter(participant=late).count() == 1
    context.close()
