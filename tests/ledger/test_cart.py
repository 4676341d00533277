"""Tests of the cart at the counter: scans (pieces, packs, scale labels, `3*CODE`), quantities, discounts and
price overrides."""

from __future__ import annotations

import pytest
from builders import Item, add_item, cart_of, ean, readable, scale_label
from sqlalchemy.orm import Session

from pos.ledger.base.clock import utc_now
from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput, NotAllowed, NotFound
from pos.ledger.base.ids import UserId, new_id
from pos.ledger.base.money import Money, Qty
from pos.ledger.books.approvals import Approval
from pos.ledger.counter.cart import Cart, line_for_scan, split_quantity_prefix
from pos.ledger.counter.pricing import Discount, PpnRule
from pos.ledger.stock.barcodes import DEFAULT_FORMATS, ean13_with_check
from pos.ledger.stock.product_records import BarcodeSpec

NO_PPN = PpnRule()
OWNER_ID = UserId(new_id())

INDOMIE = ean(1)  # piece Rp 3.500
INDOMIE_BOX = ean(2)  # box of 40 at Rp 120.000 (less than 40 x 3.500 = 140.000)
TEH_PACK = ean(4)  # pack of 12 with no pack price: 12 x Rp 4.000
GULA_PLU = "00123"  # Gula pasir, Rp 16.000/kg, weighed at the counter
DAGING_PLU = "04567"  # Daging sapi, Rp 140.000/kg, pre-packed with price labels


@pytest.fixture
def shop(db: Database) -> Database:
    with db.write() as s:
        add_item(
            s,
            "Indomie goreng",
            3_500,
            cost=2_800,
            barcode=INDOMIE,
            packs=[BarcodeSpec(INDOMIE_BOX, 40_000, Money(120_000))],
        )
        add_item(s, "Teh botol", 4_000, cost=3_000, n=3, packs=[BarcodeSpec(TEH_PACK, 12_000)])
        add_item(s, "Gula pasir", 16_000, cost=12_000, n=5, plu=GULA_PLU, unit="kg", is_weighed=True)
        add_item(s, "Daging sapi", 140_000, cost=110_000, n=6, plu=DAGING_PLU, unit="kg", is_weighed=True)
    return db


def approval() -> Approval:
    return Approval(OWNER_ID, "price_override", utc_now(), "harga grosir")


def scan_one(s: Session, code: str, qty: Qty | None = None) -> Cart:
    cart = Cart()
    cart.add(line_for_scan(s, code, DEFAULT_FORMATS, qty))
    return cart


def totals(cart: Cart) -> list[int]:
    return [x.gross for x in cart.priced(NO_PPN).lines]


# --- scans ----------------------------------------------------------------------------------------------------


def test_scanning_a_piece(shop: Database) -> None:
    with shop.read() as s:
        (line,) = cart_of(s, INDOMIE).lines
    assert (line.name, line.barcode, line.qty, line.unit_price, line.pack_milli) == (
        "Indomie goreng",
        INDOMIE,
        Qty.units(1),
        Money(3_500),
        1_000,
    )
    assert not line.overridden


def test_scanning_a_box_adds_its_pieces_at_the_box_price(shop: Database) -> None:
    with shop.read() as s:
        cart = cart_of(s, INDOMIE_BOX)
    (line,) = cart.lines
    assert (line.qty, line.pack_milli, line.unit_price) == (Qty.units(1), 40_000, Money(120_000))
    assert totals(cart) == [120_000]


def test_a_pack_without_its_own_price_costs_its_pieces(shop: Database) -> None:
    with shop.read() as s:
        cart = cart_of(s, TEH_PACK)
    assert cart.lines[0].pack_milli == 12_000
    assert totals(cart) == [48_000]  # 12 x Rp 4.000


def test_quantity_prefix(shop: Database) -> None:
    with shop.read() as s:
        cart = cart_of(s, f"3*{INDOMIE}", f" 2 * {INDOMIE_BOX}")
    assert [x.qty for x in cart.lines] == [Qty.units(3), Qty.units(2)]
    assert totals(cart) == [10_500, 240_000]


@pytest.mark.parametrize(
    ("text", "qty", "code"),
    [
        ("3*8990000000015", Qty(3_000), "8990000000015"),
        ("1,5*8990000000015", Qty(1_500), "8990000000015"),
        ("0.25 * 8990000000015", Qty(250), "8990000000015"),
        (" 8990000000015 ", None, "8990000000015"),
        ("*8990000000015", None, "*8990000000015"),
    ],
)
def test_split_quantity_prefix(text: str, qty: Qty | None, code: str) -> None:
    assert split_quantity_prefix(text) == (qty, code)


def test_a_repeat_scan_adds_to_the_line(shop: Database) -> None:
    with shop.read() as s:
        cart = cart_of(s, INDOMIE, ean(3), INDOMIE, f"2*{INDOMIE}", INDOMIE_BOX, INDOMIE_BOX)
    # Pieces and boxes of the same noodles are different lines; each grows with its own scans.
    assert [(x.barcode, x.qty) for x in cart.lines] == [
        (INDOMIE, Qty.units(4)),
        (ean(3), Qty.units(1)),
        (INDOMIE_BOX, Qty.units(2)),
    ]


def test_a_weighed_label_carries_the_weight(shop: Database) -> None:
    # Worked example: 1,25 kg of gula at Rp 16.000/kg = Rp 20.000. Label 20 | 00123 | 01250 | check digit.
    label = scale_label("20", GULA_PLU, 1_250)
    with shop.read() as s:
        cart = cart_of(s, label)
    (line,) = cart.lines
    assert (line.name, line.qty, line.unit_price, line.barcode, line.is_weighed) == (
        "Gula pasir",
        Qty(1_250),
        Money(16_000),
        label,
        True,
    )
    assert totals(cart) == [20_000]


def test_weighed_labels_are_never_merged(shop: Database) -> None:
    with shop.read() as s:
        cart = cart_of(s, scale_label("21", GULA_PLU, 500), scale_label("21", GULA_PLU, 500))
    assert [x.qty for x in cart.lines] == [Qty(500), Qty(500)]


def test_a_price_label_charges_its_price(shop: Database) -> None:
    # Rp 35.000 of daging at Rp 140.000/kg is 250 g; the customer pays what the label says.
    label = scale_label("25", DAGING_PLU, 35_000)
    with shop.read() as s:
        cart = cart_of(s, label)
    (line,) = cart.lines
    assert (line.name, line.qty, line.unit_price, line.pack_milli) == ("Daging sapi", Qty.units(1), Money(35_000), 250)
    assert totals(cart) == [35_000]


def test_a_scale_label_with_a_wrong_check_digit_is_a_misread(shop: Database) -> None:
    good = scale_label("20", GULA_PLU, 1_250)
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    with pytest.raises(InvalidInput) as caught, shop.read() as s:
        cart_of(s, bad)
    readable(caught.value, "The barcode was not read correctly; scan it again.")


def test_a_retail_barcode_with_a_wrong_check_digit_is_a_misread(shop: Database) -> None:
    with pytest.raises(InvalidInput) as caught, shop.read() as s:
        cart_of(s, INDOMIE[:-1] + str((int(INDOMIE[-1]) + 3) % 10))
    readable(caught.value, "The barcode was not read correctly; scan it again.")


@pytest.mark.parametrize(
    "code",
    [ean(999), scale_label("20", "99999", 1_000), scale_label("26", "99999", 5_000), "KODE-TOKO-7"],
)
def test_an_unknown_barcode_is_not_found(shop: Database, code: str) -> None:
    with pytest.raises(NotFound) as caught, shop.read() as s:
        cart_of(s, code)
    readable(caught.value, "Barcode {code} is not in the product list.")
    assert caught.value.params == {"code": code}


def test_a_shops_own_code_can_be_a_barcode(db: Database) -> None:
    with db.write() as s:
        add_item(s, "Es batu", 2_000, barcode="ES-1")
        assert totals(cart_of(s, "ES-1", "2*ES-1")) == [6_000]


def test_an_explicit_quantity(shop: Database) -> None:
    with shop.read() as s:
        cart = scan_one(s, INDOMIE, Qty.units(5))
    assert cart.lines[0].qty == Qty.units(5)


@pytest.mark.parametrize("qty", [Qty(-1_000), Qty(-1)])
def test_a_negative_quantity_is_refused(shop: Database, qty: Qty) -> None:
    with pytest.raises(InvalidInput) as caught, shop.read() as s:
        scan_one(s, INDOMIE, qty)
    readable(caught.value, "The quantity must be more than zero.")


def test_a_zero_quantity_scan_is_refused(shop: Database) -> None:
    # BUG (pos/ledger/counter/cart.py, line_for_scan: `qty = qty or prefix_qty or Qty.units(1)`): Qty(0) is falsy, so
    # `0*CODE` (or qty=Qty(0)) silently becomes one piece instead of being refused.
    with shop.read() as s:
        for attempt in (lambda: cart_of(s, f"0*{INDOMIE}"), lambda: scan_one(s, INDOMIE, Qty(0))):
            with pytest.raises(InvalidInput) as caught:
                attempt()
            readable(caught.value, "The quantity must be more than zero.")


def test_a_zero_weight_label_is_refused(shop: Database) -> None:
    # BUG (pos/ledger/counter/cart.py, line_for_scan, weighed branch): a scale label of 0 g makes a cart line of
    # quantity 0, which then breaks the pricing of the whole cart on screen instead of being refused at the scan.
    with pytest.raises(InvalidInput) as caught, shop.read() as s:
        cart_of(s, scale_label("20", GULA_PLU, 0))
    readable(caught.value, "The scale label shows no weight or price; weigh the item again.")


def test_a_fraction_of_a_piece_is_refused_when_scanned(shop: Database) -> None:
    # BUG (pos/ledger/counter/cart.py, line_for_scan): Cart.set_qty refuses 0,5 of a piece, but the scan `0,5*CODE`
    # puts half a packet of noodles (Rp 1.750) in the cart.
    with pytest.raises(InvalidInput) as caught, shop.read() as s:
        cart_of(s, f"0,5*{INDOMIE}")
    readable(caught.value, "{name} is sold in whole pieces.")


def test_a_quantity_prefix_on_a_price_label_counts(shop: Database) -> None:
    # BUG (pos/ledger/counter/cart.py, line_for_scan, in-store branch): the prefix is dropped for scale labels, so
    # `3*` on three identical pre-packed Rp 35.000 packs charges Rp 35.000 instead of Rp 105.000.
    label = scale_label("25", DAGING_PLU, 35_000)
    with shop.read() as s:
        cart = cart_of(s, f"3*{label}")
    assert sum(totals(cart)) == 105_000


# --- changing the cart ----------------------------------------------------------------------------------------


@pytest.fixture
def cart(shop: Database) -> Cart:
    with shop.read() as s:
        return cart_of(s, f"2*{INDOMIE}", ean(3), scale_label("20", GULA_PLU, 1_250))


def test_change_quantity(cart: Cart) -> None:
    cart.set_qty(0, Qty.units(5))
    cart.set_qty(2, Qty(750))  # weighed: decimals are normal
    assert totals(cart) == [17_500, 4_000, 12_000]


@pytest.mark.parametrize("qty", [Qty(0), Qty(-2_000)])
def test_change_quantity_to_zero_or_less_is_refused(cart: Cart, qty: Qty) -> None:
    with pytest.raises(InvalidInput) as caught:
        cart.set_qty(0, qty)
    readable(caught.value, "The quantity must be more than zero.")
    assert cart.lines[0].qty == Qty.units(2)


def test_a_piece_cannot_have_decimals(cart: Cart) -> None:
    with pytest.raises(InvalidInput) as caught:
        cart.set_qty(0, Qty(1_500))
    assert readable(caught.value, "{name} is sold in whole pieces.") == "Indomie goreng is sold in whole pieces."


def test_remove_a_line(cart: Cart) -> None:
    removed = cart.remove(1)
    assert removed.name == "Teh botol"
    assert [x.name for x in cart.lines] == ["Indomie goreng", "Gula pasir"]


@pytest.mark.parametrize("index", [3, -1, 99])
def test_no_such_line(cart: Cart, index: int) -> None:
    with pytest.raises(InvalidInput) as caught:
        cart.remove(index)
    readable(caught.value, "There is no line {n} in the cart.")


def test_line_discount_in_rupiah_and_percent(cart: Cart) -> None:
    cart.set_line_discount(0, Discount(rupiah=500))  # 7.000 - 500
    cart.set_line_discount(2, Discount(percent_bp=1_250))  # 12,5% of 20.000 = 2.500
    priced = cart.priced(NO_PPN)
    assert [x.net for x in priced.lines] == [6_500, 4_000, 17_500]
    assert priced.exact_due == 28_000


def test_line_discount_larger_than_the_line_is_refused(cart: Cart) -> None:
    with pytest.raises(InvalidInput) as caught:
        cart.set_line_discount(1, Discount(rupiah=4_001))
    readable(caught.value, "The discount is larger than the amount it applies to.")
    assert cart.lines[1].discount == Discount()


def test_cart_discount_shares_add_up(cart: Cart) -> None:
    # Rp 1.000 off 7.000 + 4.000 + 20.000 = 31.000: 225,8 / 129,0 / 645,2 -> 226 / 129 / 645.
    cart.set_discount(Discount(rupiah=1_000))
    priced = cart.priced(NO_PPN)
    assert [x.cart_discount for x in priced.lines] == [226, 129, 645]
    assert priced.exact_due == 30_000


def test_price_override_needs_the_owner(cart: Cart) -> None:
    with pytest.raises(NotAllowed) as caught:
        cart.override_price(0, Money(3_000), None)
    readable(caught.value, "Changing a price needs the owner's approval.")
    assert cart.lines[0].unit_price == Money(3_500)
    cart.override_price(0, Money(3_000), approval())
    line = cart.lines[0]
    assert (line.unit_price, line.list_price, line.override_by, line.overridden) == (
        Money(3_000),
        Money(3_500),
        OWNER_ID,
        True,
    )
    assert totals(cart)[0] == 6_000


def test_a_negative_price_override_is_refused(cart: Cart) -> None:
    with pytest.raises(InvalidInput) as caught:
        cart.override_price(0, Money(-1), approval())
    readable(caught.value, "A price cannot be negative.")


def test_clear(cart: Cart) -> None:
    cart.set_discount(Discount(percent_bp=500))
    cart.customer_id = new_id()  # type: ignore[assignment]
    cart.clear()
    assert cart.is_empty and cart.discount == Discount() and cart.customer_id is None


def test_a_held_cart_comes_back_the_same(cart: Cart) -> None:
    cart.set_line_discount(1, Discount(percent_bp=1_000))
    cart.override_price(0, Money(3_000), approval())
    cart.set_discount(Discount(rupiah=250))
    cart.customer_id = new_id()  # type: ignore[assignment]
    cart.note = "titip, diambil sore"
    again = Cart.from_json(cart.to_json())
    assert again == cart
    assert again.priced(NO_PPN) == cart.priced(NO_PPN)


def test_ean13_builder_matches_the_barcode_module() -> None:
    assert ean(1) == ean13_with_check("899000000001")
    assert Item.__slots__  # builders' product record stays a light value
