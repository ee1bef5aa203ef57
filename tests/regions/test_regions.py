"""The default regions: every ISO 3166 country mapped once, the data migration's rows, and the
lookups the indicators use."""

import csv
from collections import Counter

import pytest
from django_countries import countries

from regions.defaults import (
    DEFAULT_REGIONS_CSV,
    REGIONS,
    load_default_regions,
    read_default_mapping,
)
from regions.lookups import region_names, region_of_countries
from regions.models import CountryCategory, CountryRegion, Region

REGION_CODES = [code for code, _name, _order in REGIONS]


def csv_rows() -> list[dict[str, str]]:
    with DEFAULT_REGIONS_CSV.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def test_the_csv_maps_every_country_exactly_once():
    rows = csv_rows()
    assert list(rows[0]) == ["country", "region", "category"]
    counts = Counter(row["country"] for row in rows)
    assert [code for code, count in counts.items() if count > 1] == []
    assert set(counts) == {country.code for country in countries}


def test_every_row_names_a_known_region_and_category():
    categories = set(CountryCategory.values)
    for row in csv_rows():
        assert row["region"] in REGION_CODES, row
        assert row["category"] in categories, row


def test_each_of_the_five_regions_has_countries():
    per_region = Counter(row["region"] for row in csv_rows())
    assert set(per_region) == set(REGION_CODES)
    assert len(REGION_CODES) == 5
    assert per_region["arab"] == 23  # the 22 Arab League members and Western Sahara
    assert per_region["latin-america"] == 33


def test_the_un_list_has_44_least_developed_countries():
    assert sum(row["category"] == "ldc" for row in csv_rows()) == 44


@pytest.mark.parametrize(
    ("country", "region", "category"),
    [
        ("SN", "africa", "ldc"),
        ("EG", "arab", "developing"),
        ("MA", "arab", "developing"),
        ("SD", "arab", "ldc"),
        ("CN", "asia-pacific", "developing"),
        ("KR", "asia-pacific", "developed"),
        ("BR", "latin-america", "developing"),
        ("FR", "transition-developed", "developed"),
        ("KZ", "transition-developed", "transition"),
        ("JP", "transition-developed", "developed"),
        ("BD", "asia-pacific", "ldc"),
        ("HT", "latin-america", "ldc"),
        ("RE", "transition-developed", "developed"),  # follows France
    ],
)
def test_known_mappings(country, region, category):
    mapping = {row["country"]: row for row in read_default_mapping()}
    assert (mapping[country]["region"], mapping[country]["category"]) == (region, category)


@pytest.mark.django_db
def test_the_migration_loaded_the_regions_and_every_country():
    assert list(Region.objects.values_list("code", flat=True)) == REGION_CODES
    expected = {row["country"]: row["region"] for row in read_default_mapping()}
    assert region_of_countries() == expected


@pytest.mark.django_db
def test_lookups_take_one_query_each(django_assert_num_queries):
    with django_assert_num_queries(1):
        mapping = region_of_countries()
    assert mapping["SN"] == "africa"
    with django_assert_num_queries(1):
        names = region_names()
    assert list(names) == REGION_CODES
    assert names["arab"] == "Arab region"


@pytest.mark.django_db
def test_a_renamed_region_shows_as_typed():
    Region.objects.filter(code="arab").update(name="Région arabe (bureau)")
    assert region_names()["arab"] == "Région arabe (bureau)"


@pytest.mark.django_db
def test_loading_again_adds_only_what_is_missing_and_keeps_changes():
    assert load_default_regions() == {"regions_created": 0, "countries_created": 0}
    # An evaluator moved a country; another row was deleted.
    CountryRegion.objects.filter(country="TR").update(
        region=Region.objects.get(code="asia-pacific")
    )
    CountryRegion.objects.filter(country="SN").delete()
    assert load_default_regions() == {"regions_created": 0, "countries_created": 1}
    assert region_of_countries()["TR"] == "asia-pacific"
    senegal = CountryRegion.objects.get(country="SN")
    assert (senegal.region.code, senegal.category) == ("africa", "ldc")
