"""An Arabic translator edits and publishes a page in wagtail-localize's translation editor,
which shows the Arabic right to left and the English source left to right."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Locale
from wagtail_localize.models import Translation

from cms.models import StandardPage
from cms.roles import translators_group_name

pytestmark = [pytest.mark.browser]

NEW_TEXT = "نص عربي جديد للاختبار"


def computed(locator, prop):
    return locator.evaluate(f"e => getComputedStyle(e).{prop}")


def test_arabic_translator_edits_right_to_left_and_publishes(live_site, page, django_user_model):
    arabic = StandardPage.objects.get(slug="about", locale__language_code="ar")
    english = arabic.get_translation(Locale.objects.get(language_code="en"))
    # The editor below is wagtail-localize's, shown only for a page it translates.
    assert Translation.objects.filter(
        source__object_id=english.translation_key, target_locale=arabic.locale
    ).exists()
    user = django_user_model.objects.create_user("amira", password="amira-secret-2026")
    user.groups.add(Group.objects.get(name=translators_group_name("ar")))

    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{live_site}/admin/login/")
    page.fill("input[name=username]", "amira")
    page.fill("input[name=password]", "amira-secret-2026")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_site}/admin/")

    page.goto(f"{live_site}/admin/pages/{arabic.pk}/edit/")
    editor = page.locator(".js-translation-editor")
    assert editor.get_attribute("data-target-dir") == "rtl"
    # A string segment: its English source <p>, then the translation's <div>.
    segment = editor.locator("li:has(> p + div)").filter(has_text=english.introduction)
    source = segment.locator("> p")
    assert (source.get_attribute("dir"), source.get_attribute("lang")) == ("ltr", "en")
    assert computed(source, "direction") == "ltr"
    shown = segment.locator("> div > p")
    assert (shown.get_attribute("dir"), shown.get_attribute("lang")) == ("rtl", "ar")
    assert computed(shown, "direction") == "rtl"

    segment.get_by_role("button", name="Edit").click()
    textarea = segment.locator("textarea")  # rendered by React on "Edit": marked again
    assert (textarea.get_attribute("dir"), textarea.get_attribute("lang")) == ("rtl", "ar")
    assert computed(textarea, "direction") == "rtl"
    textarea.fill(NEW_TEXT)
    with page.expect_response(
        lambda r: "/strings/" in r.url and r.request.method == "PUT"
    ) as saved:
        segment.get_by_role("button", name="Save").click()
    assert saved.value.status in (200, 201)
    assert computed(segment.locator("> div > p"), "direction") == "rtl"

    page.get_by_role("button", name="Publish in Arabic").click()
    page.locator(".messages .success").filter(has_text="Published").wait_for()

    arabic.refresh_from_db()
    page.goto(f"{live_site}{arabic.url}")
    assert page.locator("p.lead").inner_text() == NEW_TEXT
    html = page.locator("html")
    assert (html.get_attribute("dir"), html.get_attribute("lang")) == ("rtl", "ar")
