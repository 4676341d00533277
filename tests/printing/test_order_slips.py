"""An order's slips (to pack it, and to deliver it) and the receipts of channel sales: laid out for the paper,
sent through the print queue, and the bytes the printer gets."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path

import pytest
from escpos.printer import Dummy
from printing_support import INDOMIE, MINYAK, TEH, warung
from shop_support import AT, Counter

from pos.ledger.base.db import Database
from pos.ledger.base.money import Money, Qty
from pos.ledger.channels.channels import edit_channel, price_for_channel
from pos.ledger.counter.cart import Cart, line_for_scan
from pos.ledger.counter.payments import cash
from pos.ledger.people.customers import add_customer
from pos.ledger.selling.orders import complete_order, new_order, set_status
from pos.ledger.selling.sales import ring_up
from pos.ledger.shop.choices import PRINTER_WIDTHS
from pos.ledger.slips import receipts
from pos.ledger.slips.order_slips import order_slip, queue_slip
from pos.ledger.stock.barcodes import DEFAULT_FORMATS
from pos.printing.escpos_out import print_lines
from pos.printing.layout import as_text, lines_for
from pos.printing.printers import PreviewPrinter
from pos.printing.queue_worker import print_pending
from pos.printing.sheet import Line
from pos.printing.text import is_printable

CUT = b"\x1dV"
BOLD = b"\x1bE\x01"
TALL = b"\x1b!\x10"
SOON = AT + dt.timedelta(seconds=5)
GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("LACI_UPDATE_GOLDEN") == "1"


def golden(name: str, text: str) -> None:
    """The slip as the golden file has it (written by the code with LACI_UPDATE_GOLDEN=1, then read by eye)."""
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="ascii")
    assert path.exists(), f"no golden file {name}: run with LACI_UPDATE_GOLDEN=1, then read it"
    assert text == path.read_text(encoding="ascii")


def fits(lines: list[Line], columns: int) -> None:
    for line in lines:
        width = 2 * len(line.text) if line.double_width else len(line.text)
        assert width <= columns, (columns, line)
        assert is_printable(line.text), line


@pytest.fixture
def counter(db: Database) -> Counter:
    return warung(db, printer_uri="preview:")


def info(text: str, label: str) -> str:
    """The value of a `Label : value` row."""
    row = next(x for x in text.splitlines() if x.startswith(label) and ":" in x)
    return row.split(":", 1)[1].strip()


def amount(text: str, label: str) -> str:
    """The figure at the end of the row that starts with `label`."""
    row = next(x for x in text.splitlines() if x.startswith(label + " "))
    return row.removeprefix(label).strip()


def take_order(counter: Counter) -> uuid.UUID:
    """Bu Ani orders by WhatsApp: 2 oil, 5 noodles, 1 tea; ongkir Rp 8.000, Rp 50.000 paid ahead by transfer."""
    with counter.db.write() as s:
        ani = add_customer(s, "Bu Ani", phone="0812-1111-2222", address="Jl. Melati 7, RT 02/RW 05, Condongcatur")
        cart = Cart(customer_id=ani)
        cart.add(line_for_scan(s, MINYAK, DEFAULT_FORMATS, Qty.units(2)))
        cart.add(line_for_scan(s, INDOMIE, DEFAULT_FORMATS, Qty.units(5)))
        cart.add(line_for_scan(s, TEH, DEFAULT_FORMATS))
        order = new_order(
            s,
            counter.cashier,
            cart,
            delivery_fee=Money(8_000),
            note="Antar sebelum jam 5 sore",
            deposit=Money(50_000),
            deposit_method="transfer",
            at=AT,
        )
    return order.id


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(("kind", "columns"), [("order", 32), ("delivery", 32), ("delivery", 48)])
def test_order_and_delivery_slips(counter: Counter, kind: str, columns: int) -> None:
    order_id = take_order(counter)
    with counter.db.read() as s:
        slip = order_slip(s, order_id, kind)
    lines = lines_for(slip, columns)
    fits(lines, columns)
    golden(f"{kind}-slip-{columns}.txt", as_text(lines, columns))


def test_taking_and_sending_an_order_prints_both_slips_through_the_queue(counter: Counter) -> None:
    order_id = take_order(counter)
    with counter.db.write() as s:
        set_status(s, counter.cashier, order_id, "sent", at=AT)
    printer = PreviewPrinter()
    run = print_pending(counter.db, lambda: printer, at=SOON)
    assert run.ok and len(run.printed) == 2
    text = printer.text()
    assert text.index("P E S A N A N") < text.index("S U R A T   J A L A N")  # printed double width
    assert "DITAGIH" in text and "Rp 56.500" in text  # goods 98.500 and ongkir 8.000, less 50.000 paid ahead
    assert "Jl. Melati 7" in text and "Catatan: Antar sebelum jam 5" in text


def test_the_delivery_slip_in_escpos(counter: Counter) -> None:
    order_id = take_order(counter)
    with counter.db.read() as s:
        lines = lines_for(order_slip(s, order_id, "delivery"), 32)
    printer = Dummy()
    print_lines(printer, lines, open_drawer=False)
    out = printer.output
    assert b"SURAT JALAN" in out and b"Bu Ani" in out and b"0812-1111-2222" in out
    assert BOLD in out and TALL in out
    assert out.rindex(CUT) > out.index(b"Diterima oleh:") > out.index(b"Rp 56.500")


def test_a_copy_is_queued_by_hand_and_says_so(counter: Counter) -> None:
    order_id = take_order(counter)
    with counter.db.write() as s:
        queue_slip(s, order_id, "delivery", is_copy=True, at=AT)
        with pytest.raises(ValueError, match="invoice"):  # `laci order print --slip` offers only the slips there are
            queue_slip(s, order_id, "invoice")
    printer = PreviewPrinter()
    print_pending(counter.db, lambda: printer, at=SOON)
    first, copy = (as_text(slip.lines, 32) for slip in printer.slips)  # the order slip printed when it was taken
    assert "SALINAN" not in first and "P E S A N A N" in first
    assert "*** SALINAN ***" in copy and "S U R A T   J A L A N" in copy


@pytest.mark.usefixtures("english")
def test_the_receipt_of_a_delivered_order_shows_ongkir_the_channel_and_the_down_payment(counter: Counter) -> None:
    order_id = take_order(counter)
    with counter.db.write() as s:
        sale = complete_order(s, counter.cashier, order_id, [cash(60_000)], at=AT)
        text = as_text(lines_for(receipts.receipt_for_sale(s, sale.sale_id), 32), 32)
    assert info(text, "Channel") == "WhatsApp"
    assert amount(text, "Delivery fee") == "8.000"
    assert amount(text, "Down payment") == "50.000"
    assert amount(text, "Cash") == "60.000" and amount(text, "Change") == "3.500"
    assert amount(text, "TOTAL") == "Rp 106.500"


@pytest.mark.usefixtures("english")
def test_the_receipt_of_a_gofood_sale_names_gofood_as_the_payment(counter: Counter) -> None:
    with counter.db.write() as s:
        edit_channel(s, counter.owner, "gofood", commission_bp=2_000, markup_bp=2_000)
        cart = Cart()
        cart.add(line_for_scan(s, TEH, DEFAULT_FORMATS))
        sale = ring_up(s, counter.cashier, price_for_channel(s, cart, "gofood"), [], channel="gofood", at=AT)
        text = as_text(lines_for(receipts.receipt_for_sale(s, sale.sale_id), 32), 32)
    assert info(text, "Channel") == "GoFood"
    assert amount(text, "TOTAL") == "Rp 6.000" and amount(text, "GoFood") == "6.000"  # paid through GoFood
    assert "Change" not in text  # nothing was handed over, so there is no change to speak of
    # The buyer never came into the shop: the receipt thanks them for the order, not the visit.
    assert "Terima kasih atas pesanan Anda" in text and "kunjungan" not in text


def test_a_sale_in_the_shop_keeps_the_shops_own_footer(counter: Counter) -> None:
    with counter.db.write() as s:
        cart = Cart()
        cart.add(line_for_scan(s, TEH, DEFAULT_FORMATS))
        sale = ring_up(s, counter.cashier, cart, [cash(10_000)], at=AT)
        text = as_text(lines_for(receipts.receipt_for_sale(s, sale.sale_id), 32), 32)
    assert "Terima kasih atas kunjungan Anda" in text and "pesanan" not in text


def test_every_width_fits(counter: Counter) -> None:
    order_id = take_order(counter)
    with counter.db.read() as s:
        for kind in ("order", "delivery"):
            slip = order_slip(s, order_id, kind)
            for columns in PRINTER_WIDTHS:
                fits(lines_for(slip, columns), columns)


def test_the_x_report_shows_cash_down_payments_in_the_drawer(counter: Counter) -> None:
    with counter.db.write() as s:
        ani = add_customer(s, "Bu Ani", phone="0812-1111-2222")
        cart = Cart(customer_id=ani)
        cart.add(line_for_scan(s, TEH, DEFAULT_FORMATS))
        new_order(s, counter.cashier, cart, deposit=Money(5_000), at=AT)
        text = as_text(lines_for(receipts.slip_for_x_report(s, at=AT), 32), 32)
    assert amount(text, "Uang muka pesanan") == "5.000"
