"""Writing user-entered text into files that spreadsheets open."""

# OWASP: a cell starting with one of these can be read as a formula by spreadsheet software.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")


def spreadsheet_safe(value: object) -> object:
    """Text that cannot run as a formula: a leading trigger gets a quote in front.

    Numbers are returned unchanged, so they stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
