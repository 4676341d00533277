"""A sale's add-ons and note on paper: under the line on the receipt, and in full on the order ticket the bar
makes it from, which the queue prints after the receipt when the shop has turned it on."""

from __future__ import annotations

import datetime as dt

from printing_support import TEH, warung
from shop_support import AT

from pos.ledger.base.db import Database
from pos.ledger.base.money import Money
from pos.ledger.counter.cart import Cart, line_for_scan
from pos.ledger.counter.line_choices import with_choices
from pos.ledger.counter.payments import Payment
from pos.ledger.selling.sales import ring_up
from pos.ledger.shop import settings
from pos.ledger.shop.choices import PRINTER_WIDTHS
from pos.ledger.slips.tickets import ticket_for_sale
from pos.ledger.stock import modifiers
from pos.ledger.stock.barcodes import DEFAULT_FORMATS
from pos.ledger.stock.modifiers import ChoiceSpec, choose, groups_for
from pos.printing.layout import as_text, lines_for
from pos.printing.printers import PreviewPrinter
from pos.printing.queue_worker import print_pending
from pos.printing.text import is_printable

SOON = AT + dt.timedelta(seconds=5)


def test_the_add_ons_print_on_the_receipt_and_the_ticket(db: Database) -> None:
    counter = warung(db, printer_uri="preview:")
    with db.write() as s:
        settings.put(s, "ticket.auto_print", True)
        sugar = modifiers.save_group(
            s, counter.owner, "Gula", [ChoiceSpec("Normal"), ChoiceSpec("Sedikit gula")], min_choices=1
        )
        ice = modifiers.save_group(s, counter.owner, "Tambahan", [ChoiceSpec("Es batu", 1_000)])
        line = line_for_scan(s, TEH, DEFAULT_FORMATS)
        modifiers.offer_groups(s, counter.owner, line.product_id, [sugar, ice])
        groups = groups_for(s, line.product_id)
        picked = [c.id for g in groups for c in g.choices if c.name in ("Sedikit gula", "Es batu")]
        cart = Cart([with_choices(line, choose(groups, picked, "tanpa sedotan"))])
        sale = ring_up(s, counter.cashier, cart, [Payment("cash", Money(10_000))], at=AT)
    printer = PreviewPrinter()
    run = print_pending(db, lambda: printer, at=SOON)
    assert run.ok and len(run.printed) == 3  # the drawer kick, the receipt, the ticket
    paper = printer.text()
    receipt, ticket = paper[: paper.index("T I K E T")], paper[paper.index("T I K E T") :]
    assert "Rp 6.000" in receipt  # the tea and the priced ice
    for note in ("Sedikit gula", "Es batu +1.000", "tanpa sedotan"):
        assert note in receipt and note in ticket
    assert sale.receipt_no in ticket and "Teh Botol Sosro 450ml" in ticket and "Rp" not in ticket
    with db.read() as s:
        slip = ticket_for_sale(s, sale.sale_id)
    for columns in PRINTER_WIDTHS:
        lines = lines_for(slip, columns)
        assert all(len(x.text) * (2 if x.double_width else 1) <= columns and is_printable(x.text) for x in lines)
        assert "1 x Teh Botol" in as_text(lines, columns)
