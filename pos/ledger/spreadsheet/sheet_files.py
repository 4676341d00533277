"""Spreadsheet files read into rows: CSV (UTF-8 or Windows-1252, its separator sniffed) and XLSX (with openpyxl,
read-only), each row with the number the spreadsheet shows; and the add-on table kept beside a product sheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pos.i18n import N_
from pos.ledger.base.errors import InvalidInput
from pos.ledger.spreadsheet import kinds_cells
from pos.ledger.spreadsheet.sheet_cells import (
    Cell,
)


@dataclass(frozen=True, slots=True)
class Sheet:
    """The non-blank rows of a file, each with the row number the spreadsheet shows."""

    name: str
    rows: list[tuple[int, tuple[Cell, ...]]]


def is_blank(value: Cell) -> bool:
    # A lone dash is how many shops fill a cell that has nothing in it.
    return value is None or (isinstance(value, str) and value.strip() in ("", "-", "–"))


def _has_value(values: Sequence[Cell]) -> bool:
    return any(not is_blank(value) for value in values)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's plain "CSV" on Windows writes the ANSI code page, not UTF-8.
        return data.decode("cp1252", errors="replace")


def sniff_separator(text: str) -> str:
    """`,`, `;` or tab: whichever the first non-blank line (the header) uses most."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def read_csv(path: Path) -> Sheet:
    text = _decode(path.read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_separator(text))
    rows: list[tuple[int, tuple[Cell, ...]]] = []
    for number, record in enumerate(reader, 1):
        if _has_value(record):
            rows.append((number, tuple(record)))
    return Sheet(path.name, rows)


def read_xlsx(path: Path, named: str | None = None) -> Sheet | None:
    from openpyxl import load_workbook  # only the back office needs it; keep the counter's start-up light

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds (zip, XML, KeyError) for a damaged or foreign file
        raise InvalidInput(
            N_("{file} cannot be read as an XLSX workbook: {detail}"), file=path.name, detail=err
        ) from err
    try:
        if named is not None and named not in book.sheetnames:
            return None
        sheet = book.worksheets[0] if named is None else book[named]
        # A wrong <dimension> in the file would otherwise cut rows off; numbering must start at A1 whatever it says.
        sheet.reset_dimensions()
        rows: list[tuple[int, tuple[Cell, ...]]] = []
        for number, values in enumerate(sheet.iter_rows(min_row=1, min_col=1, values_only=True), 1):
            if _has_value(values):
                rows.append((number, tuple(values)))
        return Sheet(path.name if named is None else named, rows)
    finally:
        book.close()


def read_sheet(path: Path | str) -> Sheet:
    """The rows of a .csv or .xlsx file."""
    source = Path(path)
    suffix = source.suffix.lower()
    if suffix not in (".csv", ".txt", ".xlsx", ".xlsm"):
        raise InvalidInput(N_("Use a .csv or .xlsx file, not {file}."), file=source.name)
    if not source.is_file():
        raise InvalidInput(N_("File {file} does not exist."), file=str(source))
    if suffix in (".csv", ".txt"):
        return read_csv(source)
    sheet = read_xlsx(source)
    assert sheet is not None  # the first sheet is always there
    return sheet


def column_letter(index: int) -> str:
    """`A` for the first column (index 0), `AA` for the 27th."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters


SheetSource = Path | str | Sheet


def load_sheet(source: SheetSource) -> Sheet:
    """A sheet read once, whether given as a file or already read (the opening balances read a file twice)."""
    return source if isinstance(source, Sheet) else read_sheet(source)


def addon_table(source: SheetSource) -> Sheet | None:
    """The add-on groups beside a product sheet: the workbook's `Tambahan` sheet, or `<name>-tambahan.csv`."""
    if isinstance(source, Sheet):
        return None
    path = Path(source)
    if path.suffix.lower() in (".csv", ".txt"):
        beside = path.with_name(f"{path.stem}-tambahan{path.suffix}")
        return read_csv(beside) if beside.is_file() else None
    if path.suffix.lower() in (".xlsx", ".xlsm") and path.is_file():
        return read_xlsx(path, kinds_cells.ADDON_SHEET)
    return None
