"""The slips as values: what each one says, in whole rupiah and thousandths, frozen all the way down.

Read from the books by `receipts` and `order_slips`, laid out for paper by `pos.printing`; kept apart from both so
that the modules that fill them in and the modules that print them import the types, not each other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from pos.ledger.counter.shifts import ShiftReport
from pos.ledger.stock.consignor_statement import ConsignorStatement

SlipKind = Literal["order", "delivery"]


@dataclass(frozen=True, slots=True)
class ShopHeader:
    name: str
    address: str = ""
    phone: str = ""
    npwp: str = ""  # printed only on receipts with PPN, where a PKP shop must show it
    header: str = ""
    footer: str = ""
    # Under a sale not made in the shop (an order, a delivery platform) and on a delivery slip: "thank you for your
    # visit" would thank someone who never came in.
    order_footer: str = ""


@dataclass(frozen=True, slots=True)
class ReceiptEffect:
    """A price effect as the receipt names it: a tier, a group price, a promotion, free goods, a voucher or
    points, with what it saved."""

    kind: str  # tier, group, promo, free, cart, voucher, points
    name: str
    saved: int
    points: int = 0  # for points redeemed


@dataclass(frozen=True, slots=True)
class ReceiptPoints:
    earned: int
    redeemed: int
    balance: int  # what the customer held right after this sale


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    name: str
    qty_milli: int  # how many packs
    pack_milli: int  # base units per pack: 1000 for one piece or one kg, the weight of a priced label
    unit: str
    is_weighed: bool
    unit_price: int  # per pack
    gross: int
    discount: int  # this line's own discount (promotions' included); the cart's is shown once, under the subtotal
    total: int  # gross less the line's discount
    notes: tuple[str, ...] = ()  # add-ons chosen (a priced one with its price) and the note, under the line
    effects: tuple[ReceiptEffect, ...] = ()  # tiers, group prices, promotions and free goods on this line


@dataclass(frozen=True, slots=True)
class ReceiptPayment:
    method: str  # cash, qris, transfer, ewallet, kasbon, credit (titipan), platform, deposit
    provider: str
    amount: int  # what it settled
    tendered: int  # what was handed over (cash: before change)


@dataclass(frozen=True, slots=True)
class Receipt:
    shop: ShopHeader
    number: str
    at: dt.datetime  # on the shop's wall clock
    cashier: str
    customer: str
    lines: tuple[ReceiptLine, ...]
    subtotal: int  # the lines' totals, after line discounts
    cart_discount: int
    total_discount: int  # line and cart discounts together: what the customer saved
    ppn_mode: str  # none, inclusive, exclusive
    dpp: int
    ppn: int
    rounding: int
    total: int
    payments: tuple[ReceiptPayment, ...]
    change: int
    kasbon_balance: int | None  # what the customer owed right after this sale, when kasbon was used
    qris_amount: int
    qris_payload: str | None  # the dynamic QRIS for `qris_amount` on the original only; a copy has none
    is_copy: bool = False
    is_voided: bool = False
    channel: str = ""  # the channel's name when not sold at the counter (GoFood, WhatsApp...)
    delivery_fee: int = 0  # ongkir, inside `total`
    cart_effects: tuple[ReceiptEffect, ...] = ()  # a cart promotion, a voucher, points: inside `cart_discount`
    points: ReceiptPoints | None = None  # the customer's loyalty points, when the shop gives them

    @property
    def saved(self) -> int:
        """Everything the customer saved: discounts, and the tier, group and free-goods prices below the list."""
        below_list = sum(e.saved for x in self.lines for e in x.effects if e.kind in ("tier", "group", "free"))
        return self.total_discount + below_list

    credit_balance: int | None = None  # credit the customer still keeps with the shop, when it paid for this sale


@dataclass(frozen=True, slots=True)
class TicketLine:
    name: str
    qty_milli: int
    unit: str
    is_weighed: bool
    notes: tuple[str, ...]  # the add-ons and the note, as whoever makes it reads them


@dataclass(frozen=True, slots=True)
class OrderTicket:
    """What the kitchen or the bar makes for a sale: no prices, the add-ons and notes in full."""

    shop: str
    number: str  # the receipt's number
    at: dt.datetime  # on the shop's wall clock
    cashier: str
    customer: str
    lines: tuple[TicketLine, ...]
    is_copy: bool = False


@dataclass(frozen=True, slots=True)
class ReturnSlipLine:
    name: str
    qty_milli: int
    pack_milli: int
    unit: str
    is_weighed: bool
    amount: int  # refunded for this line


@dataclass(frozen=True, slots=True)
class ReturnSlip:
    shop: ShopHeader
    number: str
    receipt_number: str
    at: dt.datetime
    cashier: str
    approved_by: str
    customer: str
    lines: tuple[ReturnSlipLine, ...]
    amount: int
    refund_method: str  # cash, kasbon or platform
    kasbon_balance: int | None  # after the refund, when it was credited to kasbon
    reason: str
    is_copy: bool = False
    platform: str = ""  # the platform's name, when it refunded the buyer
    credit_kept: int = 0  # of a refund to kasbon, what the customer did not owe: kept as their credit
    credit_balance: int | None = None  # the credit they keep after it, when some was kept


@dataclass(frozen=True, slots=True)
class ShiftFigures:
    """A shift's figures as `ShiftReport` holds them, frozen all the way down."""

    opening_float: int
    sales_count: int
    gross: int
    discounts: int
    ppn: int
    rounding: int
    total: int
    by_method: tuple[tuple[str, int], ...]
    refunds_count: int
    refunds_total: int
    voids_count: int
    voids_total: int
    cash_in: int
    cash_out: int
    expected_cash: int
    orders_cash: int = 0  # down payments on orders taken in cash, less those paid back

    @staticmethod
    def of(report: ShiftReport) -> ShiftFigures:
        return ShiftFigures(
            report.opening_float,
            report.sales_count,
            report.gross,
            report.discounts,
            report.ppn,
            report.rounding,
            report.total,
            tuple(sorted(report.by_method.items())),
            report.refunds_count,
            report.refunds_total,
            report.voids_count,
            report.voids_total,
            report.cash_in,
            report.cash_out,
            report.expected_cash,
            report.orders_cash,
        )


@dataclass(frozen=True, slots=True)
class ShiftSlip:
    """The Z report of a closed shift (with the count), or the X report of the open one."""

    shop: ShopHeader
    is_closed: bool
    opened_at: dt.datetime
    at: dt.datetime  # closed at (Z) or printed at (X)
    opened_by: str
    closed_by: str
    figures: ShiftFigures
    counted: int | None
    difference: int | None  # counted less expected: negative when the drawer is short
    denominations: tuple[tuple[int, int], ...]  # (note or coin, how many), largest first
    is_copy: bool = False


@dataclass(frozen=True, slots=True)
class KasbonPaymentSlip:
    shop: ShopHeader
    customer: str
    amount: int
    method: str
    balance_after: int
    at: dt.datetime | None
    cashier: str = ""
    is_copy: bool = False


@dataclass(frozen=True, slots=True)
class PrinterTestSlip:
    shop: ShopHeader
    at: dt.datetime | None
    printer: str = ""  # which printer address was tested


Slip = Receipt | ReturnSlip | ShiftSlip | KasbonPaymentSlip | PrinterTestSlip


@dataclass(frozen=True, slots=True)
class OrderSlipLine:
    name: str
    qty_milli: int  # how many packs
    pack_milli: int
    unit: str
    is_weighed: bool
    unit_price: int
    total: int  # after the line's own discount


@dataclass(frozen=True, slots=True)
class OrderSlip:
    shop: ShopHeader
    kind: str  # 'order' (for packing) or 'delivery' (for the rider and the customer)
    number: str
    at: dt.datetime  # when the order was taken, on the shop's wall clock
    channel: str  # the channel's name
    customer: str
    phone: str
    address: str
    note: str
    lines: tuple[OrderSlipLine, ...]
    goods: int
    delivery_fee: int
    total: int
    deposit: int  # down payment already held
    to_collect: int  # what the rider collects
    is_copy: bool = False
    status: str = "new"  # an ended order (done, cancelled) is printed with what became of its money
    billed: int = 0  # what its sale charged, rounding included
    used: int = 0  # of the down payment, what paid the sale
    collected: int = 0  # paid on delivery
    taken: int = 0  # down payments taken
    refunded: int = 0  # paid back on cancelling
    kept: int = 0  # kept as the customer's credit
    receipt_no: str = ""  # its sale's


@dataclass(frozen=True, slots=True)
class PriceLabel:
    """One price label, for a product or its shelf: the name, the price of one unit, and the EAN-13 that rings
    it up (13 digits, check digit verified)."""

    name: str
    price: int
    barcode: str
    unit: str = "pcs"
    is_weighed: bool = False


@dataclass(frozen=True, slots=True)
class LabelSlip:
    """Price labels on the receipt printer, one after another, each cut off."""

    labels: tuple[PriceLabel, ...]


@dataclass(frozen=True, slots=True)
class ConsignorSlip:
    """A consignor's statement, printed at a settlement for them to take away."""

    shop: ShopHeader
    statement: ConsignorStatement
    at: dt.datetime | None  # when the settlement was made, on the shop's wall clock
    paid_with: str = ""  # cash or bank, when the settlement paid anything
    is_copy: bool = False


AnySlip = Slip | OrderSlip | OrderTicket | LabelSlip | ConsignorSlip
