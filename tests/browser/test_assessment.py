"""A participant completes a PRE self-assessment on a phone, without JavaScript."""

import pytest

from surveys.models import Submission

from ..surveys.conftest import cohort, instrument, participant  # noqa: F401 (fixtures)
from ..surveys.helpers import url

pytestmark = [pytest.mark.browser]

PHONE = {"width": 390, "height": 844}


def test_a_participant_completes_pre_on_a_phone(live_site, browser, participant):  # noqa: F811
    from .conftest import assert_accessible

    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=False, locale="fr-FR"
    )
    phone = context.new_page()
    phone.goto(live_site + url("start", participant, "fr", phase="pre"))
    assert phone.locator("html").get_attribute("lang") == "fr"
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    phone.get_by_role("radio", name="3").first.check()  # FR I assess risks → 3
    phone.locator("input[name=r2][value='4']").check()
    phone.locator("button[value=next]").click()
    assert phone.url.endswith("/pre/2/")
    phone.locator("input[name=c1][value='5']").check()
    phone.fill("textarea[name=c2]", "Plus d'exercices pratiques.")
    phone.locator("button[value=next]").click()
    assert phone.url.endswith("/pre/review/")
    assert "Plus d'exercices pratiques." in phone.content()
    phone.locator("form button[type=submit]").click()
    assert phone.url.endswith("/pre/done/")
    context.close()

    submission = Submission.objects.get(participant=participant, phase="pre")
    assert submission.is_submitted and submission.language == "fr"

    # The screen itself passes axe-core (which needs JavaScript) at the same size.
    checked = browser.new_context(viewport=PHONE, bypass_csp=True)
    screen = checked.new_page()
    screen.goto(live_site + url("home", participant, "ar"))
    assert_accessible(screen)
    screen.goto(live_site + url("screen", participant, "ar", phase="post", number=1))
    assert screen.locator("html").get_attribute("dir") == "rtl"
    assert_accessible(screen)
    checked.close()
