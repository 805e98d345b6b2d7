"""A pivot's table as CSV or XLSX. Money columns are written in the currency's major units
(12.50, not 1250); a cell that starts like a formula is written as text (no CSV injection)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cells(headers: Sequence[str], rows: Sequence[Sequence[Any]], money: Sequence[int], digits: int) -> list[list[Any]]:
    table: list[list[Any]] = []
    for row in rows:
        cells: list[Any] = []
        for index, value in enumerate(row):
            if index in money and value is not None:
                value = Decimal(int(value)).scaleb(-digits)
            elif isinstance(value, str) and value.startswith(FORMULA_STARTS):
                value = "'" + value
            cells.append(value)
        table.append(cells)
    return table


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, money: Sequence[int] = (),
           digits: int = 2) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(_cells(headers, rows, money, digits))
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM: spreadsheets then read UTF-8


def to_xlsx(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, money: Sequence[int] = (),
            digits: int = 2, title: str = "Pivot") -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(list(headers))
    number_format = "0." + "0" * digits if digits else "0"
    for cells in _cells(headers, rows, money, digits):
        sheet.append([float(value) if isinstance(value, Decimal) else value for value in cells])
        for index in money:
            sheet.cell(row=sheet.max_row, column=index + 1).number_format = number_format
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
