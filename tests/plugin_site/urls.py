"""The URLs a host site gives the plugin: Wagtail's admin, the participants' pages under a
language prefix (surveys, the experts' answer links), and Wagtail's pages (the expert
directory and the assistance request form)."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]
urlpatterns += i18n_patterns(
    path("survey/", include("surveys.urls")),
    path("experts/", include("experts.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
