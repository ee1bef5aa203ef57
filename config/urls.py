from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import admin_reports
from cms import views as cms_views
from cms.sitemap import MultilingualSitemap
from ops.health import healthz


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    # Browsers and feed readers ask for /favicon.ico whatever the page links to.
    return HttpResponsePermanentRedirect(static("favicon.ico"))


urlpatterns = [
    path("favicon.ico", favicon),
    # Outside i18n_patterns: probes get 200 or 503 here, never a redirect to /en/.
    path("healthz/", healthz, name="healthz"),
    # Wagtail's reports with the export guard, resolved before the admin's own (same paths).
    path("admin/", include(admin_reports.urlpatterns)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": MultilingualSitemap}}, name="sitemap"),
    path("robots.txt", cms_views.robots_txt, name="robots_txt"),
    path("charts/<int:page_id>/<str:block_id>.csv", cms_views.chart_csv, name="chart_csv"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Every public page lives under its language prefix (/en/, /fr/, … /ar/); "/" is redirected
# by LocaleMiddleware according to the browser's Accept-Language.
urlpatterns += i18n_patterns(
    path("search/", cms_views.search, name="search"),
    path("survey/", include("surveys.urls")),
    path("experts/", include("experts.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
