"""Importing products from a CSV or XLSX price list (the shared spreadsheet import, for products).

The import is the core's `spreadsheet.import_products`, run on the database worker in one transaction; rows that
change a product the shop has are booked in the name of the owner who works here. Once it is in, the screens that
show products and prices read again.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from pos.i18n import _
from pos.ledger.books.approvals import Actor
from pos.ledger.spreadsheet.spreadsheet import PRODUCT_COLUMNS, ImportResult, import_products
from pos.ui.changes import Change
from pos.ui.sheet_import import SheetImportDialog
from pos.ui.tasks import TaskManager


def write_import(
    session: Session, actor: Actor, path: Path, columns: dict[str, str] | None = None, sku_barcodes: bool = False
) -> ImportResult:
    return import_products(session, path, actor=actor, columns=columns, sku_barcodes=sku_barcodes)


class ImportDialog(SheetImportDialog):
    """The product import; `imported` carries the `ImportResult` once a file went in."""

    def __init__(self, tasks: TaskManager, actor: Actor, parent: QWidget | None = None) -> None:
        self.actor = actor
        explain = _(
            "A CSV or XLSX file with a header row. Columns: {columns}. Only nama and harga_jual are needed; "
            "rows for products the shop has update them. One bad row and nothing is imported."
        ).format(columns=", ".join(PRODUCT_COLUMNS))
        super().__init__(
            tasks,
            "products",
            lambda session, path, columns, sku: write_import(session, actor, path, columns, sku),
            _("Import products"),
            explain,
            parent,
            changes={Change.PRODUCTS, Change.PRICES},
        )
