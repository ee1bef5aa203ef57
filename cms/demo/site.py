"""Builds the demo site through the models and services real content goes through."""

import functools
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from urllib.parse import urlsplit

import polib
from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from ..models import (
    CallForExperiencesPage,
    CaseStudyPage,
    GuidePage,
    HomePage,
    InfographicPage,
    PolicyOptionPage,
    PublicationPage,
    ResourceLibraryPage,
    ResourcePage,
    SiteFooter,
    StakeholderGroup,
    StakeholderPage,
    StandardPage,
    Topic,
    TrainingModulePage,
    WorkshopPage,
)
from ..roles import ensure_locales, grant_page_rights
from ..translation import translate_from_catalogues
from . import home, infographics, pages, taxonomy

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"


@functools.cache
def load_catalogue(language_code: str) -> Mapping[str, str]:
    """The demo's translations into one language, as {English source: translation}."""
    po = polib.pofile(str(TRANSLATIONS_DIR / f"{language_code}.po"))
    return MappingProxyType(
        {entry.msgid: entry.msgstr for entry in po if entry.msgstr and not entry.obsolete}
    )


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
        # The address the site is served at, so canonical URLs and the sitemap point there.
        address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        default_port = 443 if address.scheme == "https" else 80
        site = Site(
            hostname=address.hostname or "localhost",
            port=address.port or default_port,
            is_default_site=True,
        )
    site.root_page = homepage
    site.site_name = "IP Resilience Hub"
    site.save()
    return homepage, True


def ensure_translations(instance, user=None) -> list[str]:
    """Translate `instance` into every language that lacks it; returns those languages."""
    missing = [
        locale
        for locale in Locale.objects.exclude(pk=instance.locale_id).order_by("language_code")
        if not instance.has_translation(locale)
    ]
    if missing:
        catalogues = {locale: load_catalogue(locale.language_code) for locale in missing}
        translate_from_catalogues(instance, catalogues, user)
    return [locale.language_code for locale in missing]


def ensure_taxonomy(user=None) -> tuple[list[StakeholderGroup], list[Topic]]:
    """The stakeholder groups and topics, in English and translated into the other languages."""
    source = Locale.get_default()
    groups = []
    for order, (slug, name, description) in enumerate(taxonomy.STAKEHOLDER_GROUPS):
        group, _created = StakeholderGroup.objects.get_or_create(
            locale=source,
            slug=slug,
            defaults={"name": name, "description": description, "sort_order": order},
        )
        ensure_translations(group, user)
        groups.append(group)
    topics = []
    for order, (slug, name) in enumerate(taxonomy.TOPICS):
        topic, _created = Topic.objects.get_or_create(
            locale=source, slug=slug, defaults={"name": name, "sort_order": order}
        )
        ensure_translations(topic, user)
        topics.append(topic)
    return groups, topics


def load_site(user=None) -> dict:
    """Locales, the demo pages and terms in six languages, and the editorial roles."""
    before = (Page.objects.count(), StakeholderGroup.objects.count() + Topic.objects.count())
    ensure_locales()
    homepage, created = ensure_home_page()
    translated = ensure_translations(homepage, user)
    groups, topics = ensure_taxonomy(user)
    ensure_translations(ensure_footer(), user)
    library = ensure_library(homepage)
    ensure_stakeholder_pages(homepage, groups)
    ensure_resources(library, groups, topics)
    ensure_infographics(library, groups, topics)
    call = CallForExperiencesPage.objects.child_of(homepage).first() or _publish_child(
        homepage, CallForExperiencesPage(**pages.CALL_FOR_EXPERIENCES)
    )
    about = StandardPage.objects.child_of(homepage).filter(slug=pages.ABOUT["slug"]).first()
    if about is None:
        about = _publish_child(
            homepage, StandardPage(**{**pages.ABOUT, "body": _body(pages.ABOUT["body"])})
        )
    # Parents before children, so each translation lands under its translated parent.
    # Only the demo's own pages: whatever editors added stays theirs to translate.
    demo_slugs = [slug for _kind, slug, *_rest in pages.RESOURCES] + [
        slug for slug, *_rest in infographics.INFOGRAPHICS
    ]
    for page in [
        library,
        call,
        about,
        *StakeholderPage.objects.child_of(homepage).filter(slug__in=pages.STAKEHOLDER_PAGES),
        *ResourcePage.objects.child_of(library).filter(slug__in=demo_slugs),
    ]:
        ensure_translations(page, user)
    grant_page_rights(list(HomePage.objects.filter(translation_key=homepage.translation_key)))
    after = (Page.objects.count(), StakeholderGroup.objects.count() + Topic.objects.count())
    return {
        "home_created": created,
        "home_translated": translated,
        "pages_added": after[0] - before[0],
        "terms_added": after[1] - before[1],
    }


def _publish_child(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_library(homepage: HomePage) -> ResourceLibraryPage:
    library = ResourceLibraryPage.objects.child_of(homepage).first()
    if library is None:
        library = _publish_child(homepage, ResourceLibraryPage(**pages.LIBRARY))
    return library


def ensure_stakeholder_pages(homepage: HomePage, groups: list[StakeholderGroup]) -> None:
    by_slug = {group.slug: group for group in groups}
    for slug, (title, introduction, messages) in pages.STAKEHOLDER_PAGES.items():
        if StakeholderPage.objects.child_of(homepage).filter(group=by_slug[slug]).exists():
            continue
        _publish_child(
            homepage,
            StakeholderPage(
                title=title,
                slug=slug,
                group=by_slug[slug],
                introduction=introduction,
                key_messages=[("message", {"heading": h, "text": t}) for h, t in messages],
            ),
        )


def _body(items: list[tuple[str, str]]) -> list[tuple[str, object]]:
    """StreamField data from (kind, text) pairs: headings and plain paragraphs."""
    return [
        ("heading", {"text": text, "level": "h2"})
        if kind == "heading"
        else ("paragraph", f"<p>{text}</p>")
        for kind, text in items
    ]


RESOURCE_MODELS = {
    "case": CaseStudyPage,
    "publication": PublicationPage,
    "guide": GuidePage,
    "training": TrainingModulePage,
    "policy": PolicyOptionPage,
    "workshop": WorkshopPage,
}


def ensure_resources(library: ResourceLibraryPage, groups, topics) -> None:
    groups_by_slug = {group.slug: group for group in groups}
    topics_by_slug = {topic.slug: topic for topic in topics}
    for kind, slug, fields, group_slugs, topic_slugs in pages.RESOURCES:
        if ResourcePage.objects.child_of(library).filter(slug=slug).exists():
            continue
        fields = dict(fields)
        if "learning_objectives" in fields:
            fields["learning_objectives"] = [
                ("objective", o) for o in fields["learning_objectives"]
            ]
        if "body" in fields:
            fields["body"] = _body(fields["body"])
        if "country_examples" in fields:
            fields["country_examples"] = [
                ("example", {"country": c, "example": e}) for c, e in fields["country_examples"]
            ]
        page = RESOURCE_MODELS[kind](slug=slug, **fields)
        page.stakeholder_groups = [groups_by_slug[s] for s in group_slugs]
        page.topics = [topics_by_slug[s] for s in topic_slugs]
        _publish_child(library, page)


def ensure_infographics(library: ResourceLibraryPage, groups, topics) -> None:
    """The six data-driven infographics, each a chart block drawn from the seed's figures."""
    groups_by_slug = {group.slug: group for group in groups}
    topics_by_slug = {topic.slug: topic for topic in topics}
    for slug, title, summary, group_slugs, topic_slugs, chart in infographics.INFOGRAPHICS:
        if InfographicPage.objects.child_of(library).filter(slug=slug).exists():
            continue
        value = infographics.chart_value(chart)
        page = InfographicPage(
            slug=slug,
            title=title,
            summary=summary,
            publication_date=infographics.PUBLICATION_DATE,
            crisis_phase="preparedness",
            charts=[("chart", value)],
        )
        page.stakeholder_groups = [groups_by_slug[s] for s in group_slugs]
        page.topics = [topics_by_slug[s] for s in topic_slugs]
        _publish_child(library, page)


def ensure_footer() -> SiteFooter:
    footer = SiteFooter.objects.filter(locale=Locale.get_default()).first()
    if footer is None:
        footer = SiteFooter.objects.create(
            locale=Locale.get_default(),
            **{k: v for k, v in pages.FOOTER.items() if k != "links"},
            links=[("link", {"label": label, "url": url}) for label, url in pages.FOOTER["links"]],
        )
    return footer
