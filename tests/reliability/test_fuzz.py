"""Bad input, fuzzed: whatever a person types or a machine sends ends in a clear error or a result, never a crash,
and writes nothing."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from pos.ledger.base.errors import LedgerError
from pos.ledger.base.money import Money, Qty
from pos.ledger.counter.qris import make_dynamic, parse_payload
from pos.ledger.stock.barcodes import DEFAULT_FORMATS, parse_scan
from pos.printing.addresses import parse_address

TEXT = st.text(max_size=80) | st.from_regex(r"[0-9 .,*Rp-]{0,20}", fullmatch=True)
FAST = settings(max_examples=300, deadline=None)


def refuses_cleanly(call, value) -> None:  # type: ignore[no-untyped-def]
    try:
        call(value)
    except LedgerError as err:
        assert str(err).strip(), "an error must say something"


@FAST
@given(TEXT)
def test_money_and_quantities(value: str) -> None:
    refuses_cleanly(Money.parse, value)
    refuses_cleanly(Qty.parse, value)


@FAST
@given(TEXT | st.from_regex(r"2[0-9]{12}", fullmatch=True) | st.from_regex(r"899[0-9]{10}", fullmatch=True))
def test_scans(value: str) -> None:
    refuses_cleanly(lambda v: parse_scan(v, DEFAULT_FORMATS), value)


@FAST
@given(TEXT | st.from_regex(r"000201[0-9A-Z.]{0,120}", fullmatch=True), st.integers(-10, 10**14))
def test_qris_payloads(value: str, amount: int) -> None:
    refuses_cleanly(parse_payload, value)
    refuses_cleanly(lambda v: make_dynamic(v, Money(amount)), value)


@FAST
@given(TEXT | st.from_regex(r"(tcp|usb|serial|file|cups|win32|preview)[:/]{0,3}[\w.:?=&/]{0,30}", fullmatch=True))
def test_printer_addresses(value: str) -> None:
    refuses_cleanly(parse_address, value)


cells = st.one_of(st.none(), st.text(max_size=20), st.integers(-(10**9), 10**12), st.from_regex(r"Rp ?[0-9.]{1,12}"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(cells, min_size=0, max_size=10), min_size=0, max_size=8), st.booleans())
def test_product_spreadsheets(template_db: Path, tmp_path_factory: pytest.TempPathFactory, rows, header) -> None:  # type: ignore[no-untyped-def]
    from shop_support import set_up_counter
    from tests_support import copy_template

    from pos.ledger.spreadsheet import spreadsheet

    db = copy_template(template_db, tmp_path_factory)
    counter = set_up_counter(db, products=1)
    folder = tmp_path_factory.mktemp("sheet")
    path = folder / "barang.csv"
    buf = io.StringIO()
    writer = csv.writer(buf)
    if header:
        writer.writerow(["nama", "barcode", "harga_jual", "harga_modal", "satuan"])
    for row in rows:
        writer.writerow(["" if c is None else c for c in row])
    path.write_text(buf.getvalue(), encoding="utf-8")
    with db.read() as s:
        before = s.execute(text("SELECT COUNT(*) FROM products")).scalar_one()
    try:
        with db.write() as s:
            spreadsheet.import_products(s, path, actor=counter.owner)
    except LedgerError as err:
        assert str(err).strip()
        with db.read() as s:
            assert s.execute(text("SELECT COUNT(*) FROM products")).scalar_one() == before  # all or nothing
    finally:
        db.dispose()
