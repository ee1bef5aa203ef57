"""Dates and numbers on participant pages as each language writes them (CLDR, through Babel).

Django's own formats fall back to the English "N j, Y, P" wherever a language defines no
DATETIME_FORMAT (Arabic: "ديسمبر 3, 2026"), and a sign typed before a number in a template
ends up on the wrong side in right-to-left text. Babel gives each of the six languages its
CLDR patterns and symbols: Arabic's plus and minus signs carry a left-to-right mark, which
keeps them before the digits.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel import dates, numbers
from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language, to_locale

register = template.Library()


def _locale() -> str:
    return to_locale(get_language() or settings.LANGUAGE_CODE)


@register.filter
def format_date(value: datetime.date | None, length: str = "long") -> str:
    """The date in the active language: "3 December 2026", "3 ديسمبر 2026", "2026年12月3日"."""
    if not isinstance(value, datetime.date):
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if length not in ("full", "long", "medium", "short"):
        length = "long"
    return dates.format_date(value, length, locale=_locale())


@register.filter
def format_datetime(value: datetime.datetime | None) -> str:
    """A long date and a short time in the current time zone, joined as the language joins
    them ("3 décembre 2026, 14:30"); no seconds and no zone name, which pages state apart."""
    if not isinstance(value, datetime.datetime):
        return format_date(value)
    locale = _locale()
    zone = timezone.get_current_timezone()
    when = timezone.localtime(value, zone) if timezone.is_aware(value) else value
    pattern = dates.get_datetime_format("long", locale=locale).replace("'", "")
    return pattern.replace(
        "{0}", dates.format_time(when, "short", tzinfo=zone, locale=locale)
    ).replace("{1}", dates.format_date(when, "long", locale=locale))


def _rounded(value, digits: int) -> Decimal | None:
    # Half up, like Django's floatformat, so these cells agree with the rest of the site.
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    if not number.is_finite():
        return None
    rounded = number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return abs(rounded) if rounded == 0 else rounded  # never "-0.0"


def _pattern(digits: int) -> str:
    return "#,##0" + ("." + "0" * digits if digits > 0 else "")


@register.filter
def decimal(value, digits: int = 1) -> str:
    """The number with `digits` decimals and the language's separators; "" if not a number."""
    rounded = _rounded(value, int(digits))
    if rounded is None:
        return ""
    return numbers.format_decimal(rounded, _pattern(int(digits)), locale=_locale())


@register.filter
def signed_number(value, digits: int = 1) -> str:
    """A change, with the language's plus or minus sign ("+0.5", "\u200e+0.5" in Arabic);
    zero has no sign. "" if not a number."""
    rounded = _rounded(value, int(digits))
    if rounded is None:
        return ""
    locale = _locale()
    text = numbers.format_decimal(abs(rounded), _pattern(int(digits)), locale=locale)
    if rounded > 0:
        return numbers.get_plus_sign_symbol(locale) + text
    if rounded < 0:
        return numbers.get_minus_sign_symbol(locale) + text
    return text
