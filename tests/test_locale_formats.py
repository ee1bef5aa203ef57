"""Dates and numbers as each of the six languages writes them (CLDR, through Babel)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from cms.templatetags import site_format
from surveys.templatetags import survey_format

from .conftest import LANGUAGE_CODES
from .surveys.conftest import cohort, instrument, participant  # noqa: F401 (fixtures)
from .surveys.helpers import url

DAY = datetime.date(2026, 12, 3)
MOMENT = datetime.datetime(2026, 12, 3, 14, 30, tzinfo=datetime.UTC)
LRM = "\u200e"

DATES = {
    "en": "December 3, 2026",
    "fr": "3 décembre 2026",
    "es": "3 de diciembre de 2026",
    "ru": "3 декабря 2026\u202fг.",
    "zh-hans": "2026年12月3日",
    "ar": "3 ديسمبر 2026",
}
DATETIMES = {
    "en": "December 3, 2026, 2:30\u202fPM",
    "fr": "3 décembre 2026, 14:30",
    "es": "3 de diciembre de 2026, 14:30",
    "ru": "3 декабря 2026\u202fг., 14:30",
    "zh-hans": "2026年12月3日 14:30",
    "ar": "3 ديسمبر 2026، 2:30 م",
}
# (+2, -1.25, 3.5) as a change and 3.5 as a plain number, in each language.
NUMBERS = {
    "en": ("+2.0", "-1.3", "3.5"),
    "fr": ("+2,0", "-1,3", "3,5"),
    "es": ("+2,0", "-1,3", "3,5"),
    "ru": ("+2,0", "-1,3", "3,5"),
    "zh-hans": ("+2.0", "-1.3", "3.5"),
    "ar": (f"{LRM}+2.0", f"{LRM}-1.3", "3.5"),
}


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_dates_follow_cldr(code):
    with translation.override(code):
        assert survey_format.format_date(DAY) == DATES[code]
        assert survey_format.format_date(MOMENT) == DATES[code]
        assert site_format.format_date(DAY) == DATES[code]
        assert survey_format.format_datetime(MOMENT) == DATETIMES[code]


def test_arabic_puts_the_day_before_the_month():
    with translation.override("ar"):
        text = survey_format.format_datetime(MOMENT)
    assert text.index("3") < text.index("ديسمبر") < text.index("2026")


def test_datetimes_are_shown_in_the_current_time_zone():
    late = datetime.datetime(
        2026, 12, 3, 23, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=-5))
    )
    with translation.override("fr"):
        assert survey_format.format_datetime(late) == "4 décembre 2026, 04:30"  # in UTC


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_numbers_and_signed_changes_follow_cldr(code):
    plus, minus, plain = NUMBERS[code]
    with translation.override(code):
        assert survey_format.signed_number(2) == plus
        assert survey_format.signed_number(Decimal("-1.25")) == minus  # half up, as floatformat
        assert survey_format.signed_number(0.04) == plain.replace("3", "0").replace("5", "0")
        assert survey_format.signed_number(-0.04) == survey_format.signed_number(0)
        assert survey_format.decimal(3.5) == plain
        assert survey_format.decimal(3.456, 2) == plain.replace("5", "46")


@pytest.mark.parametrize("bad", [None, "", "soon", float("nan"), float("inf"), [1]])
def test_bad_values_give_an_empty_string(bad):
    assert survey_format.signed_number(bad) == ""
    assert survey_format.decimal(bad) == ""
    assert survey_format.format_date(bad) == ""
    assert survey_format.format_datetime(bad) == ""
    assert site_format.format_date(bad) == ""


def test_filters_load_in_templates():
    template = Template(
        "{% load survey_format %}{{ day|format_date }}|{{ moment|format_datetime }}|"
        "{{ change|signed_number:1 }}|{{ mean|decimal:1 }}"
    )
    with translation.override("ar"):
        rendered = template.render(
            Context({"day": DAY, "moment": MOMENT, "change": 1.5, "mean": 2})
        )
    assert rendered == f"{DATES['ar']}|{DATETIMES['ar']}|{LRM}+1.5|2.0"
    with translation.override("zh-hans"):
        rendered = Template("{% load site_format %}{{ day|format_date }}").render(
            Context({"day": DAY})
        )
    assert rendered == DATES["zh-hans"]


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["ar", "zh-hans", "fr"])
def test_the_participants_home_page_writes_dates_in_its_language(client, participant, code):  # noqa: F811
    content = client.get(url("home", participant, code)).content.decode()
    phase = participant.cohort.phases.first()
    with translation.override(code):
        expected = survey_format.format_datetime(phase.closes_at)
    assert expected in content
    if code == "ar":
        assert not re.search(r"[\u0600-\u06ff]+ \d{1,2}, \d{4}", content)  # "ديسمبر 3, 2026"
