"""The order ticket for the kitchen or the bar, as a pure function to lines: what to make for a sale, the
quantity first, each line's add-ons and note under it in full, and no prices."""

from __future__ import annotations

from pos.i18n import _
from pos.ledger.slips.slip_types import OrderTicket
from pos.printing.sheet import Line, add_flags, new_sheet, qty_text, when_text, wrap_text
from pos.printing.text import ASCII


def ticket_lines(ticket: OrderTicket, columns: int, *, codepage: str = ASCII) -> list[Line]:
    sheet = new_sheet(columns, codepage)
    if ticket.shop:
        sheet.centred(ticket.shop, bold=True)
    add_flags(sheet, is_copy=ticket.is_copy)
    sheet.centred(_("ORDER TICKET"), bold=True, big=True)
    sheet.rule()
    sheet.info(
        [
            (_("Receipt no."), ticket.number),
            (_("Date"), when_text(ticket.at)),
            (_("Cashier"), ticket.cashier),
            (_("Customer"), ticket.customer),
        ]
    )
    sheet.rule()
    for line in ticket.lines:
        # Whoever makes it counts first, then reads what goes in: the quantity leads, the choices hang under it.
        prefix = sheet.clean(f"{qty_text(line.qty_milli, 1000, line.unit, line.is_weighed)} x ")
        chunks = wrap_text(sheet.clean(line.name), sheet.columns - len(prefix))
        sheet.add(prefix + chunks[0], bold=True)
        for chunk in chunks[1:]:
            sheet.add(" " * len(prefix) + chunk, bold=True)
        for note in line.notes:
            sheet.wrapped(f"- {note}", indent=len(prefix))
    sheet.cut()
    return sheet.lines
