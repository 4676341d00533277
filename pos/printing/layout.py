"""Slips laid out for a receipt printer: a pure function per slip from the slip and the paper's width in characters
to the lines to print, each with its alignment, emphasis, size, and any QR code, logo or cut.

Amounts are right-aligned in the last columns, long names wrap, and every text has already been made printable
for the code page, so the width that was counted is the width that prints.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.slips.order_slips import OrderSlip
from pos.ledger.slips.receipts import (
    KasbonPaymentSlip,
    PrinterTestSlip,
    Receipt,
    ReturnSlip,
    ShiftSlip,
    ShopHeader,
    Slip,
)
from pos.printing.text import ASCII, printable

Align = Literal["left", "center", "right"]
WIDTHS: Final = (32, 42, 48)  # font A on 58 mm paper, and the two usual counts on 80 mm
MIN_COLUMNS: Final = 24
MAX_COLUMNS: Final = 80


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line: its text and how it looks, or a QR code, the shop's logo, or the paper cut."""

    text: str = ""
    align: Align = "left"
    bold: bool = False
    double_height: bool = False
    double_width: bool = False
    qr: str | None = None
    cut: bool = False
    logo: bool = False


@dataclass
class _Sheet:
    columns: int
    codepage: str
    lines: list[Line] = field(default_factory=list)

    def clean(self, text: str) -> str:
        return printable(text, self.codepage)

    def add(self, text: str = "", *, align: Align = "left", bold: bool = False, double_height: bool = False) -> None:
        self.lines.append(Line(self.clean(text), align, bold, double_height))

    def rule(self, char: str = "-") -> None:
        self.add(char * self.columns)

    def centred(self, text: str, *, bold: bool = False, big: bool = False) -> None:
        """Centred paragraphs; `big` doubles the height, and the width too when the text fits at half as many."""
        clean = self.clean(text)
        wide = big and len(clean.strip()) <= self.columns // 2
        width = self.columns // 2 if wide else self.columns
        for paragraph in text.splitlines() or [""]:
            for chunk in _wrap(self.clean(paragraph), width):
                self.lines.append(Line(chunk, "center", bold, big, wide))

    def wrapped(self, text: str, indent: int = 0) -> None:
        for chunk in _wrap(self.clean(text), self.columns - indent):
            self.add(" " * indent + chunk)

    def pair(self, label: str, amount: str, *, indent: int = 0, bold: bool = False, tall: bool = False) -> None:
        """`label` on the left and `amount` in the last columns; a label too long for both wraps above it."""
        room = self.columns - indent
        left, right = self.clean(label), self.clean(amount)
        chunks = _wrap(left, room)
        last = chunks[-1]
        for chunk in chunks[:-1]:
            self.add(" " * indent + chunk, bold=bold, double_height=tall)
        if len(last) + 1 + len(right) <= room:
            self.add(" " * indent + last + right.rjust(room - len(last)), bold=bold, double_height=tall)
        else:
            self.add(" " * indent + last, bold=bold, double_height=tall)
            self.add(right.rjust(self.columns), bold=bold, double_height=tall)

    def info(self, rows: Sequence[tuple[str, str]]) -> None:
        """`Label : value` rows with the colons lined up; values wrap under themselves."""
        present = [(self.clean(k), v) for k, v in rows if v]
        if not present:
            return
        width = max(len(k) for k, _v in present)
        if width + 2 > self.columns // 2:
            for key, value in present:
                self.wrapped(f"{key}: {value}")
            return
        for key, value in present:
            chunks = _wrap(self.clean(value), self.columns - width - 2)
            self.add(f"{key.ljust(width)}: {chunks[0]}")
            for chunk in chunks[1:]:
                self.add(" " * (width + 2) + chunk)

    def qr(self, payload: str) -> None:
        self.lines.append(Line(align="center", qr=payload))

    def cut(self) -> None:
        self.lines.append(Line(cut=True))


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]


def _amount(rupiah: int) -> str:
    return fmt.number(rupiah)


def _minus(rupiah: int) -> str:
    return fmt.number(-rupiah)


def _when(moment: dt.datetime | None) -> str:
    return fmt.datetime(moment) if moment is not None else ""


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
    return method


def _what(name: str, pack_milli: int, unit: str, is_weighed: bool) -> str:
    if pack_milli == 1000:
        return name
    if is_weighed:  # a priced label: the pack is the weight the label's price bought
        return f"{name} ({fmt.qty(pack_milli)} {unit})"
    return _("{name} (pack of {n})").format(name=name, n=fmt.qty(pack_milli))


def _how_many(qty_milli: int, pack_milli: int, unit: str, is_weighed: bool) -> str:
    shown_unit = is_weighed or unit not in ("", "pcs")
    return f"{fmt.qty(qty_milli)} {unit}" if shown_unit and pack_milli == 1000 else fmt.qty(qty_milli)


def _header(sheet: _Sheet, shop: ShopHeader, *, npwp: bool = False) -> None:
    sheet.lines.append(Line(logo=True))
    if shop.name:
        sheet.centred(shop.name, bold=True, big=True)
    if shop.address:
        sheet.centred(shop.address)
    if shop.phone:
        sheet.centred(_("Phone {phone}").format(phone=shop.phone))
    if npwp and shop.npwp:
        sheet.centred(f"NPWP {shop.npwp}")
    if shop.header:
        sheet.centred(shop.header)


def _flags(sheet: _Sheet, *, is_copy: bool, is_voided: bool = False) -> None:
    if is_copy:
        sheet.centred(_("*** COPY ***"), bold=True)
    if is_voided:
        sheet.centred(_("*** VOIDED ***"), bold=True)


def _footer(sheet: _Sheet, shop: ShopHeader) -> None:
    if shop.footer:
        sheet.add()
        sheet.centred(shop.footer)
    sheet.cut()


def _sheet(columns: int, codepage: str) -> _Sheet:
    if not MIN_COLUMNS <= columns <= MAX_COLUMNS:
        raise ValueError(f"a receipt is {MIN_COLUMNS} to {MAX_COLUMNS} columns wide, not {columns}")
    return _Sheet(columns, codepage)


def receipt_lines(receipt: Receipt, columns: int, *, codepage: str = ASCII) -> list[Line]:
    """A sale's receipt: header, items, totals, payments and change, kasbon balance, QRIS code, footer."""
    sheet = _sheet(columns, codepage)
    _header(sheet, receipt.shop, npwp=receipt.ppn > 0)
    _flags(sheet, is_copy=receipt.is_copy, is_voided=receipt.is_voided)
    sheet.rule()
    sheet.info(
        [
            (_("Receipt no."), receipt.number),
            (_("Date"), _when(receipt.at)),
            (_("Cashier"), receipt.cashier),
            (_("Customer"), receipt.customer),
            (_("Channel"), receipt.channel),
        ]
    )
    sheet.rule()
    for line in receipt.lines:
        what = _what(line.name, line.pack_milli, line.unit, line.is_weighed)
        if line.qty_milli == 1000 and line.pack_milli == 1000 and not line.is_weighed and not line.discount:
            sheet.pair(what, _amount(line.total))
            continue
        sheet.wrapped(what)
        how_many = _how_many(line.qty_milli, line.pack_milli, line.unit, line.is_weighed)
        sheet.pair(f"{how_many} x {_amount(line.unit_price)}", _amount(line.gross), indent=2)
        if line.discount:
            sheet.pair(_("Discount"), _minus(line.discount), indent=2)
    sheet.rule()
    sheet.pair(_("Subtotal"), _amount(receipt.subtotal))
    if receipt.cart_discount:
        sheet.pair(_("Discount"), _minus(receipt.cart_discount))
    if receipt.ppn_mode == "exclusive" and receipt.ppn:
        sheet.pair("PPN", _amount(receipt.ppn))
    if receipt.delivery_fee:
        sheet.pair(_("Delivery fee"), _amount(receipt.delivery_fee))
    if receipt.rounding:
        sheet.pair(_("Rounding"), _amount(receipt.rounding))
    sheet.pair(_("TOTAL"), fmt.rupiah(receipt.total), bold=True, tall=True)
    for payment in receipt.payments:
        sheet.pair(_method(payment.method, payment.provider), _amount(payment.tendered))
    if receipt.change:
        sheet.pair(_("Change"), _amount(receipt.change), bold=True)
    if receipt.kasbon_balance is not None:
        sheet.pair(_("Kasbon balance"), fmt.rupiah(receipt.kasbon_balance))
    if receipt.ppn:
        sheet.rule()
        if receipt.ppn_mode == "inclusive":
            sheet.centred(_("Prices include PPN"))
        sheet.pair("DPP", _amount(receipt.dpp))
        if receipt.ppn_mode == "inclusive":
            sheet.pair("PPN", _amount(receipt.ppn))
    if receipt.total_discount:
        sheet.add()
        sheet.centred(_("You save {amount}").format(amount=fmt.rupiah(receipt.total_discount)))
    if receipt.qris_payload:
        sheet.add()
        sheet.centred(f"QRIS {fmt.rupiah(receipt.qris_amount)}")
        sheet.qr(receipt.qris_payload)
    _footer(sheet, receipt.shop)
    return sheet.lines


def return_lines(slip: ReturnSlip, columns: int, *, codepage: str = ASCII) -> list[Line]:
    """A refund slip: what came back from which receipt, the amount, and whether cash or kasbon took it."""
    sheet = _sheet(columns, codepage)
    _header(sheet, slip.shop)
    _flags(sheet, is_copy=slip.is_copy)
    sheet.centred(_("REFUND"), bold=True, big=True)
    sheet.rule()
    sheet.info(
        [
            (_("Return no."), slip.number),
            (_("Receipt no."), slip.receipt_number),
            (_("Date"), _when(slip.at)),
            (_("Cashier"), slip.cashier),
            (_("Approved by"), slip.approved_by),
            (_("Customer"), slip.customer),
        ]
    )
    sheet.rule()
    for line in slip.lines:
        sheet.wrapped(_what(line.name, line.pack_milli, line.unit, line.is_weighed))
        sheet.pair(
            _how_many(line.qty_milli, line.pack_milli, line.unit, line.is_weighed), _amount(line.amount), indent=2
        )
    sheet.rule()
    sheet.pair(_("REFUND TOTAL"), fmt.rupiah(slip.amount), bold=True, tall=True)
    if slip.refund_method == "platform":
        sheet.wrapped(_("Refunded through {platform}").format(platform=slip.platform))
    else:
        sheet.wrapped(_("Refunded in cash") if slip.refund_method == "cash" else _("Credited to kasbon"))
    if slip.kasbon_balance is not None:
        sheet.pair(_("Kasbon balance"), fmt.rupiah(slip.kasbon_balance))
    if slip.reason:
        sheet.wrapped(_("Reason: {reason}").format(reason=slip.reason))
    sheet.cut()
    return sheet.lines


def shift_lines(slip: ShiftSlip, columns: int, *, codepage: str = ASCII) -> list[Line]:
    """The Z report at a shift's close (figures, count and difference), or the X report while it is open."""
    sheet = _sheet(columns, codepage)
    _header(sheet, ShopHeader(slip.shop.name, slip.shop.address))
    _flags(sheet, is_copy=slip.is_copy)
    sheet.centred(_("Shift close (Z report)") if slip.is_closed else _("X report (the shift is still open)"), bold=True)
    sheet.rule()
    sheet.info(
        [
            (_("Opened"), _when(slip.opened_at)),
            (_("Closed") if slip.is_closed else _("Printed"), _when(slip.at)),
            (_("Cashier"), slip.opened_by),
            (_("Closed by"), slip.closed_by if slip.closed_by != slip.opened_by else ""),
        ]
    )
    sheet.rule()
    f = slip.figures
    sheet.pair(_("Opening cash"), _amount(f.opening_float))
    sheet.pair(_("Sales ({n})").format(n=f.sales_count), _amount(f.total), bold=True)
    for method, amount in f.by_method:
        sheet.pair(_method(method), _amount(amount), indent=2)
    if f.discounts:
        sheet.pair(_("Discounts"), _amount(f.discounts))
    if f.ppn:
        sheet.pair("PPN", _amount(f.ppn))
    if f.rounding:
        sheet.pair(_("Rounding"), _amount(f.rounding))
    sheet.pair(_("Refunds ({n})").format(n=f.refunds_count), _amount(f.refunds_total))
    sheet.pair(_("Voids ({n})").format(n=f.voids_count), _amount(f.voids_total))
    sheet.pair(_("Cash in"), _amount(f.cash_in))
    sheet.pair(_("Cash out"), _amount(f.cash_out))
    if f.orders_cash:
        sheet.pair(_("Down payments on orders"), _amount(f.orders_cash))
    sheet.rule()
    sheet.pair(_("Cash expected in the drawer"), fmt.rupiah(f.expected_cash), bold=True)
    if slip.counted is not None:
        sheet.pair(_("Cash counted"), fmt.rupiah(slip.counted), bold=True)
    if slip.difference is not None:
        sheet.pair(_("Difference"), fmt.rupiah(slip.difference), bold=True)
    if slip.denominations:
        sheet.rule()
        width = max(len(_amount(value)) for value, _count in slip.denominations)
        for value, count in slip.denominations:
            sheet.pair(f"{_amount(value).rjust(width)} x {count}", _amount(value * count), indent=2)
    sheet.cut()
    return sheet.lines


def kasbon_payment_lines(slip: KasbonPaymentSlip, columns: int, *, codepage: str = ASCII) -> list[Line]:
    """A customer's kasbon payment: who paid, how much and how, and what is still owed."""
    sheet = _sheet(columns, codepage)
    _header(sheet, slip.shop)
    _flags(sheet, is_copy=slip.is_copy)
    sheet.centred(_("KASBON PAYMENT"), bold=True)
    sheet.rule()
    sheet.info([(_("Date"), _when(slip.at)), (_("Cashier"), slip.cashier), (_("Customer"), slip.customer)])
    sheet.rule()
    sheet.pair(_method(slip.method), fmt.rupiah(slip.amount), bold=True, tall=True)
    sheet.pair(_("Kasbon balance"), fmt.rupiah(slip.balance_after))
    _footer(sheet, slip.shop)
    return sheet.lines


def printer_test_lines(slip: PrinterTestSlip, columns: int, *, codepage: str = ASCII) -> list[Line]:
    """A test slip: the shop's name, the width in columns with a ruler to check it, the styles and a QR code."""
    sheet = _sheet(columns, codepage)
    _header(sheet, ShopHeader(slip.shop.name))
    sheet.centred(_("PRINTER TEST"), bold=True, big=True)
    sheet.rule()
    sheet.info([(_("Printer"), slip.printer), (_("Date"), _when(slip.at))])
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


def lines_for(slip: Slip | OrderSlip, columns: int, *, codepage: str = ASCII) -> list[Line]:
    """The lines of any slip."""
    if isinstance(slip, OrderSlip):
        from pos.printing.order_slip import order_slip_lines  # it builds on this module's sheet

        return order_slip_lines(slip, columns, codepage=codepage)
    if isinstance(slip, Receipt):
        return receipt_lines(slip, columns, codepage=codepage)
    if isinstance(slip, ReturnSlip):
        return return_lines(slip, columns, codepage=codepage)
    if isinstance(slip, ShiftSlip):
        return shift_lines(slip, columns, codepage=codepage)
    if isinstance(slip, KasbonPaymentSlip):
        return kasbon_payment_lines(slip, columns, codepage=codepage)
    return printer_test_lines(slip, columns, codepage=codepage)


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
