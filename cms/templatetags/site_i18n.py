"""Language alternates for the site's chrome: the switcher and the hreflang links."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page, Site

register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # the language's own name, e.g. "Français", "العربية"
    url: str
    absolute_url: str
    is_current: bool
    is_translation: bool  # False when the link falls back to that language's home page
    bidi: bool


def language_links(request: HttpRequest, page: Page | None) -> list[LanguageLink]:
    """One link per site language: the same page in that language, or that language's home."""
    current = get_language()
    targets: dict[str, str] = {}
    translated: set[str] = set()
    if isinstance(page, Page) and page.pk:
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            targets[translation.locale.language_code] = translation.get_url(request)
            translated.add(translation.locale.language_code)
        missing = [code for code, _name in settings.LANGUAGES if code not in targets]
        if missing:
            site = Site.find_for_request(request)
            if site is not None:
                homes = (
                    Page.objects.filter(translation_key=site.root_page.translation_key)
                    .live()
                    .select_related("locale")
                )
                for home in homes:
                    targets.setdefault(home.locale.language_code, home.get_url(request))
    links = []
    for code, _name in settings.LANGUAGES:
        url = targets.get(code) or translate_url(request.get_full_path(), code)
        if page is None:
            translated.add(code)  # a view served by Django under every language prefix
        info = get_language_info(code)
        links.append(
            LanguageLink(
                code=code,
                name=info["name_local"][:1].upper() + info["name_local"][1:],
                url=url,
                absolute_url=request.build_absolute_uri(url),
                is_current=code == current,
                is_translation=code in translated,
                bidi=info["bidi"],
            )
        )
    return links


@register.simple_tag(takes_context=True)
def get_language_links(context: template.Context) -> list[LanguageLink]:
    return language_links(context["request"], context.get("page"))
