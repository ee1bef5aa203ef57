"""sitemap.xml with every language's pages, each listing its translations as alternates."""

from collections import defaultdict

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class MultilingualSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        trees = Q()
        for path in Page.objects.filter(translation_key=root.translation_key).values_list(
            "path", flat=True
        ):
            trees |= Q(path__startswith=path)
        return (
            Page.objects.filter(trees)
            .live()
            .public()
            .select_related("locale")
            .order_by("path")
            .defer_streamfields()
        )

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        alternates = defaultdict(list)
        locations = {}
        for item in pages:
            locations[item.pk] = item.get_full_url(self.request)
            alternates[item.translation_key].append(
                {"lang_code": item.locale.language_code, "location": locations[item.pk]}
            )
        urls = []
        for item in pages:
            urls.append(
                {
                    "item": item,
                    "location": locations[item.pk],
                    "lastmod": self.lastmod(item),
                    "alternates": alternates[item.translation_key]
                    if len(alternates[item.translation_key]) > 1
                    else [],
                }
            )
        lastmods = [u["lastmod"] for u in urls if u["lastmod"]]
        if lastmods:
            self.latest_lastmod = max(lastmods)
        return urls
