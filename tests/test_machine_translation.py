"""Machine translation: an option configured from the environment, never a requirement."""

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import Translation

from config.machine_translation import machine_translator_from_env

DEEPL = "wagtail_localize.machine_translators.deepl.DeepLTranslator"


def test_off_by_default():
    assert machine_translator_from_env({}) is None
    assert machine_translator_from_env({"MACHINE_TRANSLATION": " "}) is None
    assert settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR is None


def test_deepl_and_libretranslate_are_configured_from_their_variables():
    assert machine_translator_from_env(
        {"MACHINE_TRANSLATION": "DeepL", "DEEPL_API_KEY": "k:fx"}
    ) == {"CLASS": DEEPL, "OPTIONS": {"AUTH_KEY": "k:fx"}}
    libre = machine_translator_from_env(
        {"MACHINE_TRANSLATION": "libretranslate", "LIBRETRANSLATE_URL": "https://lt.example"}
    )
    assert libre["OPTIONS"] == {"LIBRETRANSLATE_URL": "https://lt.example", "API_KEY": ""}


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"MACHINE_TRANSLATION": "dummy"}, "not supported"),
        ({"MACHINE_TRANSLATION": "deepl"}, "needs DEEPL_API_KEY"),
        ({"MACHINE_TRANSLATION": "libretranslate"}, "needs LIBRETRANSLATE_URL"),
    ],
)
def test_unknown_backends_and_missing_credentials_stop_the_start(environ, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        machine_translator_from_env(environ)


@pytest.mark.django_db
def test_the_editor_offers_machine_translation_only_when_configured(client, superuser):
    """With a backend configured, its button fills the untranslated texts (wagtail-localize's
    dummy backend stands in for DeepL here: no network in tests)."""
    from wagtail_localize.operations import translate_object

    from cms.models import HomePage, StandardPage

    home = HomePage.objects.get(locale__language_code="en")
    page = StandardPage(title="Machine translated", slug="machine-translated")
    home.add_child(instance=page)
    page.save_revision(user=superuser).publish()
    translate_object(page, [Locale.objects.get(language_code="es")], user=superuser)
    translation = Translation.objects.get(source__object_id=page.translation_key)
    client.force_login(superuser)
    edit_url = translation.get_target_instance_edit_url()
    machine_url = reverse("wagtail_localize:machine_translate", args=[translation.pk])

    assert "machineTranslator&quot;: null" in client.get(edit_url).content.decode()
    client.post(machine_url)  # no backend: wagtail-localize answers 404 and translates nothing
    assert translation.get_progress() == (1, 0)

    dummy = {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"}
    with override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=dummy):
        assert "Dummy translator" in client.get(edit_url).content.decode()
        client.post(machine_url, {"next": edit_url})
    assert translation.get_progress() == (1, 1)
