"""Reading uploaded XLSX workbooks (attendee lists, paper answers) without trusting formulas.

Read with `data_only=True`, a formula cell gives its cached value, or nothing at all when the
file was written by a program that does not compute (openpyxl, scripts): an import would go on
with a value nobody typed, or a gap, without a word. So formulas are read as formulas, and the
first one stops the import with its row and column; the caller imports nothing from the file.

Text that merely starts with `=` (a cell typed as text, or a CSV field) is data, imported as
text: keeping it from running when exported again is the export guard's job
(surveys/exports.py), not the import's.
"""

import io
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook


class FormulaCellError(ValueError):
    """A cell holds a formula: the file is refused as a whole."""

    def __init__(self, row: int, column: str) -> None:
        self.row = row
        self.column = column
        # In the active language: the evaluator's, as the admin views run.
        self.message = formula_message(row, column)
        super().__init__(self.message)


def formula_message(row: int, column: str) -> str:
    return _(
        "Row %(row)d, column %(column)s holds a formula: type its value instead and upload "
        "the file again. Nothing from this file was imported."
    ) % {"row": row, "column": column}


def open_workbook(data: bytes) -> Workbook:
    """The workbook, read-only, formulas kept as formulas (never their cached values)."""
    return load_workbook(io.BytesIO(data), read_only=True, data_only=False)


def row_values(sheet: Any, max_col: int | None = None) -> Iterator[list[Any]]:
    """The values of each row of `sheet` in order; FormulaCellError at the first formula cell."""
    for row in sheet.iter_rows(max_col=max_col):
        values = []
        for cell in row:
            if cell.data_type == "f":
                raise FormulaCellError(cell.row, cell.column_letter)
            values.append(cell.value)
        yield values
