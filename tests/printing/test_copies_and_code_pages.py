"""Copies never carry a payable QRIS; the original's comes from the static QRIS kept with the sale. Text prints in
the Latin code page the printer's profile has, ASCII when the shop keeps it plain. One print-mode command per
size change; a number and its unit never split over two lines."""

from __future__ import annotations

import datetime as dt

import pytest
from escpos.printer import Dummy
from printing_support import STATIC_QRIS, _obj, morning_sale, warung
from shop_support import AT, Counter

from pos.ledger.base.db import Database
from pos.ledger.base.money import Money
from pos.ledger.counter import print_queue
from pos.ledger.counter.qris import crc_text, parse_tlv
from pos.ledger.shop import settings as shop_settings
from pos.ledger.slips import receipts
from pos.ledger.stock.product_records import add_product
from pos.printing.codepages import codepage_for
from pos.printing.escpos_out import print_lines
from pos.printing.layout import as_text, lines_for
from pos.printing.printers import PreviewPrinter, open_printer
from pos.printing.queue_worker import print_pending
from pos.printing.sheet import Line


def other_static_qris() -> str:
    """Another merchant's static QRIS: the shop changed bank after the sale."""
    body = STATIC_QRIS[: STATIC_QRIS.index("5913")] + _obj("59", "TOKO BARU") + _obj("60", "SLEMAN") + "6304"
    return body + crc_text(body)


@pytest.mark.usefixtures("english")
def test_a_copy_shows_the_qris_payment_as_made_and_no_code(shop: Counter) -> None:
    sale = morning_sale(shop)
    with shop.db.read() as s:
        original = receipts.receipt_for_sale(s, sale.sale_id)
        copy = receipts.receipt_for_sale(s, sale.sale_id, is_copy=True)
    assert original.qris_payload is not None
    assert copy.qris_payload is None and copy.qris_amount == 40_000
    text = as_text(lines_for(copy, 32), 32)
    assert "*** COPY ***" in text and "QRIS Rp 40.000 paid" in text and "[QR" not in text
    assert not any(line.qr for line in lines_for(copy, 32))


def test_the_original_is_made_from_the_static_qris_of_the_sale_not_todays(shop: Counter) -> None:
    sale = morning_sale(shop)
    with shop.db.write() as s:
        shop_settings.put(s, "qris.static_payload", other_static_qris())  # changed before the slip printed
    with shop.db.read() as s:
        original = receipts.receipt_for_sale(s, sale.sale_id)
    assert original.qris_payload is not None
    fields = {f.tag: f.value for f in parse_tlv(original.qris_payload)}
    assert fields["59"] == "WARUNG BU SRI" and fields["54"] == "40000" and fields["01"] == "12"


def test_a_sale_paid_in_cash_keeps_no_qris(shop: Counter) -> None:
    from printing_support import morning_cart, ring

    from pos.ledger.counter.payments import Payment
    from pos.ledger.schema import SaleQris

    sale = ring(shop.db, shop.cashier, morning_cart(shop.db), [Payment("cash", Money(70_000))])
    with shop.db.read() as s:
        assert s.get(SaleQris, sale.sale_id) is None
        assert receipts.receipt_for_sale(s, sale.sale_id).qris_payload is None


def test_a_reprint_from_the_queue_carries_no_code(db: Database) -> None:
    counter = warung(db, printer_uri="preview:")
    sale = morning_sale(counter)
    with db.write() as s:
        print_queue.reprint(s, "receipt", sale.sale_id, AT + dt.timedelta(hours=1))
    printer = PreviewPrinter()
    print_pending(db, lambda: printer, at=AT + dt.timedelta(hours=2))
    original, copy = [slip for slip in printer.slips if slip.lines]
    assert any(line.qr for line in original.lines) and not any(line.qr for line in copy.lines)


@pytest.mark.parametrize(
    ("profile", "codepage"),
    [
        ("TM-T20II", "cp1252"),
        ("TM-T88III", "cp1252"),
        ("POS-5890", "cp1252"),
        ("simple", "cp437"),
        ("default", "cp1252"),
    ],
)
def test_the_code_page_comes_from_the_printers_profile(profile: str, codepage: str) -> None:
    assert codepage_for(profile) == codepage
    assert codepage_for(profile, "ascii") == "ascii"


def test_latin_letters_print_where_the_printer_has_them(shop: Counter) -> None:
    with shop.db.write() as s:
        add_product(s, "Café Crème Brûlée", Money(25_000))
    printer = open_printer("file:/dev/null", profile="TM-T20II")
    assert printer.codepage == "cp1252"  # type: ignore[attr-defined]
    dummy = Dummy(profile="TM-T20II")
    print_lines(dummy, [Line("Café Crème Brûlée “Bu Sri”")], open_drawer=False, codepage="cp1252")
    out = dummy.output
    assert b"\x1bt\x10" in out  # ESC t 16: WPC1252, the number TM-T20II's profile gives it
    assert "Café Crème Brûlée “Bu Sri”".encode("cp1252") in out
    plain = Dummy(profile="TM-T20II")
    print_lines(plain, [Line("Café")], open_drawer=False)  # the shop kept ASCII
    assert b"Cafe" in plain.output and b"\x1bt\x10" not in plain.output


def test_a_slip_in_plain_ascii_selects_no_code_page() -> None:
    dummy = Dummy(profile="TM-T20II")
    print_lines(dummy, [Line("Teh manis")], open_drawer=True, codepage="cp1252")
    assert dummy.output == b"\x1b@\x1bp\x00\x32\x32\x1b!\x00\x1bE\x00\x1ba\x00\x1bt\x00Teh manis\n"


def test_one_print_mode_command_per_size_change() -> None:
    """python-escpos's own set() sends ESC ! 0 three times for every change of style."""
    dummy = Dummy()
    lines = [Line("a"), Line("b", bold=True), Line("TOTAL", double_height=True), Line("c"), Line("d", align="right")]
    print_lines(dummy, lines, open_drawer=False)
    out = dummy.output
    assert out.count(b"\x1b!") == 3  # normal, tall, normal again
    assert out.count(b"\x1b!\x00\x1b!\x00") == 0


@pytest.mark.usefixtures("english")
def test_a_number_and_its_unit_stay_together(db: Database) -> None:
    from printing_support import ring

    from pos.ledger.counter.cart import Cart, line_for_scan
    from pos.ledger.counter.payments import Payment
    from pos.ledger.stock.barcodes import DEFAULT_FORMATS
    from pos.ledger.stock.product_records import BarcodeSpec

    counter = warung(db)
    with db.write() as s:
        add_product(s, "Susu UHT Full Cream Coklat 780 ml", Money(21_000), barcodes=[BarcodeSpec("8991000000999")])
    with db.read() as s:
        cart = Cart()
        cart.add(line_for_scan(s, "8991000000999", DEFAULT_FORMATS))
    sale = ring(db, counter.cashier, cart, [Payment("cash", Money(21_000))])
    with db.read() as s:
        text = as_text(lines_for(receipts.receipt_for_sale(s, sale.sale_id), 32), 32)
    assert "780 ml" in text.replace("\n", "|")
    assert "780|ml" not in text.replace("\n", "|") and "780\nml" not in text
