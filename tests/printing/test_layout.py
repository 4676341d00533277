"""Slips built from real sales and laid out for 32, 42 and 48 columns, compared with golden text files.

The golden files were written by the code and checked by eye; set LACI_UPDATE_GOLDEN=1 to write them again
after a deliberate change (and read the diff before keeping it). They are in English, whose wording does not
move as the Indonesian catalogue grows.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from printing_support import (
    AQUA_CARTON,
    INDOMIE,
    MINYAK,
    TEH,
    kasbon_customer,
    morning_sale,
    ring,
    warung,
)
from shop_support import AT, Counter

from pos import i18n
from pos.ledger.base.db import Database
from pos.ledger.base.money import Money, Qty
from pos.ledger.counter.cart import Cart, line_for_scan
from pos.ledger.counter.payments import Payment
from pos.ledger.counter.shifts import close_shift
from pos.ledger.prices import loyalty, tiers
from pos.ledger.prices.promotions import PromotionInfo, save_promotion
from pos.ledger.prices.terms import BuyGet
from pos.ledger.prices.vouchers import VoucherInfo, save_voucher
from pos.ledger.selling.returns import return_items, void_sale
from pos.ledger.shop import settings as shop_settings
from pos.ledger.shop.choices import PRINTER_WIDTHS
from pos.ledger.slips import receipts, slip_types
from pos.ledger.stock.barcodes import DEFAULT_FORMATS
from pos.ledger.stock.product_records import find_by_barcode
from pos.printing.layout import as_text, lines_for
from pos.printing.sheet import Line
from pos.printing.text import is_printable

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("LACI_UPDATE_GOLDEN") == "1"


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="ascii")
    assert path.exists(), f"no golden file {name}: run with LACI_UPDATE_GOLDEN=1, then read it"
    assert text == path.read_text(encoding="ascii")


def fits(lines: list[Line], columns: int) -> None:
    for line in lines:
        width = 2 * len(line.text) if line.double_width else len(line.text)
        assert width <= columns, (columns, line)
        assert is_printable(line.text), line


def receipt_of(db: Database, sale_id: object, **kw: bool) -> slip_types.Receipt:
    with db.read() as s:
        return receipts.receipt_for_sale(s, sale_id, **kw)  # type: ignore[arg-type]


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("columns", PRINTER_WIDTHS)
def test_morning_receipt(shop: Counter, columns: int) -> None:
    receipt = receipt_of(shop.db, morning_sale(shop).sale_id)
    lines = lines_for(receipt, columns)
    fits(lines, columns)
    golden(f"receipt-{columns}.txt", as_text(lines, columns))


def test_the_receipt_says_what_the_books_say(shop: Counter) -> None:
    sale = morning_sale(shop)
    receipt = receipt_of(shop.db, sale.sale_id)
    assert receipt.number == sale.receipt_no == "A-20261122-0001"
    assert receipt.at == dt.datetime(2026, 11, 22, 9, 0, tzinfo=receipt.at.tzinfo)  # 02.00 UTC is 09.00 WIB
    assert receipt.cashier == "Dewi" and receipt.customer == ""
    gula = receipt.lines[0]
    assert (gula.qty_milli, gula.unit, gula.is_weighed, gula.total) == (750, "kg", True, 12_000)
    assert receipt.lines[1].discount == 1_750
    assert receipt.subtotal - receipt.cart_discount + receipt.rounding == receipt.total == sale.total == 68_700
    assert receipt.total_discount == 3_750
    assert [(p.method, p.amount, p.tendered) for p in receipt.payments] == [
        ("cash", 28_700, 50_000),
        ("qris", 40_000, 40_000),
    ]
    assert receipt.change == 21_300 and receipt.kasbon_balance is None
    assert receipt.qris_amount == 40_000
    assert receipt.qris_payload is not None and "540540000" in receipt.qris_payload  # tag 54, 5 digits: 40000


def test_the_receipt_is_in_the_shops_language_with_rupiah_as_in_indonesia(shop: Counter) -> None:
    text = as_text(lines_for(receipt_of(shop.db, morning_sale(shop).sale_id), 32), 32)
    assert "Tunai" in text and "Rp 68.700" in text and "0,75 kg x 16.000" in text
    i18n.set_language("en")
    assert "Cash" in as_text(lines_for(receipt_of(shop.db, morning_sale(shop).sale_id), 32), 32)


@pytest.mark.usefixtures("english")
def test_kasbon_receipt_with_ppn_included(db: Database) -> None:
    counter = warung(db, ppn_mode="inclusive")
    budi = kasbon_customer(db)
    with db.read() as s:
        cart = Cart(customer_id=budi)
        cart.add(line_for_scan(s, AQUA_CARTON, DEFAULT_FORMATS))
        cart.add(line_for_scan(s, MINYAK, DEFAULT_FORMATS, Qty.units(2)))
    payments = [Payment("ewallet", Money(50_000), provider="GoPay"), Payment("kasbon", Money(98_000))]
    sale = ring(db, counter.cashier, cart, payments)
    receipt = receipt_of(db, sale.sale_id)
    assert receipt.customer == "Pak Budi" and receipt.kasbon_balance == 98_000
    assert receipt.ppn > 0 and receipt.dpp > 0 and receipt.qris_payload is None
    lines = lines_for(receipt, 42)
    fits(lines, 42)
    golden("receipt-42-kasbon-ppn.txt", as_text(lines, 42))


def test_a_reprint_shows_the_kasbon_balance_of_its_day(db: Database) -> None:
    counter = warung(db)
    budi = kasbon_customer(db)
    for hour in (0, 1):
        with db.read() as s:
            cart = Cart(customer_id=budi)
            cart.add(line_for_scan(s, TEH, DEFAULT_FORMATS))
        ring(db, counter.cashier, cart, [Payment("kasbon", Money(5_000))], AT + dt.timedelta(hours=hour))
    with db.read() as s:
        first = receipts.find_receipt(s, "a-20261122-0001")
    assert receipt_of(db, first, is_copy=True).kasbon_balance == 5_000


@pytest.mark.usefixtures("english")
def test_copy_of_a_receipt_with_ppn_added(db: Database) -> None:
    counter = warung(db, ppn_mode="exclusive")
    with db.read() as s:
        cart = Cart()
        cart.add(line_for_scan(s, TEH, DEFAULT_FORMATS, Qty.units(4)))
    sale = ring(db, counter.cashier, cart, [Payment("transfer", Money(22_200), provider="BCA")])
    lines = lines_for(receipt_of(db, sale.sale_id, is_copy=True), 32)
    fits(lines, 32)
    golden("receipt-32-ppn-added-copy.txt", as_text(lines, 32))


@pytest.mark.usefixtures("english")
def test_a_voided_sale_says_so(shop: Counter) -> None:
    sale = morning_sale(shop)
    with shop.db.write() as s:
        void_sale(s, shop.owner, sale.receipt_no, reason="Salah input", at=AT + dt.timedelta(minutes=5))
    text = as_text(lines_for(receipt_of(shop.db, sale.sale_id, is_copy=True), 32), 32)
    assert "*** COPY ***" in text and "*** VOIDED ***" in text


@pytest.mark.usefixtures("english")
def test_refund_slip(shop: Counter) -> None:
    sale = morning_sale(shop)
    with shop.db.write() as s:
        result = return_items(
            s, shop.owner, sale.receipt_no, [(2, Qty.units(2))], reason="Kemasan sobek", at=AT + dt.timedelta(hours=1)
        )
    with shop.db.read() as s:
        slip = receipts.slip_for_return(s, result.return_id)
    # Two of five noodles: two fifths of the line after its own and its share of the cart discount.
    assert slip.amount == result.amount == sum(x.amount for x in slip.lines) == 6_122
    lines = lines_for(slip, 32)
    fits(lines, 32)
    golden("refund-32.txt", as_text(lines, 32))


@pytest.mark.usefixtures("english")
def test_shift_close_and_x_report(shop: Counter) -> None:
    morning_sale(shop)
    with shop.db.read() as s:
        x = receipts.slip_for_x_report(s, at=AT + dt.timedelta(hours=3))
    fits(lines_for(x, 42), 42)
    golden("x-report-42.txt", as_text(lines_for(x, 42), 42))
    with shop.db.write() as s:
        shift_id = close_shift(
            s, shop.cashier, {100_000: 2, 20_000: 1, 5_000: 1, 2_000: 1, 200: 3}, at=AT + dt.timedelta(hours=8)
        ).report.shift_id
    with shop.db.read() as s:
        z = receipts.slip_for_shift_close(s, __import__("uuid").UUID(shift_id))
    assert (z.figures.expected_cash, z.counted, z.difference) == (228_700, 227_600, -1_100)
    fits(lines_for(z, 32), 32)
    golden("shift-close-32.txt", as_text(lines_for(z, 32), 32))


@pytest.mark.usefixtures("english")
def test_kasbon_payment_and_test_slips(shop: Counter) -> None:
    with shop.db.read() as s:
        header = receipts.shop_header(s)
    payment = receipts.slip_for_payload(
        "kasbon_payment",
        {"customer": "Pak Budi", "amount": 50_000, "method": "cash", "balance": 48_000, "at": AT.isoformat()},
        shop=header,
    )
    golden("kasbon-payment-32.txt", as_text(lines_for(payment, 32), 32))
    test = receipts.slip_for_payload("test", {"at": AT.isoformat(), "printer": "tcp://192.168.1.50:9100"}, shop=header)
    for columns in PRINTER_WIDTHS:
        fits(lines_for(test, columns), columns)
    golden("test-48.txt", as_text(lines_for(test, 48), 48))


def test_a_payload_slip_missing_a_field_is_refused_readably() -> None:
    with pytest.raises(Exception) as refused:
        receipts.slip_for_payload("kasbon_payment", {"customer": "Pak Budi", "amount": "lima puluh"})
    i18n.set_language("en")
    assert str(refused.value) == "The slip cannot be printed: its 'amount' is missing or wrong."


@settings(max_examples=150, deadline=None)
@given(
    name=st.text(min_size=1, max_size=90),
    header=st.text(max_size=120),
    columns=st.sampled_from(PRINTER_WIDTHS),
    qty=st.integers(1, 99_999_999),
    price=st.integers(0, 9_999_999_999),
)
def test_any_name_and_any_amount_fit_the_paper(name: str, header: str, columns: int, qty: int, price: int) -> None:
    shop = slip_types.ShopHeader(name, header=header, footer=name)
    line = slip_types.ReceiptLine(name, qty, 1000, "kg", True, price, price * qty // 1000, 0, price * qty // 1000)
    receipt = slip_types.Receipt(
        shop, "A-1", AT, name, name, (line,), line.total, 0, 0, "none", 0, 0, 0, line.total, (), 0, None, 0, None
    )
    fits(lines_for(receipt, columns), columns)


def test_amounts_end_in_the_last_column(shop: Counter) -> None:
    lines = lines_for(receipt_of(shop.db, morning_sale(shop).sale_id), 42)
    amounts = [x.text for x in lines if x.text[-1:].isdigit() and x.align == "left" and ": " not in x.text]
    assert len(amounts) >= 10 and all(len(x) == 42 for x in amounts)


def test_a_long_price_line_wraps_its_label_above_the_amount(shop: Counter) -> None:
    with shop.db.write() as s:
        shop_settings.put(s, "receipt.footer", "")
    with shop.db.read() as s:
        cart = Cart()
        cart.add(line_for_scan(s, INDOMIE, DEFAULT_FORMATS, Qty.units(1)))
    sale = ring(shop.db, shop.cashier, cart, [Payment("cash", Money(3_500))])
    lines = lines_for(receipt_of(shop.db, sale.sale_id), 32)
    texts = [x.text for x in lines]
    i = texts.index("Indomie Goreng Rasa Ayam Bawang")
    assert texts[i + 1] == "Spesial" + "3.500".rjust(25)


@pytest.mark.usefixtures("english")
def test_a_receipt_names_each_price_effect_and_the_points(db: Database) -> None:
    """A grosir price, buy 2 get 1 with the free tea on its own line at Rp 0, a voucher and points redeemed: each
    named with what it saved, the cashier's own discounts apart, and the customer's points after the sale."""
    counter = warung(db)
    budi = kasbon_customer(db)
    with db.write() as s:
        indomie = find_by_barcode(s, INDOMIE)
        teh = find_by_barcode(s, TEH)
        assert indomie is not None and teh is not None
        tiers.set_tiers(s, indomie.product.id, 1000, [(10_000, 3_200)])
        save_promotion(s, PromotionInfo(None, "Teh 2+1", BuyGet(teh.product.id, 2, teh.product.id, 1)))
        save_voucher(s, VoucherInfo("HEMAT2", amount=2_000))
        loyalty.save_points_rule(s, loyalty.PointsRule(earn_per=1_000, value=100))
    first = Cart(customer_id=budi)
    with db.read() as s:
        first.add(line_for_scan(s, MINYAK, DEFAULT_FORMATS))
    ring(db, counter.cashier, first, [Payment("cash", Money(38_000))])
    with db.read() as s:
        cart = Cart(customer_id=budi)
        cart.add(line_for_scan(s, INDOMIE, DEFAULT_FORMATS, Qty.units(10)))
        cart.add(line_for_scan(s, TEH, DEFAULT_FORMATS, Qty.units(3)))
    cart.set_voucher("HEMAT2")
    cart.set_points(20)
    sale = ring(db, counter.cashier, cart, [Payment("cash", Money(50_000))])
    receipt = receipt_of(db, sale.sale_id)
    assert receipt.points == slip_types.ReceiptPoints(earned=38, redeemed=20, balance=56)
    lines = lines_for(receipt, 42)
    fits(lines, 42)
    golden("receipt-42-prices.txt", as_text(lines, 42))


def test_a_slip_of_a_kind_the_layout_does_not_know_is_refused_rather_than_printed_as_a_printer_test() -> None:
    # A new kind of slip left out of `lines_for` must fail loudly: printing it as a printer test would hand the
    # customer a ruler instead of their receipt.
    unknown = slip_types.ReceiptPoints(earned=0, redeemed=0, balance=0)
    with pytest.raises(AssertionError):
        lines_for(unknown, 32)  # type: ignore[arg-type]
