"""Slips laid out for a receipt printer: a pure function per slip from the slip and the paper's width in characters
to the lines to print, each with its alignment, emphasis, size, and any QR code, logo or cut.

Amounts are right-aligned in the last columns, long names wrap, and every text has already been made printable
for the code page, so the width that was counted is the width that prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import assert_never

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.slips.slip_types import (
    AnySlip,
    ConsignorSlip,
    KasbonPaymentSlip,
    LabelSlip,
    OrderSlip,
    OrderTicket,
    PrinterTestSlip,
    Receipt,
    ReturnSlip,
    ShiftSlip,
    ShopHeader,
)
from pos.printing.consignor_slip import consignor_lines
from pos.printing.label_slip import label_lines
from pos.printing.order_slip import order_slip_lines
from pos.printing.price_lines import add_cart_effects, add_line_effects, add_points
from pos.printing.sheet import (
    Line,
    Sheet,
    add_flags,
    add_header,
    amount_text,
    item_text,
    new_sheet,
    qty_text,
    when_text,
)
from pos.printing.text import ASCII
from pos.printing.ticket import ticket_lines


def _method(method: str, provider: str = "") -> str:
    if method == "cash":
        return _("Cash")
    if method == "qris":
        return "QRIS"
    if method == "ewallet":
        return provider or _("E-wallet")
    if method == "transfer":
        transfer = _("Transfer")
        return f"{transfer} {provider}".strip()
    if method == "kasbon":
        return "Kasbon"
    if method == "platform":
        return provider or _("Platform")
    if method == "deposit":
        return _("Down payment")
    if method == "credit":
        return _("Customer's credit")
    return method


def _footer(sheet: Sheet, shop: ShopHeader, *, away: bool = False) -> None:
    """The shop's footer; `away` for a sale not made in the shop, which is thanked for the order instead."""
    footer = shop.order_footer if away else shop.footer
    if footer:
        sheet.add()
        sheet.centred(footer)
    sheet.cut()


def receipt_lines(receipt: Receipt, columns: int, *, codepage: str = ASCII) -> list[Line]:
    """A sale's receipt: header, items, totals, payments and change, kasbon balance, QRIS code, footer."""
    sheet = new_sheet(columns, codepage)
    add_header(sheet, receipt.shop, npwp=receipt.ppn > 0)
    add_flags(sheet, is_copy=receipt.is_copy, is_voided=receipt.is_voided)
    sheet.rule()
    sheet.info(
        [
            (_("Receipt no."), receipt.number),
            (_("Date"), when_text(receipt.at)),
            (_("Cashier"), receipt.cashier),
            (_("Customer"), receipt.customer),
            (_("Channel"), receipt.channel),
        ]
    )
    sheet.rule()
    for line in receipt.lines:
        what = item_text(line.name, line.pack_milli, line.unit, line.is_weighed)
        if (
            line.qty_milli == 1000
            and line.pack_milli == 1000
            and not line.is_weighed
            and not line.discount
            and not line.effects
        ):
            sheet.pair(what, amount_text(line.total))
        else:
            sheet.wrapped(what)
            how_many = qty_text(line.qty_milli, line.pack_milli, line.unit, line.is_weighed)
            sheet.pair(f"{how_many} x {amount_text(line.unit_price)}", amount_text(line.gross), indent=2)
            add_line_effects(sheet, line)
        for note in line.notes:  # the add-ons chosen (a priced one with its price, inside the line's) and the note
            sheet.wrapped(note, indent=2)
    sheet.rule()
    sheet.pair(_("Subtotal"), amount_text(receipt.subtotal))
    add_cart_effects(sheet, receipt.cart_discount, receipt.cart_effects)
    if receipt.ppn_mode == "exclusive" and receipt.ppn:
        sheet.pair("PPN", amount_text(receipt.ppn))
    if receipt.delivery_fee:
        sheet.pair(_("Delivery fee"), amount_text(receipt.delivery_fee))
    if receipt.rounding:
        sheet.pair(_("Rounding"), amount_text(receipt.rounding))
    sheet.pair(_("TOTAL"), fmt.rupiah(receipt.total), bold=True, tall=True)
    for payment in receipt.payments:
        sheet.pair(_method(payment.method, payment.provider), amount_text(payment.tendered))
    if receipt.change:
        sheet.pair(_("Change"), amount_text(receipt.change), bold=True)
    if receipt.kasbon_balance is not None:
        sheet.pair(_("Kasbon balance"), fmt.rupiah(receipt.kasbon_balance))
    add_points(sheet, receipt.points)
    if receipt.credit_balance is not None:
        sheet.pair(_("Credit left"), fmt.rupiah(receipt.credit_balance))
    if receipt.ppn:
        sheet.rule()
        if receipt.ppn_mode == "inclusive":
            sheet.centred(_("Prices include PPN"))
        sheet.pair("DPP", amount_text(receipt.dpp))
        if receipt.ppn_mode == "inclusive":
            sheet.pair("PPN", amount_text(receipt.ppn))
    if receipt.saved:
        sheet.add()
        sheet.centred(_("You save {amount}").format(amount=fmt.rupiah(receipt.saved)))
    if receipt.qris_payload:
        sheet.add()
        sheet.centred(f"QRIS {fmt.rupiah(receipt.qris_amount)}")
        sheet.qr(receipt.qris_payload)
    elif receipt.is_copy and receipt.qris_amount:
        # A copy shows the QRIS payment as made, with no code anyone could pay again.
        sheet.add()
        sheet.centred(_("QRIS {amount} paid").format(amount=fmt.rupiah(receipt.qris_amount)))
    _footer(sheet, receipt.shop, away=bool(receipt.channel))
    return sheet.lines


def return_lines(slip: ReturnSlip, columns: int, *, codepage: str = ASCII) -> list[Line]:
    """A refund slip: what came back from which receipt, the amount, and whether cash or kasbon took it."""
    sheet = new_sheet(columns, codepage)
    add_header(sheet, slip.shop)
    add_flags(sheet, is_copy=slip.is_copy)
    sheet.centred(_("REFUND"), bold=True, big=True)
    sheet.rule()
    sheet.info(
        [
            (_("Return no."), slip.number),
            (_("Receipt no."), slip.receipt_number),
            (_("Date"), when_text(slip.at)),
            (_("Cashier"), slip.cashier),
            (_("Approved by"), slip.approved_by),
            (_("Customer"), slip.customer),
        ]
    )
    sheet.rule()
    for line in slip.lines:
        sheet.wrapped(item_text(line.name, line.pack_milli, line.unit, line.is_weighed))
        sheet.pair(
            qty_text(line.qty_milli, line.pack_milli, line.unit, line.is_weighed), amount_text(line.amount), indent=2
        )
    sheet.rule()
    sheet.pair(_("REFUND TOTAL"), fmt.rupiah(slip.amount), bold=True, tall=True)
    if slip.refund_method == "platform":
        sheet.wrapped(_("Refunded through {platform}").format(platform=slip.platform))
    else:
        sheet.wrapped(_("Refunded in cash") if slip.refund_method == "cash" else _("Credited to kasbon"))
    if slip.kasbon_balance is not None:
        sheet.pair(_("Kasbon balance"), fmt.rupiah(slip.kasbon_balance))
    if slip.credit_kept:
        sheet.pair(_("Kept as credit"), amount_text(slip.credit_kept))
    if slip.credit_balance is not None:
        sheet.pair(_("Credit left"), fmt.rupiah(slip.credit_balance))
    if slip.reason:
        sheet.wrapped(_("Reason: {reason}").format(reason=slip.reason))
    sheet.cut()
    return sheet.lines


def shift_lines(slip: ShiftSlip, columns: int, *, codepage: str = ASCII) -> list[Line]:
    """The Z report at a shift's close (figures, count and difference), or the X report while it is open."""
    sheet = new_sheet(columns, codepage)
    add_header(sheet, ShopHeader(slip.shop.name, slip.shop.address))
    add_flags(sheet, is_copy=slip.is_copy)
    sheet.centred(_("Shift close (Z report)") if slip.is_closed else _("X report (the shift is still open)"), bold=True)
    sheet.rule()
    sheet.info(
        [
            (_("Opened"), when_text(slip.opened_at)),
            (_("Closed") if slip.is_closed else _("Printed"), when_text(slip.at)),
            (_("Cashier"), slip.opened_by),
            (_("Closed by"), slip.closed_by if slip.closed_by != slip.opened_by else ""),
        ]
    )
    sheet.rule()
    f = slip.figures
    sheet.pair(_("Opening cash"), amount_text(f.opening_float))
    sheet.pair(_("Sales ({n})").format(n=f.sales_count), amount_text(f.total), bold=True)
    for method, amount in f.by_method:
        sheet.pair(_method(method), amount_text(amount), indent=2)
    if f.discounts:
        sheet.pair(_("Discounts"), amount_text(f.discounts))
    if f.ppn:
        sheet.pair("PPN", amount_text(f.ppn))
    if f.rounding:
        sheet.pair(_("Rounding"), amount_text(f.rounding))
    sheet.pair(_("Refunds ({n})").format(n=f.refunds_count), amount_text(f.refunds_total))
    sheet.pair(_("Voids ({n})").format(n=f.voids_count), amount_text(f.voids_total))
    sheet.pair(_("Cash in"), amount_text(f.cash_in))
    sheet.pair(_("Cash out"), amount_text(f.cash_out))
    if f.orders_cash:
        sheet.pair(_("Down payments on orders"), amount_text(f.orders_cash))
    sheet.rule()
    sheet.pair(_("Cash expected in the drawer"), fmt.rupiah(f.expected_cash), bold=True)
    if slip.counted is not None:
        sheet.pair(_("Cash counted"), fmt.rupiah(slip.counted), bold=True)
    if slip.difference is not None:
        sheet.pair(_("Difference"), fmt.rupiah(slip.difference), bold=True)
    if slip.denominations:
        sheet.rule()
        width = max(len(amount_text(value)) for value, _count in slip.denominations)
        for value, count in slip.denominations:
            sheet.pair(f"{amount_text(value).rjust(width)} x {count}", amount_text(value * count), indent=2)
    sheet.cut()
    return sheet.lines


def kasbon_payment_lines(slip: KasbonPaymentSlip, columns: int, *, codepage: str = ASCII) -> list[Line]:
    """A customer's kasbon payment: who paid, how much and how, and what is still owed."""
    sheet = new_sheet(columns, codepage)
    add_header(sheet, slip.shop)
    add_flags(sheet, is_copy=slip.is_copy)
    sheet.centred(_("KASBON PAYMENT"), bold=True)
    sheet.rule()
    sheet.info([(_("Date"), when_text(slip.at)), (_("Cashier"), slip.cashier), (_("Customer"), slip.customer)])
    sheet.rule()
    sheet.pair(_method(slip.method), fmt.rupiah(slip.amount), bold=True, tall=True)
    sheet.pair(_("Kasbon balance"), fmt.rupiah(slip.balance_after))
    _footer(sheet, slip.shop)
    return sheet.lines


def printer_test_lines(slip: PrinterTestSlip, columns: int, *, codepage: str = ASCII) -> list[Line]:
    """A test slip: the shop's name, the width in columns with a ruler to check it, the styles and a QR code."""
    sheet = new_sheet(columns, codepage)
    add_header(sheet, ShopHeader(slip.shop.name))
    sheet.centred(_("PRINTER TEST"), bold=True, big=True)
    sheet.rule()
    sheet.info([(_("Printer"), slip.printer), (_("Date"), when_text(slip.at))])
    sheet.add(_("{n} columns").format(n=columns))
    sheet.add(("1234567890" * (columns // 10 + 1))[:columns])
    sheet.add("|" + "-" * (columns - 2) + "|")
    sheet.add(_("Bold"), bold=True)
    sheet.add(_("Tall"), double_height=True)
    sheet.add(_("Left"))
    sheet.add(_("Centre"), align="center")
    sheet.add(_("Right"), align="right")
    sheet.add()
    sheet.qr(f"Laci {slip.shop.name} {columns}")
    sheet.centred(_("The QR code above should scan."))
    sheet.cut()
    return sheet.lines


def lines_for(slip: AnySlip, columns: int, *, codepage: str = ASCII) -> list[Line]:
    """The lines of any slip. A kind of slip this does not know is a fault, not a printer test."""
    match slip:
        case ConsignorSlip():
            return consignor_lines(slip, columns, codepage=codepage)
        case OrderSlip():
            return order_slip_lines(slip, columns, codepage=codepage)
        case OrderTicket():
            return ticket_lines(slip, columns, codepage=codepage)
        case LabelSlip():
            return label_lines(slip, columns, codepage=codepage)
        case Receipt():
            return receipt_lines(slip, columns, codepage=codepage)
        case ReturnSlip():
            return return_lines(slip, columns, codepage=codepage)
        case ShiftSlip():
            return shift_lines(slip, columns, codepage=codepage)
        case KasbonPaymentSlip():
            return kasbon_payment_lines(slip, columns, codepage=codepage)
        case PrinterTestSlip():
            return printer_test_lines(slip, columns, codepage=codepage)
        case _:
            assert_never(slip)


def as_text(lines: Iterable[Line], columns: int) -> str:
    """The slip as plain text, as it lies on the paper: for a terminal, the log and golden tests.

    Double-width text is spaced out over the columns it covers; a QR code shows as its payload, the cut as a
    scissors line.
    """
    out: list[str] = []
    for line in lines:
        if line.logo:
            continue
        if line.cut:
            out.append(("8<" + "-" * columns)[:columns])
            continue
        if line.barcode is not None:
            out.append(f"[EAN-13 {line.barcode}]".center(columns).rstrip())
            continue
        if line.qr is not None:
            room = columns - 5
            chunks = [line.qr[i : i + room] for i in range(0, len(line.qr), room)] or [""]
            out.extend(f"[QR {chunk}]".center(columns).rstrip() for chunk in chunks)
            continue
        text = " ".join(line.text) if line.double_width else line.text
        if line.align == "center":
            text = text.center(columns)
        elif line.align == "right":
            text = text.rjust(columns)
        out.append(text.rstrip())
    return "\n".join(out) + "\n"
