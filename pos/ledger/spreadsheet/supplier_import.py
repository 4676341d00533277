"""Suppliers from the spreadsheet a shop keeps (CSV or XLSX), checked whole before any write, like products and
customers: `nama, telepon, alamat`, with any header in `sheet_headers.SUPPLIER_ALIASES`.

A row is an existing supplier when the names agree (ignoring case and spacing); its phone and address are then
updated, blank cells keeping them. What the shop owes each supplier today (`utang`, with `jatuh_tempo`) is left to
the opening balances (`opening_sheets`).
"""

from __future__ import annotations

import uuid

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import utc_now
from pos.ledger.replication.changes import record_change
from pos.ledger.schema import Supplier
from pos.ledger.schema.backoffice import SUPPLIER_NAME_LENGTH
from pos.ledger.spreadsheet.sheet_cells import limited_text, phone_cell
from pos.ledger.spreadsheet.sheet_headers import SUPPLIER_ALIASES
from pos.ledger.spreadsheet.spreadsheet import (
    Columns,
    ImportResult,
    RowProblem,
    RowReader,
    SheetRejected,
    SheetSource,
    data_rows,
    find_layout,
    load_sheet,
    opening_labels,
)
from pos.ledger.stock.purchases import add_supplier

SUPPLIER_COLUMNS = ("nama", "telepon", "alamat", "utang", "jatuh_tempo")
_MAX_ADDRESS = 200


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def import_suppliers(session: Session, path: SheetSource, *, columns: Columns | None = None) -> ImportResult:
    """Add and update suppliers from a spreadsheet, all or nothing; raises `SheetRejected` listing bad rows."""
    sheet = load_sheet(path)
    layout = find_layout(sheet, SUPPLIER_ALIASES, ("nama",), columns)
    existing: dict[str, tuple[uuid.UUID, str, str]] = {}
    for r in session.execute(select(Supplier.id, Supplier.name, Supplier.phone, Supplier.address)):
        existing.setdefault(_key(r.name), (r.id, r.phone, r.address))
    problems: list[RowProblem] = []
    notes: list[RowProblem] = []
    rows: list[tuple[int, str, str | None, str | None]] = []
    first: dict[str, int] = {}
    for number, values in data_rows(sheet, layout, notes):
        reader = RowReader(layout, number, values, problems, notes)
        name = reader.get("nama", lambda v: limited_text(v, SUPPLIER_NAME_LENGTH))
        if name is None and reader.ok:
            reader.problem("nama", N_("The name is missing."))
        phone = reader.get("telepon", phone_cell)
        address = reader.get("alamat", lambda v: limited_text(v, _MAX_ADDRESS))
        if name is not None:
            other = first.setdefault(_key(name), number)
            if other != number:
                reader.problem("nama", N_("{name} is also on row {other}."), name=name, other=other)
        if reader.ok and name is not None:
            rows.append((number, name, phone, address))
    if problems:
        raise SheetRejected(problems)
    created = updated = unchanged = 0
    row_ids: dict[int, uuid.UUID] = {}
    now = utc_now()
    for number, name, phone, address in rows:
        found = existing.get(_key(name))
        if found is None:
            row_ids[number] = add_supplier(session, name, phone=phone or "", address=address or "")
            created += 1
            continue
        sid, old_phone, old_address = found
        row_ids[number] = sid
        changes: dict[str, str] = {
            field: value.strip()
            for field, value, old in (("phone", phone, old_phone), ("address", address, old_address))
            if value is not None and value.strip() != old
        }
        if not changes:
            unchanged += 1
            continue
        session.execute(update(Supplier).where(Supplier.id == sid).values(**changes))
        record_change(session, "suppliers", sid, changes, now)
        updated += 1
    return ImportResult(created, updated, unchanged, layout.skipped, tuple(notes), row_ids, opening_labels(layout))
