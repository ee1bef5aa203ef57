"""The translation cycle through wagtail-localize: submit, translate, publish, change the
source, see it out of date, sync, PO round trip, publish again — served over HTTP."""

import shutil
import subprocess

import polib
import pytest
from django.contrib.auth.models import Group
from django.urls import resolve, reverse
from wagtail.models import Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.operations import translate_object

from cms.models import StandardPage
from cms.po import POImportError, export_po, import_po
from cms.roles import COMMUNICATIONS_EDITORS, translators_group_name
from cms.translation_status import (
    IN_PROGRESS,
    NOT_TRANSLATED,
    OUT_OF_DATE,
    UP_TO_DATE,
    translation_status,
)

pytestmark = pytest.mark.django_db

FRENCH = {"Crisis drills": "Exercices de crise", "Run one drill a year.": "Un exercice par an."}
ARABIC = {"Crisis drills": "تمارين الأزمات", "Run one drill a year.": "تمرين واحد كل عام."}


@pytest.fixture
def locales():
    return {code: Locale.objects.get(language_code=code) for code in ("en", "fr", "ar")}


@pytest.fixture
def english_page(demo_site, superuser):
    page = StandardPage(
        title="Crisis drills", slug="crisis-drills", introduction="Run one drill a year."
    )
    demo_site.add_child(instance=page)
    page.save_revision(user=superuser).publish()
    return page


def translate_segments(translation: Translation, catalogue: dict[str, str], user) -> None:
    """What a translator does in the editor, segment by segment."""
    for segment in StringSegment.objects.filter(source=translation.source).select_related(
        "string", "context"
    ):
        if segment.string.data in catalogue:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=translation.target_locale,
                context=segment.context,
                defaults={"data": catalogue[segment.string.data], "last_translated_by": user},
            )


def state_of(page, locale) -> str:
    rows = [r for r in translation_status([locale]) if r.item.pk == page.pk]
    assert len(rows) == 1
    return rows[0]


def publish_source(page, user, **changes):
    for field, value in changes.items():
        setattr(page, field, value)
    page.save_revision(user=user).publish()


def test_the_whole_cycle_ends_with_the_new_text_served_in_french_and_arabic(
    client, english_page, locales, superuser, django_capture_on_commit_callbacks
):
    fr, ar = locales["fr"], locales["ar"]
    assert state_of(english_page, fr).state == NOT_TRANSLATED

    translate_object(english_page, [fr, ar], user=superuser)
    source = TranslationSource.objects.get_for_instance(english_page)
    translations = {t.target_locale.language_code: t for t in source.translations.all()}
    assert set(translations) == {"fr", "ar"}
    row = state_of(english_page, fr)
    assert (row.state, row.done, row.total) == (IN_PROGRESS, 0, 2)

    translate_segments(translations["fr"], FRENCH, superuser)
    translate_segments(translations["ar"], ARABIC, superuser)
    with django_capture_on_commit_callbacks(execute=True):
        for translation in translations.values():
            translation.save_target(user=superuser, publish=True)
    assert state_of(english_page, ar).state == UP_TO_DATE
    assert "Exercices de crise" in client.get("/fr/crisis-drills/").content.decode()

    # The source changes: both translations show out of date, since that publication.
    publish_source(english_page, superuser, introduction="Run two drills a year.")
    row = state_of(english_page, ar)
    assert row.state == OUT_OF_DATE
    assert row.since == StandardPage.objects.get(pk=english_page.pk).last_published_at
    assert row.sync_url == reverse("wagtail_localize:update_translations", args=[source.pk])

    # Sync: the new text comes in untranslated, the unchanged title keeps its translation.
    source.update_from_db()
    row = state_of(english_page, fr)
    assert (row.state, row.done, row.total) == (IN_PROGRESS, 1, 2)

    # Offline round trip: export, fill in the new text, import, publish.
    for code, new_text in [("fr", "Deux exercices par an."), ("ar", "تمرينان كل عام.")]:
        translation = Translation.objects.get(pk=translations[code].pk)
        po = polib.pofile(str(export_po(translation)))
        entry = po.find("Run two drills a year.", by="msgid")
        assert entry.msgstr == ""
        entry.msgstr = new_text
        assert import_po(translation, str(po).encode(), user=superuser) == 2
        with django_capture_on_commit_callbacks(execute=True):
            translation.save_target(user=superuser, publish=True)
        assert state_of(english_page, translation.target_locale).state == UP_TO_DATE

    french = client.get("/fr/crisis-drills/").content.decode()
    arabic = client.get("/ar/crisis-drills/").content.decode()
    assert "Deux exercices par an." in french and "Exercices de crise" in french
    assert "تمرينان كل عام." in arabic and '<html lang="ar" dir="rtl">' in arabic
    assert "Run two drills" not in french + arabic


@pytest.fixture
def french_translation(english_page, locales, superuser):
    translate_object(english_page, [locales["fr"], locales["ar"]], user=superuser)
    return Translation.objects.get(
        source__object_id=english_page.translation_key, target_locale=locales["fr"]
    )


def snapshot(translation):
    return sorted(
        StringTranslation.objects.filter(locale=translation.target_locale).values_list("pk", "data")
    )


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext's msgfmt is not installed")
def test_exported_po_file_is_valid_gettext(french_translation, tmp_path, superuser):
    translate_segments(french_translation, FRENCH, superuser)
    path = tmp_path / "page-fr.po"
    path.write_text(str(export_po(french_translation)), encoding="utf-8")
    result = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "-o", "/dev/null", str(path)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert polib.pofile(str(path)).metadata["Language"] == "fr"


def _broken_files(translation):
    good = str(export_po(translation))
    ar = Translation.objects.get(source=translation.source, target_locale__language_code="ar")
    other = polib.pofile(str(export_po(ar)))
    for entry in other:
        entry.msgstr = "غير صحيح"
    cut = good[: good.index('msgid "Run one drill a year."')]
    no_header = polib.pofile(good)
    del no_header.metadata["X-WagtailLocalize-TranslationID"]
    stale = polib.pofile(good)
    stale.append(polib.POEntry(msgid="A text the source no longer has", msgstr="Ancien"))
    return {
        "not UTF-8": (b"\xff\xfe a spreadsheet", "not UTF-8"),
        "not a PO file": (
            b"Title,Kind\nGuide,1\n",
            "not a valid PO file (Syntax error in po file (line 1))",
        ),
        "truncated mid-entry": ((good + 'msgid "Run one').encode(), "not in the current source"),
        "truncated between entries": (cut.encode(), "lacks 1 of the 2 texts"),
        "another translation": (str(other).encode(), "Arabic translation of “Crisis drills”"),
        "no translation header": (str(no_header).encode(), "not exported from this site"),
        "stale source": (str(stale).encode(), "not in the current source"),
    }


def test_wrong_po_files_are_refused_with_the_reason_and_change_nothing(
    french_translation, superuser
):
    translate_segments(french_translation, {"Crisis drills": "Exercices"}, superuser)
    before = snapshot(french_translation)
    for name, (content, reason) in _broken_files(french_translation).items():
        with pytest.raises(POImportError) as error:
            import_po(french_translation, content, user=superuser)
        assert reason in str(error.value), name
        assert snapshot(french_translation) == before, name


def test_po_upload_in_the_admin_reports_refusals_and_imports_good_files(
    client, french_translation, superuser
):
    client.force_login(superuser)
    url = reverse("wagtail_localize:upload_pofile", args=[french_translation.pk])
    assert resolve(url).url_name == "cms_po_upload"  # ours, in front of wagtail-localize's
    edit_url = french_translation.get_target_instance_edit_url()

    def upload(content: bytes):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return client.post(
            url, {"file": SimpleUploadedFile("page-fr.po", content), "next": edit_url}, follow=True
        )

    before = snapshot(french_translation)
    response = upload(_broken_files(french_translation)["truncated between entries"][0])
    assert response.redirect_chain[-1][0] == edit_url
    assert "lacks 1 of the 2 texts" in response.content.decode()
    assert snapshot(french_translation) == before
    assert "Choose a PO file" in client.post(url, follow=True).content.decode()

    download = client.get(reverse("wagtail_localize:download_pofile", args=[french_translation.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="crisis-drills-fr.po"'
    po = polib.pofile(download.content.decode())
    for entry in po:
        entry.msgstr = FRENCH[entry.msgid]
    response = upload(str(po).encode())
    assert "Imported 2 translated texts" in response.content.decode()
    assert french_translation.get_progress() == (2, 2)


def test_fuzzy_entries_are_not_imported(french_translation, superuser):
    po = polib.pofile(str(export_po(french_translation)))
    for entry in po:
        entry.msgstr = FRENCH[entry.msgid]
    po[0].flags.append("fuzzy")
    assert import_po(french_translation, str(po).encode(), user=superuser) == 1
    assert french_translation.get_progress() == (2, 1)


def test_an_arabic_infographic_file_overrides_the_english_one(
    client, demo_site, locales, superuser, django_capture_on_commit_callbacks
):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail_localize.models import OverridableSegment, SegmentOverride

    from cms.models import InfographicPage, ResourceLibraryPage

    english_image = Image.objects.create(title="EN", file=get_test_image_file("en.png"))
    arabic_image = Image.objects.create(title="AR", file=get_test_image_file("ar.png"))
    library = ResourceLibraryPage.objects.get(locale=locales["en"])
    infographic = InfographicPage(
        title="Continuity at a glance",
        slug="continuity-at-a-glance",
        summary="Five steps.",
        image=english_image,
        alt_text="Five steps of business continuity.",
        long_description="Plan, protect, operate, communicate, recover.",
        crisis_phase="preparedness",
    )
    library.add_child(instance=infographic)
    infographic.save_revision(user=superuser).publish()

    translate_object(infographic, [locales["ar"]], user=superuser)
    translation = Translation.objects.get(
        source__object_id=infographic.translation_key, target_locale=locales["ar"]
    )
    segment = OverridableSegment.objects.get(source=translation.source, context__path="image")
    SegmentOverride.objects.create(
        locale=locales["ar"], context=segment.context, data_json=str(arabic_image.pk)
    )
    translate_segments(
        translation,
        {
            s.string.data: f"ع {s.string.data}"
            for s in StringSegment.objects.filter(source=translation.source).select_related(
                "string"
            )
        },
        superuser,
    )
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(user=superuser, publish=True)
    arabic = infographic.get_translation(locales["ar"])
    assert arabic.image_id == arabic_image.pk
    assert InfographicPage.objects.get(pk=infographic.pk).image_id == english_image.pk


# Rights per language.


def outcome(response) -> str:
    """Wagtail's admin answers a refusal with a redirect to the dashboard and a message."""
    if response.status_code == 200:
        return "allowed"
    if response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    ):
        return "denied"
    return f"unexpected {response.status_code}"


@pytest.fixture
def french_translator(django_user_model):
    user = django_user_model.objects.create_user("traductrice", password="x")  # noqa: S106
    user.groups.add(Group.objects.get(name=translators_group_name("fr")))
    return user


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", password="x")  # noqa: S106
    user.groups.add(Group.objects.get(name=COMMUNICATIONS_EDITORS))
    return user


def test_translators_edit_their_languages_snippets_only_and_editors_all(
    client, french_translator, editor
):
    from cms.models import StakeholderGroup

    group = StakeholderGroup.objects.filter(locale__language_code="en").first()
    versions = {
        code: group.get_translation(Locale.objects.get(language_code=code))
        for code in ("en", "fr", "ar")
    }

    def edit(user, code):
        client.force_login(user)
        return outcome(
            client.get(
                reverse("wagtailsnippets_cms_stakeholdergroup:edit", args=[versions[code].pk])
            )
        )

    assert edit(french_translator, "fr") == "allowed"
    assert edit(french_translator, "ar") == "denied"
    assert edit(french_translator, "en") == "denied"
    assert [edit(editor, code) for code in ("en", "fr", "ar")] == ["allowed"] * 3


def test_translators_cannot_reach_another_languages_translation_endpoints(
    client, french_translation, french_translator, editor
):
    arabic = Translation.objects.get(
        source=french_translation.source, target_locale__language_code="ar"
    )
    client.force_login(french_translator)

    def download(translation):
        return outcome(
            client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
        )

    assert download(arabic) == "denied"
    assert download(french_translation) == "allowed"
    assert outcome(client.get(arabic.get_target_instance_edit_url())) == "denied"
    segment = StringSegment.objects.filter(source=arabic.source).first()
    response = client.put(
        reverse("wagtail_localize:edit_string_translation", args=[arabic.pk, segment.pk]),
        "value=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert outcome(response) == "denied"
    assert not StringTranslation.objects.filter(
        locale__language_code="ar", translation_of=segment.string
    ).exists()


def test_snippet_translation_endpoints_follow_the_translators_language(client, french_translator):
    """Wagtail-localize checks only model rights for snippets; the French translator holds
    the model right, yet may not touch the Arabic stakeholder group's strings."""
    from cms.models import StakeholderGroup

    group = StakeholderGroup.objects.filter(locale__language_code="en").first()
    source = TranslationSource.objects.get_for_instance(group)
    segment = StringSegment.objects.filter(source=source).select_related("string").first()
    client.force_login(french_translator)
    for code, expected in [("ar", "denied"), ("fr", "allowed")]:
        translation = source.translations.get(target_locale__language_code=code)
        response = client.put(
            reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
            "value=Nouveau+nom",
            content_type="application/x-www-form-urlencoded",
        )
        assert outcome(response) == expected, code
    assert (
        StringTranslation.objects.get(
            translation_of=segment.string, locale__language_code="fr", context=segment.context
        ).data
        == "Nouveau nom"
    )


def test_the_sync_page_shows_what_changed_in_the_source(
    client, english_page, locales, superuser, django_capture_on_commit_callbacks
):
    translate_object(english_page, [locales["fr"]], user=superuser)
    source = TranslationSource.objects.get_for_instance(english_page)
    publish_source(english_page, superuser, introduction="Run two drills a year.")
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    assert resolve(url).url_name == "cms_sync_translations"

    client.force_login(superuser)
    html = client.get(url).content.decode()
    assert "1 changed text" in html
    assert "<del>Run one drill a year.</del>" in html
    assert "<ins>Run two drills a year.</ins>" in html
    assert "Crisis drills</del>" not in html  # the unchanged title is not listed

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"next": "/admin/"})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "No text has changed" in html
    translation = source.translations.get()
    assert translation.get_progress() == (2, 0)


def test_an_editor_submits_a_section_and_a_snippet_for_translation_in_the_admin(
    client, english_page, locales, superuser, editor
):
    """Through wagtail-localize's submit forms: the page with its subtree, and a topic.
    The new translations are drafts (nothing goes live in English by mistake)."""
    from cms.models import Topic

    child = StandardPage(title="Drill checklist", slug="drill-checklist")
    english_page.add_child(instance=child)
    child.save_revision(user=superuser).publish()
    client.force_login(editor)
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[english_page.pk]),
        {"locales": [locales["fr"].pk, locales["ar"].pk], "include_subtree": "on"},
    )
    assert response.status_code == 302
    for page in (english_page, child):
        for code in ("fr", "ar"):
            translated = page.get_translation(locales[code])
            assert not translated.live
            assert Translation.objects.filter(
                source__object_id=page.translation_key, target_locale=locales[code]
            ).exists()

    topic = Topic(name="Disaster recovery", slug="disaster-recovery", locale=locales["en"])
    topic.save()
    response = client.post(
        reverse(
            "wagtail_localize:submit_snippet_translation",
            args=["cms", "topic", topic.pk],
        ),
        {"locales": [locales["ar"].pk]},
    )
    assert response.status_code == 302
    assert topic.get_translation(locales["ar"]).slug == "disaster-recovery"
