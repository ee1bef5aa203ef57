"""Writing user-entered text into files that spreadsheets open (links lists, reports, and the
evaluation's workbook and CSV). The site's cms has its own copy: the plugin imports no cms."""

# OWASP: a cell starting with one of these may run as a formula in a spreadsheet.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")


def spreadsheet_safe(value: object) -> object:
    """Text that cannot run as a formula (a quote in front of a trigger); numbers unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class SafeCsvExportMixin:
    """For Wagtail's report views: neutralise formulas in CSV exports too. Wagtail already
    writes formula-like XLSX cells as text; its CSV has no such guard."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return spreadsheet_safe(value)
        return value
