"""Language alternates for the site's chrome: the switcher and the hreflang links."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_info, override
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


def _homes(request: HttpRequest) -> dict[str, str]:
    """Each language's live home page of the request's site, by language code."""
    site = Site.find_for_request(request)
    if site is None:
        return {}
    homes = (
        Page.objects.filter(translation_key=site.root_page.translation_key)
        .live()
        .select_related("locale")
    )
    return {home.locale.language_code: home.get_url(request) for home in homes}


def language_links(
    request: HttpRequest, page: Page | None, not_found: bool = False
) -> list[LanguageLink]:
    """One link per site language: the same page in that language, or that language's home.

    On a "page not found" there is nothing to translate: every link goes to a home page and
    none counts as a translation, so no hreflang alternate is advertised."""
    current = get_language()
    targets: dict[str, str] = {}
    translated: set[str] = set()
    if not_found:
        targets = _homes(request)
        for code, _name in settings.LANGUAGES:
            if code not in targets:
                with override(code):
                    targets[code] = reverse("wagtail_serve", args=[""])
    elif isinstance(page, Page) and page.pk:
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            targets[translation.locale.language_code] = translation.get_url(request)
            translated.add(translation.locale.language_code)
        if any(code not in targets for code, _name in settings.LANGUAGES):
            for code, url in _homes(request).items():
                targets.setdefault(code, url)
    links = []
    for code, _name in settings.LANGUAGES:
        url = targets.get(code) or translate_url(request.get_full_path(), code)
        if page is None and not not_found:
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
    # Django's 404 handler renders 404.html with exactly these two variables.
    not_found = "request_path" in context and "exception" in context
    return language_links(context["request"], context.get("page"), not_found=not_found)
