"""The product list as a Qt model: pages of the core's search, read on the worker as the view scrolls down.

Only the rows scrolled to are ever read (`PAGE` at a time, through `canFetchMore`/`fetchMore`), so a shop with
100,000 products opens its list as fast as one with a hundred. Every answer carries the generation of the query
it was asked for; an answer to a query the owner has since changed is dropped. A product's variants are shown
indented under it (when both are on the page), each by the values that tell it apart.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont
from sqlalchemy.orm import Session

from pos.i18n import _, ngettext
from pos.ledger.base import fmt
from pos.ledger.stock.search import ProductRow, count_products, search_products
from pos.ledger.stock.variant_form import VariantMark, marks
from pos.ui.products.style import FAINT, LOW, NEGATIVE
from pos.ui.tasks import TaskManager, failure_message

PAGE: Final = 200

_Index = QModelIndex | QPersistentModelIndex
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True, slots=True)
class ListQuery:
    """What the owner asked to see: typed text (name, SKU or barcode) and the filters."""

    text: str = ""
    category_id: uuid.UUID | None = None
    low_only: bool = False
    archived: bool = False


@dataclass(frozen=True, slots=True)
class Page:
    offset: int
    rows: tuple[ProductRow, ...]
    total: int | None  # how many match in all; read with the first page only
    full: bool  # as many rows as asked for: there may be more
    marks: dict[uuid.UUID, VariantMark]  # the variants and the parents among the rows


def read_page(session: Session, query: ListQuery, offset: int, limit: int, count: bool) -> Page:
    """Runs on the database worker: `limit` rows from `offset`, and with `count` how many match in all."""
    filters: dict[str, Any] = {
        "category_id": query.category_id,
        "low_only": query.low_only,
        "archived": query.archived,
    }
    rows = search_products(session, query.text, limit=limit, offset=offset, **filters)
    total = count_products(session, query.text, **filters) if count else None
    found = marks(session, [r.id for r in rows])
    return Page(offset, tuple(grouped(rows, found)), total, len(rows) == limit, found)


def grouped(rows: list[ProductRow], found: dict[uuid.UUID, VariantMark]) -> list[ProductRow]:
    """`rows` with each variant moved under its parent (in its options' order) when the parent is among them; the
    rest keep their order."""
    here = {r.id for r in rows}
    under: dict[uuid.UUID, list[ProductRow]] = {}
    for row in rows:
        mark = found.get(row.id)
        if mark is not None and mark.parent_id in here:
            under.setdefault(mark.parent_id, []).append(row)
    out: list[ProductRow] = []
    for row in rows:
        mark = found.get(row.id)
        if mark is not None and mark.parent_id in here:
            continue
        out.append(row)
        out.extend(sorted(under.get(row.id, []), key=lambda r: found[r.id].position))
    return out


def qty_with_unit(milli: int, unit: str) -> str:
    return f"{fmt.qty(milli)} {unit}"


class ProductListModel(QAbstractTableModel):
    """Name, SKU, category, price, cost, on hand and low-stock level; on hand in red below zero, amber when low."""

    NAME, SKU, CATEGORY, PRICE, COST, ON_HAND, LOW_LEVEL = range(7)
    COLUMNS: Final = 7

    loaded = Signal()
    """A query's first page has arrived (or the list was read again); `total` is up to date."""

    failed = Signal(str)

    def __init__(self, tasks: TaskManager, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.query = ListQuery()
        self.rows: list[ProductRow] = []
        self.marks: dict[uuid.UUID, VariantMark] = {}
        self._ids: set[uuid.UUID] = set()
        self.total = 0
        self._generation = 0
        self._loading = False
        self._more = False
        self._bold = QFont()
        self._bold.setBold(True)

    # --- reading ------------------------------------------------------------------------------------------------

    def set_query(self, query: ListQuery) -> None:
        """Show the first page of `query` (the rows shown so far go at once)."""
        self.query = query
        self._read_from_start(PAGE)

    def reload(self) -> None:
        """Read the rows shown again (after an edit), as many as were loaded, so the view keeps its place."""
        self._read_from_start(max(PAGE, len(self.rows)))

    @property
    def loading(self) -> bool:
        return self._loading

    def _read_from_start(self, limit: int) -> None:
        self._generation += 1
        generation, query = self._generation, self.query
        self._loading = True
        self.tasks.read(
            lambda s: read_page(s, query, 0, limit, True),
            lambda page: self._replace(generation, page),
            lambda error: self._failed(generation, error),
        )

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's own signature
        return not parent.isValid() and self._more and not self._loading

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008 - Qt's own signature
        if not self.canFetchMore(parent):
            return
        generation, query, offset = self._generation, self.query, len(self.rows)
        self._loading = True
        self.tasks.read(
            lambda s: read_page(s, query, offset, PAGE, False),
            lambda page: self._append(generation, page),
            lambda error: self._failed(generation, error),
        )

    def _replace(self, generation: int, page: Page) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self.rows = list(page.rows)
        self.marks = dict(page.marks)
        self._ids = {r.id for r in self.rows}
        self.total = page.total if page.total is not None else len(self.rows)
        self._more = page.full
        self._loading = False
        self.endResetModel()
        self.loaded.emit()

    def _append(self, generation: int, page: Page) -> None:
        if generation != self._generation or page.offset != len(self.rows):
            return
        self._loading = False
        self._more = page.full
        if page.rows:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page.rows) - 1)
            self.rows.extend(page.rows)
            self.marks.update(page.marks)
            self._ids.update(r.id for r in page.rows)
            self.endInsertRows()

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._more = False
        self.failed.emit(failure_message(error))

    # --- showing ------------------------------------------------------------------------------------------------

    def _parent_shown(self, parent_id: uuid.UUID) -> bool:
        return parent_id in self._ids

    def row_at(self, row: int) -> ProductRow:
        return self.rows[row]

    def row_of(self, product_id: uuid.UUID) -> int | None:
        for n, row in enumerate(self.rows):
            if row.id == product_id:
                return n
        return None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else self.COLUMNS

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column >= self.PRICE else _LEFT
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.ON_HAND and row.on_hand_milli < 0:
                return QColor(NEGATIVE)
            if column == self.ON_HAND and row.is_low:
                return QColor(LOW)
            if column in (self.SKU, self.CATEGORY, self.LOW_LEVEL):
                return QColor(FAINT)
        if role == Qt.ItemDataRole.FontRole and column == self.ON_HAND and (row.on_hand_milli < 0 or row.is_low):
            return self._bold
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def _text(self, row: ProductRow, column: int) -> str:
        mark = self.marks.get(row.id)
        if column == self.NAME:
            if mark is not None and mark.parent_id is not None and self._parent_shown(mark.parent_id):
                return f"      ↳ {mark.label}"
            if mark is not None and mark.parent_id is None:
                count = ngettext("{n} variant", "{n} variants", mark.variants).format(n=mark.variants)
                return f"{row.name} · {count}"
            return row.name
        if column == self.ON_HAND and mark is not None and mark.parent_id is None:
            return qty_with_unit(mark.on_hand_milli, row.unit)
        if column == self.SKU:
            return row.sku or ""
        if column == self.CATEGORY:
            return row.category or ""
        if column == self.PRICE:
            return fmt.rupiah(row.price)
        if column == self.COST:
            return fmt.rupiah(row.cost)
        if column == self.ON_HAND:
            return qty_with_unit(row.on_hand_milli, row.unit)
        return qty_with_unit(row.low_stock_milli, row.unit) if row.low_stock_milli else "–"

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (_("Name"), _("SKU"), _("Category"), _("Price"), _("Cost"), _("On hand"), _("Low-stock level"))[
                section
            ]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if section >= self.PRICE else _LEFT
        return None
