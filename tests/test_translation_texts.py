"""The "Translate texts" form: every text of a translation on one page, saved with one submit,
checked like wagtail-localize checks them, and published on request."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.operations import translate_object

from cms.models import StandardPage
from cms.roles import translators_group_name

pytestmark = pytest.mark.django_db

LINK = '<p>Read <b>this</b> <a href="https://example.org/guide">guide</a>.</p>'


@pytest.fixture
def translation_into(demo_site, superuser):
    """A new page of ten texts (title, introduction, eight paragraphs, one with a link),
    submitted for translation into the given language."""

    def make(language: str) -> Translation:
        page = StandardPage(
            title="Continuity plan",
            slug="continuity-plan",
            introduction="How an office keeps serving.",
            body=[("paragraph", LINK)] + [("paragraph", f"<p>Step {n}.</p>") for n in range(7)],
        )
        demo_site.add_child(instance=page)
        page.save_revision(user=superuser).publish()
        locale = Locale.objects.get(language_code=language)
        translate_object(page, [locale], user=superuser)
        return Translation.objects.get(source__object_id=page.translation_key, target_locale=locale)

    return make


def login_translator(client, django_user_model, language: str):
    user = django_user_model.objects.create_user(f"tr-{language}", password="x")  # noqa: S106
    user.groups.add(Group.objects.get(name=translators_group_name(language)))
    client.force_login(user)
    return user


def segments_of(translation: Translation) -> list[StringSegment]:
    return list(
        StringSegment.objects.filter(source=translation.source)
        .select_related("string")
        .order_by("order")
    )


def saved_texts(translation: Translation):
    """The translations stored for this page's texts (the demo's own pages have theirs)."""
    return StringTranslation.objects.filter(
        locale=translation.target_locale, context__object_id=translation.source.object_id
    )


def field(segment: StringSegment) -> str:
    return f"text_{segment.pk}"


def french_for(segment: StringSegment) -> str:
    source = segment.string.data
    if "<a" in source:
        return 'Lisez <b>ce</b> <a id="a1">guide</a>.'
    return f"FR {source}"


def test_the_form_lists_every_text_with_its_source_as_label(
    client, django_user_model, translation_into
):
    translation = translation_into("ar")
    login_translator(client, django_user_model, "ar")
    url = reverse("cms_translation_texts", args=[translation.pk])
    html = client.get(url).content.decode()
    segments = segments_of(translation)
    assert len(segments) == 10
    for segment in segments:
        textarea = re.search(rf'<textarea name="{field(segment)}"[^>]*>', html)
        assert textarea, segment.string.data
        assert 'lang="ar"' in textarea.group(0) and 'dir="rtl"' in textarea.group(0)
        assert f'<label for="id_{field(segment)}"' in html
    assert "Read &lt;b&gt;this&lt;/b&gt; &lt;a id=&quot;a1&quot;&gt;guide&lt;/a&gt;." in html


def test_ten_texts_saved_and_published_with_one_submit(
    client, django_user_model, translation_into, django_capture_on_commit_callbacks
):
    translation = translation_into("fr")
    user = login_translator(client, django_user_model, "fr")
    url = reverse("cms_translation_texts", args=[translation.pk])
    data = {field(segment): french_for(segment) for segment in segments_of(translation)}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "publish": "1"})
    assert response.status_code == 302 and response["Location"] == url
    assert saved_texts(translation).filter(last_translated_by=user).count() == 10
    french = StandardPage.objects.get(
        translation_key=translation.source.object_id, locale=translation.target_locale
    )
    assert french.live and french.title == "FR Continuity plan"
    assert 'Lisez <b>ce</b> <a href="https://example.org/guide">guide</a>.' in str(
        french.body[0].value
    )
    # The form now shows the saved translations.
    html = client.get(url).content.decode()
    assert "FR How an office keeps serving." in html


def test_bad_html_and_too_long_text_are_refused_and_other_input_kept(
    client, django_user_model, translation_into
):
    translation = translation_into("fr")
    login_translator(client, django_user_model, "fr")
    url = reverse("cms_translation_texts", args=[translation.pk])
    segments = segments_of(translation)
    title, link = segments[0], next(s for s in segments if "<a" in s.string.data)
    assert title.string.data == "Continuity plan"
    data = {field(segment): french_for(segment) for segment in segments}
    data[field(link)] = "Lisez <b>ce</b> guide."  # the link dropped
    data[field(title)] = "x" * 300  # the title holds 255 characters
    response = client.post(url, {**data, "publish": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Keep the same tags as the source" in html
    assert "Ensure this value has at most 255 characters" in html
    assert "Some texts need correcting" in html
    assert "x" * 300 in html and "Lisez &lt;b&gt;ce&lt;/b&gt; guide." in html  # input kept
    # The eight valid texts are saved, the two refused are not, nothing is published.
    saved = saved_texts(translation)
    assert saved.count() == 8
    assert not saved.filter(translation_of__in=[title.string, link.string]).exists()
    assert not StandardPage.objects.filter(
        translation_key=translation.source.object_id, locale=translation.target_locale, live=True
    ).exists()
    # A new tag or a block tag is refused too, through wagtail-localize's own checks.
    response = client.post(url, {field(link): 'Lisez <a id="a9">ce</a> <div>guide</div>.'})
    assert response.status_code == 200
    assert "tag is not allowed" in response.content.decode()


def test_translators_of_another_language_cannot_open_the_form(
    client, django_user_model, translation_into
):
    translation = translation_into("fr")
    login_translator(client, django_user_model, "ar")
    url = reverse("cms_translation_texts", args=[translation.pk])
    assert client.get(url).status_code in (302, 403)  # Wagtail redirects a refusal
    first = segments_of(translation)[0]
    client.post(url, {field(first): "Pirate"})
    assert not saved_texts(translation).exists()
