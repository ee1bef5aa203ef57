"""Writing user-entered text into files that spreadsheets open."""

# OWASP: a cell starting with one of these can be read as a formula by spreadsheet software.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")


def spreadsheet_safe(value: object) -> object:
    """Text that cannot run as a formula: a leading trigger gets a quote in front.

    Numbers are returned unchanged, so they stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class SafeSpreadsheetExportMixin:
    """For Wagtail's SpreadsheetExportMixin views: neutralise formulas in CSV exports too.

    Wagtail already writes XLSX cells that look like formulas as text; its CSV has no such
    guard, and a spreadsheet opening the CSV would run `=HYPERLINK(...)` in a title."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return spreadsheet_safe(value)
        return value
