"""Builds the demo site through the models and services real content goes through."""

from pathlib import Path

import polib
from django.db import transaction
from wagtail.models import Locale, Page, Site

from ..models import HomePage
from ..roles import ensure_locales, grant_page_rights
from ..translation import translate_from_catalogue
from . import home

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"


def load_catalogue(language_code: str) -> dict[str, str]:
    """The demo's translations into one language, as {English source: translation}."""
    po = polib.pofile(str(TRANSLATIONS_DIR / f"{language_code}.po"))
    return {entry.msgid: entry.msgstr for entry in po if entry.msgstr and not entry.obsolete}


@transaction.atomic
def ensure_home_page() -> tuple[HomePage, bool]:
    """The English home page, made the default site's root; Wagtail's placeholder goes."""
    source_locale = Locale.get_default()
    existing = HomePage.objects.filter(locale=source_locale).first()
    if existing is not None:
        return existing, False
    site = Site.objects.filter(is_default_site=True).first()
    placeholder = site.root_page.specific if site else None
    # Wagtail's initial "Welcome to your new Wagtail site!" page goes if untouched; its Site
    # row goes with it (on_delete=CASCADE) and is made again below.
    if placeholder is not None and type(placeholder) is Page and placeholder.numchild == 0:
        placeholder.delete()
        site = None

    root = Page.get_first_root_node()
    if root is None:  # a database emptied by a flush has lost Wagtail's migrated root
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=source_locale))
    homepage = HomePage(locale=source_locale, **home.home_page_fields())
    root.add_child(instance=homepage)
    homepage.save_revision().publish()

    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    site.root_page = homepage
    site.site_name = "IP Resilience Hub"
    site.save()
    return homepage, True


def ensure_home_translations(homepage: HomePage, user=None) -> list[str]:
    """Translate the home page into each language that lacks it; returns those languages."""
    done = []
    for locale in Locale.objects.exclude(pk=homepage.locale_id).order_by("language_code"):
        if homepage.has_translation(locale):
            continue
        translate_from_catalogue(homepage, locale, load_catalogue(locale.language_code), user)
        done.append(locale.language_code)
    return done


def load_site(user=None) -> dict:
    """Locales, the home page in six languages, and the editorial roles on each tree."""
    ensure_locales()
    homepage, created = ensure_home_page()
    translated = ensure_home_translations(homepage, user)
    grant_page_rights(list(HomePage.objects.filter(translation_key=homepage.translation_key)))
    return {"home_created": created, "home_translated": translated}
