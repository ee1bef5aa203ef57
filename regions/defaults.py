"""The default regions and countries, loaded on a fresh database (and by the evaluation's
historical data migration).

The defaults (data/regions.csv) are the five regions of the WIPO development sector's bureaus;
evaluators can change any of them in the admin. How the CSV was drawn up:

- `arab`: the 22 members of the League of Arab States, its African members included (Algeria,
  Comoros, Djibouti, Egypt, Libya, Mauritania, Morocco, Somalia, Sudan, Tunisia), and Western
  Sahara beside its Maghreb neighbours.
- `africa`: the other 44 member states of the African Union.
- `asia-pacific`: the Asia and Pacific Group at WIPO, the Republic of Korea included (it belongs to
  that group, not Group B), with Cook Islands and Niue; Taiwan follows the United Nations'
  practice and is listed with China (category developing).
- `latin-america`: the 33 states of Latin America and the Caribbean (GRULAC).
- `transition-developed`: Group B (Western Europe, the Holy See, Türkiye, Canada, the United
  States, Japan, Australia, New Zealand, Israel), the Central European and Baltic States, the
  Central Asian, Caucasus and Eastern European States (Kazakhstan and Central Asia's other
  transition economies included) and South-East Europe.
- Dependent territories (Puerto Rico, Réunion, Greenland, Hong Kong, …) take the region and
  category of the state that administers them, whose IP law and office usually serve them;
  Antarctica, with no administering state, is put under `transition-developed`.

Categories: `ldc` for the 44 countries on the United Nations list of least developed countries
in force when the project was approved (Bangladesh, Lao PDR and Nepal included; Bhutan and
Sao Tome and Principe already graduated); `transition` and `developed` for UNCTAD's transition
and developed economies (the Republic of Korea counted as developed since 2021); `developing`
for every other country.
"""

import csv
from pathlib import Path
from typing import Any

from django.apps import apps as global_apps
from django.utils.translation import gettext_noop

DEFAULT_REGIONS_CSV = Path(__file__).resolve().parent / "data" / "regions.csv"

# code, English name (translated when shown), order. The names are stored in English and
# translated on the way out, so an evaluator's renamed region shows as typed.
REGIONS: list[tuple[str, str, int]] = [
    ("africa", gettext_noop("Africa"), 10),
    ("arab", gettext_noop("Arab region"), 20),
    ("asia-pacific", gettext_noop("Asia and the Pacific"), 30),
    ("latin-america", gettext_noop("Latin America and the Caribbean"), 40),
    ("transition-developed", gettext_noop("Countries in transition and developed countries"), 50),
]


def read_default_mapping(path: Path = DEFAULT_REGIONS_CSV) -> list[dict[str, str]]:
    """The CSV's rows (country, region, category), country codes in upper case."""
    with path.open(newline="", encoding="utf-8") as file:
        return [
            {
                "country": row["country"].strip().upper(),
                "region": row["region"].strip(),
                "category": row["category"].strip(),
            }
            for row in csv.DictReader(file)
        ]


def load_default_regions(apps: Any = global_apps, app_label: str = "regions") -> dict[str, int]:
    """Create the default regions and country rows that are missing; rows already there are
    left as they are (an evaluator may have changed them). Takes the app registry so the data
    migration can run it with historical models, and the app label because the models lived in
    `evaluation` before they had their own app."""
    region_model = apps.get_model(app_label, "Region")
    country_model = apps.get_model(app_label, "CountryRegion")
    existing = set(region_model.objects.values_list("code", flat=True))
    new_regions = [
        region_model(code=code, name=name, sort_order=order)
        for code, name, order in REGIONS
        if code not in existing
    ]
    region_model.objects.bulk_create(new_regions)
    regions = dict(region_model.objects.values_list("code", "pk"))
    mapped = set(country_model.objects.values_list("country", flat=True))
    new_countries = [
        country_model(
            country=row["country"], region_id=regions[row["region"]], category=row["category"]
        )
        for row in read_default_mapping()
        if row["country"] not in mapped
    ]
    country_model.objects.bulk_create(new_countries)
    return {
        "regions_created": len(new_regions),
        "countries_created": len(new_countries),
    }
