"""Dates on public pages as each language writes them (CLDR, through Babel), like the numbers
of cms/charts.py: Django's English "Dec. 3, 2026" and Arabic "3 ديسمبر، 2026" are not."""

import datetime

from babel import dates
from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language, to_locale

register = template.Library()


@register.filter
def format_date(value: datetime.date | None, length: str = "long") -> str:
    """The date in the active language: "3 December 2026", "3 ديسمبر 2026", "2026年12月3日"."""
    if not isinstance(value, datetime.date):
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if length not in ("full", "long", "medium", "short"):
        length = "long"
    locale = to_locale(get_language() or settings.LANGUAGE_CODE)
    return dates.format_date(value, length, locale=locale)
