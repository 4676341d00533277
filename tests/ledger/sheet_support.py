"""Writing the spreadsheets shops bring, as CSV (Excel's Indonesian `;` with a BOM) or as an XLSX Excel saved."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

Rows = Sequence[Sequence[object] | None]  # None is a blank row


def write_csv(path: Path, rows: Rows, *, sep: str = ";") -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=sep)
        for row in rows:
            writer.writerow([] if row is None else ["" if v is None else v for v in row])
    return path


def write_xlsx(path: Path, rows: Rows) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for number, row in enumerate(rows, 1):
        for col, value in enumerate(row or (), 1):
            if value is not None:
                sheet.cell(row=number, column=col, value=value)
    book.save(path)
    return path
