"""An order's two slips for the receipt printer, as pure functions to lines: the order slip, to pack it by, and
the delivery slip, which goes with the goods: where to, what the rider collects, and a line for the signature.
"""

from __future__ import annotations

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.slips.slip_types import OrderSlip
from pos.printing.sheet import (
    Line,
    Sheet,
    add_flags,
    add_header,
    amount_text,
    item_text,
    minus_text,
    new_sheet,
    qty_text,
    when_text,
    wrap_text,
)
from pos.printing.text import ASCII


def _items(sheet: Sheet, slip: OrderSlip) -> None:
    for line in slip.lines:
        what = item_text(line.name, line.pack_milli, line.unit, line.is_weighed)
        how_many = qty_text(line.qty_milli, line.pack_milli, line.unit, line.is_weighed)
        # The quantity leads, the name hangs beside it: whoever packs or receives the goods counts them first.
        prefix = sheet.clean(f"{how_many} x ")
        chunks = wrap_text(sheet.clean(what), sheet.columns - len(prefix))
        sheet.add(prefix + chunks[0])
        for chunk in chunks[1:]:
            sheet.add(" " * len(prefix) + chunk)
        sheet.pair(f"@ {amount_text(line.unit_price)}", amount_text(line.total), indent=2)


def _money(sheet: Sheet, slip: OrderSlip) -> None:
    sheet.pair(_("Subtotal"), amount_text(slip.goods))
    if slip.delivery_fee:
        sheet.pair(_("Delivery fee"), amount_text(slip.delivery_fee))
    if slip.status == "done":
        _paid(sheet, slip)
        return
    sheet.pair(_("TOTAL"), fmt.rupiah(slip.total), bold=True)
    if slip.status == "cancelled":
        _cancelled(sheet, slip)
        return
    if slip.deposit:
        sheet.pair(_("Down payment"), minus_text(min(slip.deposit, slip.total)))
    if slip.to_collect:
        sheet.pair(_("TO COLLECT"), fmt.rupiah(slip.to_collect), bold=True, tall=True)
    else:
        sheet.centred(_("PAID IN FULL"), bold=True)


def _paid(sheet: Sheet, slip: OrderSlip) -> None:
    """A delivered order: what its sale charged and how it was paid."""
    if slip.billed != slip.total:
        sheet.pair(_("Rounding"), amount_text(slip.billed - slip.total))
    sheet.pair(_("TOTAL"), fmt.rupiah(slip.billed), bold=True)
    if slip.used:
        sheet.pair(_("Down payment"), minus_text(slip.used))
    if slip.collected:
        sheet.pair(_("Paid on delivery"), amount_text(slip.collected))
    if slip.kept:
        sheet.pair(_("Kept as credit"), amount_text(slip.kept))
    sheet.centred(_("PAID IN FULL"), bold=True)
    if slip.receipt_no:
        sheet.centred(_("Receipt {number}").format(number=slip.receipt_no))


def _cancelled(sheet: Sheet, slip: OrderSlip) -> None:
    """A cancelled order: nothing to collect; what became of its down payment."""
    if slip.taken:
        sheet.pair(_("Down payment"), amount_text(slip.taken))
    if slip.refunded:
        sheet.pair(_("Paid back"), amount_text(slip.refunded))
    if slip.kept:
        sheet.pair(_("Kept as credit"), amount_text(slip.kept))
    sheet.centred(_("CANCELLED"), bold=True)


def order_slip_lines(slip: OrderSlip, columns: int, *, codepage: str = ASCII) -> list[Line]:
    """The order slip or the delivery slip of an order."""
    sheet = new_sheet(columns, codepage)
    delivery = slip.kind == "delivery"
    if delivery:
        add_header(sheet, slip.shop)
    elif slip.shop.name:
        sheet.centred(slip.shop.name, bold=True)
    add_flags(sheet, is_copy=slip.is_copy)
    sheet.centred(_("DELIVERY SLIP") if delivery else _("ORDER"), bold=True, big=True)
    sheet.rule()
    sheet.info([(_("Order no."), slip.number), (_("Date"), when_text(slip.at)), (_("Channel"), slip.channel)])
    sheet.rule()
    if delivery:
        sheet.add(_("Deliver to:"), bold=True)
    sheet.wrapped(slip.customer)
    if slip.phone:
        sheet.wrapped(slip.phone)
    if slip.address:
        sheet.wrapped(slip.address)
    if slip.note:
        sheet.wrapped(_("Note: {note}").format(note=slip.note))
    sheet.rule()
    _items(sheet, slip)
    sheet.rule()
    _money(sheet, slip)
    if delivery:
        sheet.add()
        sheet.add(_("Received by:"))
        sheet.add()
        sheet.add()
        sheet.add("(" + "_" * min(24, columns - 2) + ")")
        if slip.shop.order_footer:
            sheet.add()
            sheet.centred(slip.shop.order_footer)
    sheet.cut()
    return sheet.lines
