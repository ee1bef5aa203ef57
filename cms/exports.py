"""The site's single export guard: every cell of every CSV or XLSX file the cms writes (chart
data, the translation status, document downloads) goes through `spreadsheet_safe`, by way of
the writers below.

A copy of surveys/exports.py, forced by the plugin rule: cms may not import the surveys and
evaluation plugin (which must run without cms), and the plugin imports no cms. Change both
together; tests/test_export_guard.py and tests/surveys/test_export_guard.py hold them to the
same cases."""

import csv
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.utils.functional import Promise
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# OWASP CSV injection: text whose first visible character is one of these may run as a
# formula; a leading tab or carriage return may too (some spreadsheets strip it first).
FORMULA_TRIGGERS = ("=", "+", "-", "@")
LEADING_TRIGGERS = ("\t", "\r")


def _first_visible(text: str) -> str:
    """The text without its leading control characters: `\\x01=3+3` still starts a formula."""
    for index, char in enumerate(text):
        if unicodedata.category(char) != "Cc":
            return text[index:]
    return ""


def spreadsheet_safe(value: Any, *, xlsx: bool = False) -> Any:
    """Text that no spreadsheet runs as a formula: a quote in front when its first
    non-control character is = + - @, or when it starts with a tab or CR.

    With `xlsx`, control characters XML cannot hold are dropped first (openpyxl refuses them).
    Numbers, dates, booleans and None are returned unchanged, so they stay what they are."""
    if isinstance(value, Promise):
        value = str(value)
    if not isinstance(value, str):
        return value
    if xlsx:
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith(LEADING_TRIGGERS) or _first_visible(value).startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any], *, xlsx: bool = False) -> list[Any]:
    """One row of cells, each through the guard."""
    return [spreadsheet_safe(value, xlsx=xlsx) for value in values]


class SafeCsvWriter:
    """`csv.writer` whose every cell goes through the guard: the site's one way to write CSV."""

    def __init__(self, file: Any, **kwargs: Any) -> None:
        self._writer = csv.writer(file, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class SafeSpreadsheetExportMixin:
    """For Wagtail's SpreadsheetExportMixin views (reports): every cell and heading of the CSV
    and the XLSX through the guard. Wagtail only keeps XLSX cells from being formulas; the
    text `=HYPERLINK(…)` would still be shown, and run once the cell is edited."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return spreadsheet_safe(value, xlsx=export_format == self.FORMAT_XLSX)

    def get_heading(self, queryset, field):
        # One heading serves both formats: drop what XLSX cannot hold in both.
        return spreadsheet_safe(super().get_heading(queryset, field), xlsx=True)
