"""The site's URLconf plus the floor views the page pairs compare against (bench process only).

A pair points ROOT_URLCONF here, so the floor goes through exactly the site's middleware and
URL resolution, but not through Wagtail's serve path (site lookup, route() down the tree,
hooks, privacy checks)."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import get_language

from cms.models import InfographicPage
from config.urls import urlpatterns as site_urlpatterns


def floor_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The live infographic with this slug in the active language, rendered with the page's
    own template and context: the least any page view has to do."""
    page = InfographicPage.objects.live().get(slug=slug, locale__language_code=get_language())
    return render(request, page.get_template(request), page.get_context(request))


# Before the site's patterns, so Wagtail's catch-all under the same prefix never sees them.
urlpatterns = [
    *i18n_patterns(path("floor/<slug:slug>/", floor_page), prefix_default_language=True),
    *site_urlpatterns,
]
