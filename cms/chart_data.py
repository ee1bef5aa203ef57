"""A chart's data as one grid: parsing what editors paste or upload, and writing it back.

The grid's first row holds a corner cell then the series' names; each further row a category's
label then one number per series. Numbers are read and written the way the editor's active
(admin) language writes them: `1 234,5` in French, `1,234.5` in English. The stored value is
JSON-able: {"categories": [...], "series": [{"name": ..., "values": ["1234.5", ...]}]}.
"""

import csv
import io
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext, gettext_lazy

MAX_CATEGORIES = 60
MAX_SERIES = 12
MAX_LABEL = 80
MAX_DIGITS = 14  # as the DecimalBlock of the old structure: 12 digits, 2 decimals
DECIMAL_PLACES = 2
MAX_UPLOAD_BYTES = 200_000
# Spaces that separate thousands in French, Russian, Spanish…: typed, NBSP, narrow NBSP.
GROUP_SPACES = (" ", "\u00a0", "\u202f")
CORNER = gettext_lazy("Category")

ChartData = dict  # {"categories": list[str], "series": list[{"name": str, "values": [Decimal]}]}


def empty() -> ChartData:
    return {"categories": [], "series": []}


def is_empty(data: ChartData | str | None) -> bool:
    if isinstance(data, str):
        return not data.strip()
    return not data or not (data.get("categories") or data.get("series"))


def _separators() -> tuple[str, list[str]]:
    decimal = formats.get_format("DECIMAL_SEPARATOR")
    groups = [formats.get_format("THOUSAND_SEPARATOR"), *GROUP_SPACES]
    return decimal, [g for g in dict.fromkeys(groups) if g and g != decimal]


def number_example() -> str:
    """How the active language writes 1234.5, grouped and not, for error messages."""
    decimal, groups = _separators()
    grouped = f"1{groups[0]}234{decimal}5" if groups else f"1234{decimal}5"
    return gettext("%(grouped)s or %(plain)s") % {"grouped": grouped, "plain": f"1234{decimal}5"}


def parse_number(text: str) -> Decimal:
    """A number written in the active language; ValueError when it is not one."""
    decimal, groups = _separators()
    text = text.strip()
    group = "|".join(re.escape(g) for g in groups)
    pattern = rf"^-?(\d+|\d{{1,3}}(({group})\d{{3}})+)({re.escape(decimal)}\d+)?$"
    if not groups:
        pattern = rf"^-?\d+({re.escape(decimal)}\d+)?$"
    if not re.match(pattern, text):
        raise ValueError(text)
    for g in groups:
        text = text.replace(g, "")
    try:
        return Decimal(text.replace(decimal, "."))
    except InvalidOperation as error:  # pragma: no cover - the pattern already refuses these
        raise ValueError(text) from error


def format_number(value: Decimal) -> str:
    """The number as the editor types it back: the language's decimal mark, no grouping."""
    decimal, _groups = _separators()
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", decimal)


def read_rows(text: str) -> list[list[str]]:
    """The cells of a paste or a CSV file: tab, semicolon or comma separated, quotes allowed."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    if not text.strip():
        return []
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first else ";" if ";" in first else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    return [row for row in rows if any(cell.strip() for cell in row)]


def _cell_name(row: int, column: int) -> str:
    return gettext("row %(row)s, column %(column)s") % {"row": row, "column": column}


def parse_grid(text: str) -> ChartData:
    """The chart data in `text`; a ValidationError listing every problem, cell by cell."""
    rows = read_rows(text)
    if not rows:
        return empty()
    errors: list[str] = []
    header = [cell.strip() for cell in rows[0]]
    names = header[1:]
    if not names:
        raise ValidationError(
            gettext(
                "The first row needs a corner cell then one name per series, separated by tabs "
                "(as copied from a spreadsheet), semicolons or commas."
            )
        )
    if len(names) > MAX_SERIES:
        errors.append(gettext("At most %(count)s series.") % {"count": MAX_SERIES})
    if len(rows) - 1 > MAX_CATEGORIES:
        errors.append(gettext("At most %(count)s categories.") % {"count": MAX_CATEGORIES})
    if errors:
        raise ValidationError(errors)
    for column, name in enumerate(names, start=2):
        errors += _label_errors(name, 1, column)
    categories: list[str] = []
    values: list[list[Decimal]] = [[] for _name in names]
    for number, row in enumerate(rows[1:], start=2):
        cells = [cell.strip() for cell in row]
        if len(cells) != len(header):
            errors.append(
                gettext(
                    "Row %(row)s has %(found)s cells; every row needs %(expected)s: "
                    "a label then one value per series."
                )
                % {"row": number, "found": len(cells), "expected": len(header)}
            )
            continue
        categories.append(cells[0])
        errors += _label_errors(cells[0], number, 1)
        for column, cell in enumerate(cells[1:], start=2):
            try:
                value = parse_number(cell)
            except ValueError:
                errors.append(
                    gettext(
                        "%(cell)s: “%(value)s” is not a number. Write numbers like %(example)s."
                    )
                    % {
                        "cell": _cell_name(number, column),
                        "value": cell,
                        "example": number_example(),
                    }
                )
                continue
            errors += _value_errors(value, number, column)
            values[column - 2].append(value)
    if not categories and not errors:
        errors.append(gettext("Add at least one row: a category's label and its values."))
    if errors:
        raise ValidationError(errors)
    return {
        "categories": categories,
        "series": [{"name": n, "values": v} for n, v in zip(names, values, strict=True)],
    }


def _label_errors(label: str, row: int, column: int) -> list[str]:
    if not label:
        return [gettext("%(cell)s: the label is empty.") % {"cell": _cell_name(row, column)}]
    if len(label) > MAX_LABEL:
        return [
            gettext("%(cell)s: a label has at most %(count)s characters.")
            % {"cell": _cell_name(row, column), "count": MAX_LABEL}
        ]
    return []


def _value_errors(value: Decimal, row: int, column: int) -> list[str]:
    cell = _cell_name(row, column)
    if value < 0:
        return [gettext("%(cell)s: values cannot be negative.") % {"cell": cell}]
    sign, digits, exponent = value.normalize().as_tuple()
    decimals = max(-exponent, 0) if isinstance(exponent, int) else 0
    if decimals > DECIMAL_PLACES:
        return [
            gettext("%(cell)s: at most %(count)s decimals.")
            % {"cell": cell, "count": DECIMAL_PLACES}
        ]
    if value >= Decimal(10) ** (MAX_DIGITS - DECIMAL_PLACES):
        return [gettext("%(cell)s: the number is too large.") % {"cell": cell}]
    return []


def validate(data: ChartData) -> None:
    """The rules of parse_grid for data that did not come from a grid (code, imports)."""
    errors: list[str] = []
    categories = data.get("categories") or []
    series = data.get("series") or []
    if not categories or not series:
        raise ValidationError(gettext("Add at least one row: a category's label and its values."))
    if len(series) > MAX_SERIES or len(categories) > MAX_CATEGORIES:
        errors.append(
            gettext("At most %(series)s series and %(categories)s categories.")
            % {"series": MAX_SERIES, "categories": MAX_CATEGORIES}
        )
    for row, label in enumerate(categories, start=2):
        errors += _label_errors(label, row, 1)
    for column, s in enumerate(series, start=2):
        errors += _label_errors(s["name"], 1, column)
        if len(s["values"]) != len(categories):
            errors.append(
                gettext("Each series needs one value per category (%(count)s).")
                % {"count": len(categories)}
            )
            continue
        for row, value in enumerate(s["values"], start=2):
            errors += _value_errors(Decimal(value), row, column)
    if errors:
        raise ValidationError(errors)


def to_grid(data: ChartData, corner: str = "") -> str:
    """Tab-separated text of the data, numbers in the active language, for the textarea."""
    if is_empty(data):
        return ""
    names = [str(s["name"]) for s in data["series"]]
    lines = ["\t".join([corner or str(CORNER), *names])]
    for i, category in enumerate(data["categories"]):
        cells = [format_number(s["values"][i]) for s in data["series"]]
        lines.append("\t".join([str(category), *cells]))
    return "\n".join(lines)


def to_python(raw) -> ChartData:
    """Stored JSON to values with Decimals (tolerant: whatever a migration left)."""
    if not isinstance(raw, dict):
        return empty()
    return {
        "categories": [str(c) for c in raw.get("categories") or []],
        "series": [
            {
                "name": str(s.get("name", "")),
                "values": [Decimal(str(v)) for v in s.get("values", [])],
            }
            for s in raw.get("series") or []
        ],
    }


def to_json(data: ChartData) -> dict:
    return {
        "categories": list(data.get("categories") or []),
        "series": [
            {"name": s["name"], "values": [f"{Decimal(v).normalize():f}" for v in s["values"]]}
            for s in data.get("series") or []
        ],
    }
