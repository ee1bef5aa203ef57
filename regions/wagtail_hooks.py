"""Regions and the country mapping in the admin, under one "Regions" menu. Evaluators keep
them (the indicators' breakdowns); coordinators may view them (the expert network)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from .models import CountryRegion, Region


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "globe"
    list_display = ["name", "code", "sort_order"]
    search_fields = ["name", "code"]
    copy_view_enabled = False  # a code is unique: a copy could never be saved as it is


class CountryIndexView(IndexView):
    """Searches country names in the evaluator's language as well as codes: the database
    stores only the ISO code."""

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        query = self.search_query.strip().casefold()
        codes = [
            code for code, name in countries if query in name.casefold() or query == code.lower()
        ]
        return queryset.filter(Q(country__in=codes) | Q(region__name__icontains=query))


class CountryRegionViewSet(SnippetViewSet):
    model = CountryRegion
    icon = "site"
    menu_label = _("Countries")
    index_view_class = CountryIndexView
    list_display = [
        Column("country", label=_("Country"), accessor="country.name"),
        Column("code", label=_("ISO code"), accessor="country.code"),
        "region",
        "category",
    ]
    list_filter = ["region", "category"]
    search_fields = ["country"]
    list_per_page = 50
    copy_view_enabled = False  # one row per country


class RegionsViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Regions")
    menu_icon = "globe"
    menu_order = 334
    items = (RegionViewSet, CountryRegionViewSet)


register_snippet(RegionsViewSetGroup)
