"""The cart at the counter: lines added by scan or by product, quantities, discounts and price overrides.

A `Cart` holds no database session: `line_for_scan` looks a scan up and returns a `CartLine`, and `priced`
gives exactly the totals `ring_up` will book, so the screen shows what the receipt will say.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.errors import InvalidInput, NotAllowed, NotFound
from pos.ledger.base.ids import CustomerId, ProductId, UserId
from pos.ledger.base.money import MILLI, Money, Qty
from pos.ledger.books.approvals import Approval
from pos.ledger.counter.pricing import NO_DISCOUNT, Discount, LineInput, PpnRule, PricedCart, price_cart
from pos.ledger.stock import barcodes, product_records
from pos.ledger.stock.modifiers import LineOption

_QTY_PREFIX = re.compile(r"^\s*(\d+(?:[.,]\d{1,3})?)\s*\*\s*(.+)$")


def split_quantity_prefix(text: str) -> tuple[Qty | None, str]:
    """`3*8991234567895` -> (3, the code): the counter's way of scanning one item for several."""
    match = _QTY_PREFIX.match(text)
    if not match:
        return None, text.strip()
    return Qty.parse(match.group(1)), match.group(2).strip()


@dataclass(frozen=True, slots=True)
class CartLine:
    product_id: ProductId
    name: str
    unit: str
    barcode: str | None
    pack_milli: int  # base units per pack in thousandths: 1000 a piece, 40000 a carton of 40
    qty: Qty  # how many packs
    unit_price: Money  # price per pack as charged
    list_price: Money  # price per pack from the catalogue, to tell an override
    discount: Discount = NO_DISCOUNT
    ppn_exempt: bool = False
    is_weighed: bool = False
    override_by: UserId | None = None
    # Add-ons (their prices inside unit_price and list_price) and a note, chosen at the counter (`line_choices`).
    options: tuple[LineOption, ...] = ()

    @property
    def overridden(self) -> bool:
        return self.unit_price != self.list_price

    def as_pricing(self) -> LineInput:
        return LineInput(self.qty, self.unit_price, self.discount, self.ppn_exempt)


def line_for_product(product: product_records.ProductInfo, qty: Qty) -> CartLine:
    return CartLine(
        product.id,
        product.name,
        product.unit,
        None,
        MILLI,
        qty,
        product.price,
        product.price,
        ppn_exempt=product.ppn_exempt,
        is_weighed=product.is_weighed,
    )


@dataclass(frozen=True, slots=True)
class Scanned:
    """A scan's cart line, and what the counter must ask before it goes in: a variant, add-ons (`asks`)."""

    line: CartLine
    asks: product_records.Asks


def line_for_scan(
    session: Session, text: str, formats: tuple[barcodes.InStoreFormat, ...], qty: Qty | None = None
) -> CartLine:
    """The cart line one scan stands for: a piece, a pack, or a weighed or priced in-store item."""
    return scan(session, text, formats, qty).line


def scan(session: Session, text: str, formats: tuple[barcodes.InStoreFormat, ...], qty: Qty | None = None) -> Scanned:
    """`line_for_scan` with what the counter must still ask, read in the same one query."""
    prefix_qty, code = split_quantity_prefix(text)
    # Compared with None, not by truth: Qty(0) is a mistyped quantity to refuse, not "no quantity given".
    asked = qty if qty is not None else prefix_qty
    qty = asked if asked is not None else Qty.units(1)
    if qty.milli <= 0:
        raise InvalidInput(N_("The quantity must be more than zero."))
    hit = product_records.find_by_barcode(session, code)
    if hit is not None:
        if not hit.product.is_active:
            raise NotFound(N_("{name} is no longer sold."), name=hit.product.name)
        if not qty.is_whole and not hit.product.is_weighed:
            raise InvalidInput(N_("{name} is sold in whole pieces."), name=hit.product.name)
        price = hit.price_per_pack
        found = CartLine(
            hit.product.id,
            hit.product.name,
            hit.product.unit,
            code,
            hit.pack_milli,
            qty,
            price,
            price,
            ppn_exempt=hit.product.ppn_exempt,
            is_weighed=hit.product.is_weighed,
        )
        return Scanned(found, hit.asks)
    label = barcodes.parse_scan(code, formats)
    if label.item_code is not None:
        by_plu = product_records.find_by_plu(session, label.item_code)
        if by_plu is None or not by_plu[0].is_active:
            raise NotFound(N_("Barcode {code} is not in the product list."), code=code)
        product, asks = by_plu
        if (label.qty is not None and label.qty.milli <= 0) or (label.price is not None and label.price.rupiah <= 0):
            raise InvalidInput(N_("The scale label shows no weight or price; weigh the item again."))
        if asked is not None and not asked.is_whole:
            raise InvalidInput(N_("A scale label can be counted only in whole packs, such as 3*."))
        packs = qty.milli // MILLI  # `3*` before a label: three packs of that weight or price
        if label.qty is not None:
            line = line_for_product(product, Qty(label.qty.milli * packs))
        elif label.price is not None:
            # A priced label: packs charged exactly the label's price, each holding the weight that price buys.
            weight = label.price.rupiah * MILLI // product.price.rupiah if product.price.rupiah else MILLI
            line = replace(
                line_for_product(product, Qty.units(packs)),
                pack_milli=max(weight, 1),
                unit_price=label.price,
                list_price=label.price,
            )
        else:
            line = line_for_product(product, qty)
        return Scanned(replace(line, barcode=code), asks)
    raise NotFound(N_("Barcode {code} is not in the product list."), code=code)


@dataclass
class Cart:
    """What the customer is buying. Mutable: the counter changes it with every scan."""

    lines: list[CartLine] = field(default_factory=list)
    discount: Discount = NO_DISCOUNT
    customer_id: CustomerId | None = None
    note: str = ""
    voucher: str = ""  # a voucher code the customer handed over, as typed
    points: int = 0  # loyalty points the customer redeems on this sale

    def add(self, line: CartLine) -> int:
        """Add `line`; a repeat scan of the same pack at the same price adds to that line. Returns its index."""
        if not line.is_weighed:
            for i, existing in enumerate(self.lines):
                if (
                    existing.product_id == line.product_id
                    and existing.pack_milli == line.pack_milli
                    and existing.unit_price == line.unit_price
                    and existing.discount == line.discount
                    and existing.options == line.options
                    and not existing.is_weighed
                ):
                    self.lines[i] = replace(existing, qty=existing.qty + line.qty)
                    return i
        self.lines.append(line)
        return len(self.lines) - 1

    def _line(self, index: int) -> CartLine:
        if not 0 <= index < len(self.lines):
            raise InvalidInput(N_("There is no line {n} in the cart."), n=index + 1)
        return self.lines[index]

    def set_qty(self, index: int, qty: Qty) -> None:
        line = self._line(index)
        if qty.milli <= 0:
            raise InvalidInput(N_("The quantity must be more than zero."))
        if not qty.is_whole and not line.is_weighed:
            raise InvalidInput(N_("{name} is sold in whole pieces."), name=line.name)
        self.lines[index] = replace(line, qty=qty)

    def remove(self, index: int) -> CartLine:
        line = self._line(index)
        del self.lines[index]
        return line

    def set_line_discount(self, index: int, discount: Discount) -> None:
        line = self._line(index)
        discount.of(line.unit_price.times(line.qty).rupiah)  # refuses a discount larger than the line now
        self.lines[index] = replace(line, discount=discount)

    def set_discount(self, discount: Discount) -> None:
        self.discount = discount

    def override_price(self, index: int, price: Money, approval: Approval | None) -> None:
        """Charge another price than the catalogue's for this line: only with an owner's approval."""
        if price.rupiah < 0:
            raise InvalidInput(N_("A price cannot be negative."))
        if approval is None:
            raise NotAllowed(N_("Changing a price needs the owner's approval."))
        line = self._line(index)
        self.lines[index] = replace(line, unit_price=price, override_by=approval.owner_id)

    def set_voucher(self, code: str) -> None:
        """The code as vouchers are kept: capitals, no spaces (a cashier types `hemat 10` for HEMAT10)."""
        self.voucher = "".join(code.split()).upper()

    def set_points(self, points: int) -> None:
        if points < 0:
            raise InvalidInput(N_("Points redeemed cannot be negative."))
        self.points = points

    def clear(self) -> None:
        self.lines.clear()
        self.discount = NO_DISCOUNT
        self.customer_id = None
        self.note = ""
        self.voucher = ""
        self.points = 0

    @property
    def is_empty(self) -> bool:
        return not self.lines

    def copy(self, lines: list[CartLine] | None = None) -> Cart:
        """The same cart (customer, discount, voucher, points) with its own list of lines, or with `lines`."""
        return replace(self, lines=list(self.lines if lines is None else lines))

    def priced(self, rule: PpnRule) -> PricedCart:
        return price_cart([x.as_pricing() for x in self.lines], self.discount, rule)

    def to_json(self) -> str:
        """The cart as text, for holding it across a restart."""

        def line_dict(line: CartLine) -> dict[str, Any]:
            d = asdict(line)
            d["product_id"] = line.product_id.hex
            d["override_by"] = line.override_by.hex if line.override_by else None
            d["qty"] = line.qty.milli
            d["unit_price"] = line.unit_price.rupiah
            d["list_price"] = line.list_price.rupiah
            d["discount"] = [line.discount.rupiah, line.discount.percent_bp]
            d["options"] = [
                [o.kind, o.name, o.price, o.modifier_id.hex if o.modifier_id else None] for o in line.options
            ]
            return d

        return json.dumps(
            {
                "lines": [line_dict(x) for x in self.lines],
                "discount": [self.discount.rupiah, self.discount.percent_bp],
                "customer_id": self.customer_id.hex if self.customer_id else None,
                "note": self.note,
                "voucher": self.voucher,
                "points": self.points,
            }
        )

    @staticmethod
    def from_json(text: str) -> Cart:
        data = json.loads(text)
        lines = [
            CartLine(
                ProductId(uuid.UUID(x["product_id"])),
                x["name"],
                x["unit"],
                x["barcode"],
                x["pack_milli"],
                Qty(x["qty"]),
                Money(x["unit_price"]),
                Money(x["list_price"]),
                Discount(*x["discount"]),
                x["ppn_exempt"],
                x["is_weighed"],
                UserId(uuid.UUID(x["override_by"])) if x["override_by"] else None,
                tuple(
                    LineOption(kind, name, price, uuid.UUID(mid) if mid else None)
                    for kind, name, price, mid in x.get("options", [])
                ),
            )
            for x in data["lines"]
        ]
        customer = CustomerId(uuid.UUID(data["customer_id"])) if data["customer_id"] else None
        return Cart(
            lines, Discount(*data["discount"]), customer, data["note"], data.get("voucher", ""), data.get("points", 0)
        )
