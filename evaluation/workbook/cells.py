"""Writing cells and sheets: number formats and fonts, a write-only `Sheet` that knows which
row it is on (tables, filters, charts), and the `Book` that names the sheets."""

import datetime
import math
import numbers
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from surveys.exports import spreadsheet_safe

MAX_TEXT = 32_767  # Excel's limit for one cell

# Number formats.
COUNT, PERCENT, MEAN, P_VALUE, CHF = "0", "0.0%", "0.00", "0.000", "#,##0.00"
DATE, DATETIME = "yyyy-mm-dd", "yyyy-mm-dd hh:mm"

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
CHART_ANCHOR = "N2"  # right of the widest table
SHORT_TEXT = 40  # texts up to this length are guarded once per sheet (codes, pseudonyms)


def _naive_utc(value: datetime.datetime) -> datetime.datetime:
    # Spreadsheets know no time zones: every time is written in UTC.
    if timezone.is_aware(value):
        value = value.astimezone(datetime.UTC).replace(tzinfo=None)
    return value


class Sheet:
    """A write-only worksheet that knows which row it is on, for tables, filters and charts."""

    def __init__(
        self, ws: WriteOnlyWorksheet, widths: Sequence[float] = (), freeze: str | None = "A2"
    ) -> None:
        self.ws = ws
        # Column widths and panes go at the top of the sheet's XML: set before any row.
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        if freeze:
            ws.freeze_panes = freeze
        self.row = 0
        self.filtered = False
        self._texts: dict[str, str] = {}  # guarded short texts, by text

    def cell(self, value: Any, number_format: str | None = None, font: Font | None = None):
        if value is None:
            return None
        if isinstance(value, Promise):
            value = str(value)
        if isinstance(value, bool):
            cell = WriteOnlyCell(self.ws, value)
        elif isinstance(value, numbers.Real | Decimal):
            if not math.isfinite(float(value)):
                return None
            cell = WriteOnlyCell(self.ws, value)
            if number_format:
                cell.number_format = number_format
        elif isinstance(value, datetime.datetime):
            cell = WriteOnlyCell(self.ws, _naive_utc(value))
            cell.number_format = DATETIME
        elif isinstance(value, datetime.date):
            cell = WriteOnlyCell(self.ws, value)
            cell.number_format = DATE
        else:
            # The plugin's export guard: no formula, nothing XML cannot hold.
            cell = WriteOnlyCell(self.ws, spreadsheet_safe(str(value), xlsx=True)[:MAX_TEXT])
            cell.data_type = "s"  # never a formula, whatever the text
        if font is not None:
            cell.font = font
        return cell

    def append(
        self,
        values: Iterable[Any],
        formats: Sequence[str | None] = (),
        font: Font | None = None,
    ) -> int:
        cells = [
            self.cell(value, formats[index] if index < len(formats) else None, font)
            for index, value in enumerate(values)
        ]
        self.ws.append(cells)
        self.row += 1
        return self.row

    def append_values(self, values: Sequence[Any], formats: Sequence[str | None] = ()) -> int:
        """A row of the data sheets, at speed: None, whole numbers and texts go to openpyxl
        as plain values (it makes their cells: making them here too cost a third of the
        workbook's time), texts through the export guard, once per distinct short text
        (codes repeat on every row). Anything else, or a column with a format, is a cell."""
        row = []
        texts = self._texts
        for index, value in enumerate(values):
            number_format = formats[index] if index < len(formats) else None
            kind = type(value)
            if value is None or (kind is int and number_format is None):
                row.append(value)
            elif kind is str:
                safe = texts.get(value)
                if safe is None:
                    # Never a formula: the guard quotes a leading = (openpyxl's only trigger).
                    safe = spreadsheet_safe(value, xlsx=True)[:MAX_TEXT]
                    if len(value) <= SHORT_TEXT:
                        texts[value] = safe
                row.append(safe)
            else:
                row.append(self.cell(value, number_format))
        self.ws.append(row)
        self.row += 1
        return self.row

    def title(self, text: Any) -> None:
        self.append([text], font=TITLE)

    def heading(self, text: Any) -> None:
        self.append([])
        self.append([text], font=BOLD)

    def pairs(self, rows: Iterable[tuple[Any, Any, str | None]]) -> None:
        for label, value, number_format in rows:
            self.append([label, value], [None, number_format])

    def table(
        self,
        headers: Sequence[Any],
        rows: Iterable[Sequence[Any]],
        formats: Sequence[str | None] = (),
        filtered: bool = False,
    ) -> tuple[int, int, int]:
        """Write a header and rows; (header row, first data row, last data row). The first
        table asked to be filtered gets the sheet's auto-filter."""
        header = self.append(headers, font=BOLD)
        for row in rows:
            self.append(row, formats)
        last = max(self.row, header + 1)
        if filtered and not self.filtered:
            end = get_column_letter(max(len(headers), 1))
            self.ws.auto_filter.ref = f"A{header}:{end}{max(self.row, header)}"
            self.filtered = True
        return header, header + 1, last

    def bar_chart(
        self,
        title: Any,
        header: int,
        first: int,
        last: int,
        label_column: int,
        value_columns: Sequence[int],
        y_title: Any = "",
        percent: bool = False,
        stacked: bool = False,
        anchor: str = CHART_ANCHOR,
    ) -> BarChart:
        """A native bar chart over a table already written in this sheet."""
        chart = BarChart()
        chart.type = "col"
        chart.title = str(title)
        chart.y_axis.title = str(y_title) if y_title else None
        # openpyxl 3.1 hides axes unless told otherwise.
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.width, chart.height = 18, 9
        last = max(last, first)
        for column in value_columns:
            data = Reference(self.ws, min_col=column, min_row=header, max_row=last)
            chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(self.ws, min_col=label_column, min_row=first, max_row=last))
        if percent:
            chart.y_axis.number_format = "0%"
            chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 1
        if stacked:
            chart.grouping, chart.overlap = "stacked", 100
        self.ws.add_chart(chart, anchor)
        return chart


class Book:
    """The workbook and its sheet names: ≤ 31 characters, none of []:*?/\\, all different."""

    def __init__(self) -> None:
        self.workbook = Workbook(write_only=True)
        self.titles: list[str] = []

    def sheet(self, title: Any, widths: Sequence[float] = (), freeze: str | None = "A2") -> Sheet:
        name = re.sub(r"[\[\]:*?/\\]", "-", str(title)).strip("' ")[:31] or "Sheet"
        candidate, number = name, 2
        while candidate.casefold() in (t.casefold() for t in self.titles):
            suffix = f" ({number})"
            candidate, number = name[: 31 - len(suffix)] + suffix, number + 1
        self.titles.append(candidate)
        return Sheet(self.workbook.create_sheet(candidate), widths, freeze)

    def save(self, target: str | Path | IO[bytes]) -> None:
        self.workbook.save(target)
