"""A sheet's rows read by column: finding the header row and each known column (`find_layout`), reading a row's
cells by column name while collecting every problem (`RowReader`), and what an import reports back.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, TypeVar

from pos.i18n import N_, _
from pos.ledger.base.errors import InvalidInput, LedgerError
from pos.ledger.spreadsheet.sheet_cells import (
    Cell,
    Noted,
    template_row,
)
from pos.ledger.spreadsheet.sheet_files import (
    Sheet,
    column_letter,
    is_blank,
)
from pos.ledger.spreadsheet.sheet_headers import Aliases, norm_header

_T = TypeVar("_T")
_HEADER_SEARCH_ROWS: Final = 10
# Columns the opening balances read from these sheets (see `opening_sheets`); an import leaves them be.
OPENING_COLUMNS: Final = frozenset({"stok", "utang", "tanggal", "jatuh_tempo"})


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One thing wrong with one row: where it is, as the spreadsheet shows it, and what is wrong."""

    row: int
    column: str  # the header as written in the file, with its column letter; "" for the row as a whole
    msgid: str
    params: Mapping[str, object] = field(default_factory=dict)

    @property
    def problem(self) -> str:
        text = _(self.msgid)
        return text.format(**self.params) if self.params else text

    def __str__(self) -> str:
        if self.column:
            return _("Row {row}, column {column}: {problem}").format(
                row=self.row, column=self.column, problem=self.problem
            )
        return _("Row {row}: {problem}").format(row=self.row, problem=self.problem)


class SheetRejected(InvalidInput):
    """The file had bad rows; nothing was imported. `problems` lists every one of them."""

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        super().__init__(N_("{n} problem(s) in the file; nothing was imported."), n=len(problems))
        self.problems = tuple(problems)

    def __str__(self) -> str:
        return "\n".join([super().__str__(), *(str(p) for p in self.problems)])


@dataclass(frozen=True, slots=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    skipped_columns: tuple[str, ...] = ()  # headers the import did not know, as written in the file
    notes: tuple[RowProblem, ...] = ()  # rows skipped as a template's, cells taken with something to say
    # The product or customer each imported row stands for, by the row number the spreadsheet shows.
    row_ids: Mapping[int, uuid.UUID] = field(default_factory=dict)
    # Columns the opening balances read (stock on hand, what a customer owes), as "Header (F)".
    opening_columns: tuple[str, ...] = ()

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass(frozen=True, slots=True)
class Layout:
    header_row: int
    index: dict[str, int]  # column -> position
    labels: dict[str, str]  # column -> "Header (F)"
    skipped: tuple[str, ...]


Columns = Mapping[str, str]  # a header as written in the file -> the column a person says it stands for ("" for none)


def _lookup(aliases: Aliases, columns: Columns | None) -> dict[str, str | None]:
    lookup: dict[str, str | None] = {alias: column for column, names in aliases.items() for alias in names}
    for header, column in (columns or {}).items():
        if column and column not in aliases:
            raise InvalidInput(N_("There is no column {column} to map {header} to."), column=column, header=header)
        lookup[norm_header(header)] = column or None
    return lookup


def header_candidates(sheet: Sheet, aliases: Aliases, columns: Columns | None = None) -> tuple[int, list[str]]:
    """The row that most looks like the header (its number) and its headers as written, for a person to map."""
    lookup = _lookup(aliases, columns)
    best: tuple[int, int, tuple[Cell, ...]] | None = None
    for number, values in sheet.rows[:_HEADER_SEARCH_ROWS]:
        known = sum(1 for v in values if lookup.get(norm_header(v)))
        if best is None or known > best[1]:
            best = (number, known, values)
    if best is None:
        return 0, []
    return best[0], ["" if is_blank(v) else str(v).strip() for v in best[2]]


def find_layout(sheet: Sheet, aliases: Aliases, required: Sequence[str], columns: Columns | None = None) -> Layout:
    """Where each column is: the first of the top rows that names the `nama` column and another one.

    `columns` maps headers Laci does not know (or knows otherwise) to the column they stand for. A sheet with no
    such row, or one without a `required` column, is refused with the headers it did not know named."""
    lookup = _lookup(aliases, columns)
    for number, values in sheet.rows[:_HEADER_SEARCH_ROWS]:
        found = {i: lookup.get(norm_header(v)) for i, v in enumerate(values)}
        known = {i: c for i, c in found.items() if c is not None}
        if "nama" not in known.values() or len(known) < 2:
            continue
        index: dict[str, int] = {}
        labels: dict[str, str] = {}
        for i, column in known.items():
            label = f"{str(values[i]).strip()} ({column_letter(i)})"
            if column in index:
                raise InvalidInput(
                    N_("Columns {first} and {second} both stand for {column}; keep one."),
                    first=labels[column],
                    second=label,
                    column=column,
                )
            index[column] = i
            labels[column] = label
        skipped = tuple(str(values[i]).strip() for i, c in found.items() if c is None and not is_blank(values[i]))
        for column in required:
            if column not in index:
                raise InvalidInput(
                    N_("The sheet has no {column} column. Headers Laci does not know: {unknown}."),
                    column=column,
                    unknown=", ".join(skipped) or "-",
                )
        return Layout(number, index, labels, skipped)
    _row, headers = header_candidates(sheet, aliases, columns)
    raise InvalidInput(
        N_(
            "{file} has no header row Laci knows: the first row must name the columns, such as {columns}. "
            "Headers Laci does not know: {unknown}."
        ),
        file=sheet.name,
        columns=", ".join(required),
        unknown=", ".join(h for h in headers if h) or "-",
    )


def name_key(name: str) -> str:
    return " ".join(name.casefold().split())


def plain(value: _T | Noted[_T]) -> _T:
    return value.value if isinstance(value, Noted) else value


class RowReader:
    """Reads one row's cells by column name, collecting a problem per bad cell instead of stopping, and a note
    per cell taken with something to say (a restored barcode, a formula's leftover)."""

    def __init__(
        self,
        layout: Layout,
        number: int,
        values: tuple[Cell, ...],
        problems: list[RowProblem],
        notes: list[RowProblem] | None = None,
    ) -> None:
        self.layout = layout
        self.number = number
        width = len(values)
        # One pass over the row: a large import asks for each of a row's cells several times.
        self.cells = {column: values[i] for column, i in layout.index.items() if i < width and not is_blank(values[i])}
        self.problems = problems
        self.notes = notes if notes is not None else []
        self.ok = True

    def raw(self, column: str) -> Cell:
        return self.cells.get(column)

    def problem(self, column: str, msgid: str, **params: object) -> None:
        label = self.layout.labels.get(column, column) if column else ""
        self.problems.append(RowProblem(self.number, label, msgid, params))
        self.ok = False

    def note(self, column: str, msgid: str, **params: object) -> None:
        label = self.layout.labels.get(column, column) if column else ""
        self.notes.append(RowProblem(self.number, label, msgid, params))

    def taken(self, column: str, value: _T | Noted[_T]) -> _T:
        """The value of a parse, saying its note if it has one."""
        if isinstance(value, Noted):
            self.note(column, value.msgid, **value.params)
            found: _T = value.value
            return found
        return value

    def get(self, column: str, parse: Callable[[Cell], _T | Noted[_T]]) -> _T | None:
        value = self.raw(column)
        if value is None:
            return None
        try:
            return self.taken(column, parse(value))
        except LedgerError as err:
            self.problem(column, err.msgid, **err.params)
            return None


def data_rows(sheet: Sheet, layout: Layout, notes: list[RowProblem]) -> Iterator[tuple[int, tuple[Cell, ...]]]:
    """The rows below the header, without a template's example or instruction rows (each skipped with a note)."""
    for number, values in sheet.rows:
        if number <= layout.header_row:
            continue
        hint = template_row(values)
        if hint is not None:
            notes.append(
                RowProblem(
                    number,
                    "",
                    N_("Skipped: it reads as the template's example or instructions ({text})."),
                    {"text": hint},
                )
            )
            continue
        yield number, values


def opening_labels(layout: Layout) -> tuple[str, ...]:
    return tuple(label for column, label in layout.labels.items() if column in OPENING_COLUMNS)
