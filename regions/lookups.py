"""The country → region lookups behind every per-region figure."""

from django.utils.translation import gettext

from .models import CountryRegion, Region


def region_of_countries() -> dict[str, str]:
    """Country code → region code, for every mapped country (one query)."""
    return dict(CountryRegion.objects.values_list("country", "region__code"))


def region_names() -> dict[str, str]:
    """Region code → name in the active language, in the regions' order (one query)."""
    # gettext("") would return the catalogue's header: only non-empty names are looked up.
    return {
        code: gettext(name) if name else name
        for code, name in Region.objects.values_list("code", "name")
    }
