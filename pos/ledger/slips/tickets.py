"""What a sale line chose, as the slips show it, and the order ticket the kitchen or the bar makes a sale from.

A priced add-on shows its price (`Extra shot +5.000`), a free one its name, the note as written; the ticket has no
prices at all. Printed only when the shop turns the ticket on (`ticket.auto_print`) and a printer is set.
"""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base import fmt
from pos.ledger.base.clock import local
from pos.ledger.base.errors import NotFound
from pos.ledger.schema import Customer, Product, Sale, SaleLine, SaleLineOption, User
from pos.ledger.shop import settings
from pos.ledger.slips.slip_types import OrderTicket, TicketLine


def line_notes(session: Session, sale_id: uuid.UUID) -> dict[int, tuple[str, ...]]:
    """The add-ons and note of each line of the sale that has any, by line number, in the order chosen."""
    notes: dict[int, list[str]] = defaultdict(list)
    for row in session.scalars(
        select(SaleLineOption)
        .where(SaleLineOption.sale_id == sale_id)
        .order_by(SaleLineOption.line_no, SaleLineOption.position)
    ):
        text = f"{row.name} +{fmt.number(row.price)}" if row.kind == "addon" and row.price else row.name
        notes[row.line_no].append(text)
    return {no: tuple(texts) for no, texts in notes.items()}


def ticket_for_sale(session: Session, sale_id: uuid.UUID, *, is_copy: bool = False) -> OrderTicket:
    sale = session.get(Sale, sale_id)
    if sale is None:
        raise NotFound(N_("Sale not found."))
    notes = line_notes(session, sale_id)
    sold = session.scalars(select(SaleLine).where(SaleLine.sale_id == sale_id).order_by(SaleLine.line_no)).all()
    units = {
        r.id: (r.unit, bool(r.is_weighed))
        for r in session.execute(
            select(Product.id, Product.unit, Product.is_weighed).where(Product.id.in_([x.product_id for x in sold]))
        )
    }
    lines = tuple(
        TicketLine(
            x.name,
            x.qty_milli,
            units.get(x.product_id, ("pcs", False))[0],
            units.get(x.product_id, ("pcs", False))[1],
            notes.get(x.line_no, ()),
        )
        for x in sold
    )
    cashier = session.get(User, sale.cashier_id) if sale.cashier_id else None
    customer = session.get(Customer, sale.customer_id) if sale.customer_id else None
    values = settings.load(session)
    return OrderTicket(
        shop=values.shop_name,
        number=sale.receipt_no,
        at=local(sale.created_at, values.timezone),
        cashier=cashier.name if cashier else "",
        customer=customer.name if customer else "",
        lines=lines,
        is_copy=is_copy,
    )
