"""Machine translation for the translation editor: off unless the environment names a backend.

wagtail-localize offers a "Translate with …" button when WAGTAILLOCALIZE_MACHINE_TRANSLATOR
is set. Only real services it supports can be named here (its dummy backend, which reverses
words, is for tests), and a named service without its credentials stops the start-up rather
than failing in front of a translator.
"""

from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

BACKENDS = {
    "deepl": (
        "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        {"AUTH_KEY": "DEEPL_API_KEY"},
        {},
    ),
    "libretranslate": (
        "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
        {"LIBRETRANSLATE_URL": "LIBRETRANSLATE_URL"},
        {"API_KEY": "LIBRETRANSLATE_API_KEY"},
    ),
}


def machine_translator_from_env(environ: Mapping[str, str]) -> dict | None:
    """WAGTAILLOCALIZE_MACHINE_TRANSLATOR from MACHINE_TRANSLATION=deepl|libretranslate
    and the backend's variables; None (no machine translation) when it is unset."""
    name = environ.get("MACHINE_TRANSLATION", "").strip().lower()
    if not name:
        return None
    if name not in BACKENDS:
        raise ImproperlyConfigured(
            f"MACHINE_TRANSLATION={name!r} is not supported; use one of {', '.join(BACKENDS)}, "
            "or leave it unset to translate by hand only."
        )
    backend_class, required, optional = BACKENDS[name]
    options = {}
    for option, variable in required.items():
        value = environ.get(variable, "").strip()
        if not value:
            raise ImproperlyConfigured(f"MACHINE_TRANSLATION={name} needs {variable}.")
        options[option] = value
    for option, variable in optional.items():
        options[option] = environ.get(variable, "").strip()
    return {"CLASS": backend_class, "OPTIONS": options}
