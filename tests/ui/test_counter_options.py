"""Products that ask before they go in the cart: a variant from its grid, add-ons and a note, by keyboard as a
cashier works, and what happens when the shop changes underneath an open dialog."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from counter_support import CounterDriver, Shop
from PySide6.QtCore import Qt
from shop_support import CASHIER_PIN, code

from pos.i18n import _
from pos.ledger.base.db import Database
from pos.ledger.base.money import MILLI, Money, Qty
from pos.ledger.counter.shifts import open_shift
from pos.ledger.schema import SaleLineOption
from pos.ledger.selling.sales import SaleResult
from pos.ledger.slips.receipts import receipt_for_sale
from pos.ledger.stock import modifiers
from pos.ledger.stock.modifiers import ChoiceSpec
from pos.ledger.stock.product_records import BarcodeSpec, add_product
from pos.ledger.stock.products import add_barcode, set_active
from pos.ledger.stock.purchases import PurchaseItem, add_supplier, receive_goods
from pos.ledger.stock.variants import Option, set_options
from pos.printing.layout import as_text, lines_for
from pos.ui.counter.addon_choice import AddonDialog
from pos.ui.counter.payment import PaymentDialog
from pos.ui.counter.variant_grid import VariantGridDialog
from pos.ui.widgets.scanner import BURST_GAP_S, DOUBLE_READ_S

F = Qt.Key
KAOS_M_BIRU = code(40)
LATTE = code(41)


@dataclass(frozen=True)
class Goods:
    kaos: uuid.UUID
    variants: dict[str, uuid.UUID]  # "M / Biru" -> the variant
    latte: uuid.UUID
    sugar: uuid.UUID  # required, one of three, free
    extras: uuid.UUID  # optional, up to two, priced


def stock_goods(db: Database, shop: Shop) -> Goods:
    """A T-shirt in three sizes and two colours (some in stock, M / Biru with its own barcode) and an iced coffee
    with a required sugar level and priced extras."""
    owner = shop.owner
    with db.write() as s:
        kaos = add_product(s, "Kaos polos", Money(50_000), cost=Money(20_000))
        made = set_options(s, owner, kaos, [Option("Ukuran", ("S", "M", "L")), Option("Warna", ("Merah", "Biru"))])
        variants = {v.label: v.product_id for v in made}
        add_barcode(s, variants["M / Biru"], BarcodeSpec(KAOS_M_BIRU))
        supplier = add_supplier(s, "Konveksi Bu Tini")
        items = [
            PurchaseItem(variants[x], Qty(3 * MILLI), Money(60_000)) for x in ("S / Merah", "M / Merah", "M / Biru")
        ]
        receive_goods(s, owner, items, supplier_id=supplier, paid_with="cash")
        latte = add_product(s, "Es kopi susu", Money(18_000), barcodes=[BarcodeSpec(LATTE)])
        sugar = modifiers.save_group(
            s,
            owner,
            "Gula",
            [ChoiceSpec("Normal"), ChoiceSpec("Sedikit gula"), ChoiceSpec("Tanpa gula")],
            min_choices=1,
        )
        extras = modifiers.save_group(
            s, owner, "Tambahan", [ChoiceSpec("Extra shot", 5_000), ChoiceSpec("Oat milk", 6_000)], max_choices=2
        )
        modifiers.offer_groups(s, owner, latte, [sugar, extras])
        keripik = add_product(s, "Keripik singkong", Money(8_000))
        set_options(s, owner, keripik, [Option("Rasa", ("Original", "Pedas", "Balado", "Keju", "Jagung"))])
        open_shift(s, shop.cashier, Money(100_000))
    return Goods(kaos, variants, latte, sugar, extras)


@pytest.fixture
def goods(db: Database, shop: Shop) -> Goods:
    return stock_goods(db, shop)


@pytest.fixture
def selling(goods: Goods, driver: CounterDriver) -> CounterDriver:
    driver.log_in("2", CASHIER_PIN)
    assert driver.at_scan_field()
    return driver


def search_for(driver: CounterDriver, text: str) -> None:
    driver.key(F.Key_F2)
    driver.type(text)
    driver.idle()
    driver.key(F.Key_Return)
    driver.idle()


def sales(driver: CounterDriver) -> list[SaleResult]:
    found: list[SaleResult] = []
    driver.checkout.sale_completed.connect(found.append)
    return found


def test_a_variant_is_picked_from_its_grid_by_keyboard_and_its_barcode_needs_no_grid(
    selling: CounterDriver, shop: Shop, goods: Goods
) -> None:
    search_for(selling, "Kaos polos")
    selling.active(VariantGridDialog)
    selling.key(F.Key_Escape)  # the customer changed their mind: nothing changes
    selling.idle()
    assert selling.checkout.dialog is None and selling.cart() == []
    assert selling.checkout.status.text() == _("{name} was not added.").format(name="Kaos polos")
    assert selling.at_scan_field()
    search_for(selling, "Kaos polos")
    grid = selling.active(VariantGridDialog)
    assert grid.grid.rows == ("S", "M", "L") and grid.grid.columns == ("Merah", "Biru")
    # Each cell shows its price and stock; the ones with none say so.
    assert grid.cells[(0, 0)].text() == _("{price}\nstock {qty}").format(price="Rp 50.000", qty="3")
    assert grid.cells[(2, 1)].text() == _("{price}\nout of stock").format(price="Rp 50.000")
    assert grid.here == (0, 0)
    selling.scan(shop.codes[0])  # another item scanned meanwhile: it is scanned, and its Enter picks nothing
    selling.idle()
    assert selling.checkout.dialog is grid and selling.cart() == [("Barang 1", "1")]
    selling.key(F.Key_Down)  # M
    selling.key(F.Key_Right)  # Biru
    selling.key(F.Key_Return)
    selling.idle()
    assert selling.checkout.dialog is None
    assert selling.cart() == [("Barang 1", "1"), ("Kaos polos M / Biru", "1")]
    # The same variant scanned by its own barcode goes straight in: no grid.
    selling.scan(KAOS_M_BIRU)
    selling.idle()
    assert selling.checkout.dialog is None
    assert selling.cart() == [("Barang 1", "1"), ("Kaos polos M / Biru", "2")]
    assert selling.at_scan_field()


def test_a_required_add_on_blocks_until_chosen_and_a_priced_one_is_sold(
    db: Database, selling: CounterDriver, goods: Goods
) -> None:
    done = sales(selling)
    selling.scan(LATTE)
    selling.idle()
    selling.active(AddonDialog)
    selling.key(F.Key_1)
    selling.key(F.Key_Escape)  # Esc, even with a choice ticked, adds nothing
    selling.idle()
    assert selling.checkout.dialog is None and selling.cart() == []
    assert selling.at_scan_field()
    # The same code again sooner than a person can show a label twice is a scanner's double read, and dropped.
    selling.qtbot.wait(int(DOUBLE_READ_S * 1000) + 50)
    selling.scan(LATTE)
    selling.idle()
    dialog = selling.active(AddonDialog)
    assert not dialog.ok_button.isEnabled()
    assert dialog.reason.text() == _("Choose one of {group}.").format(group="Gula")
    assert dialog.total.text() == "Rp 18.000"
    selling.key(F.Key_Return)  # refused: nothing is added while the sugar level is missing
    selling.idle()
    assert selling.checkout.dialog is dialog and selling.cart() == []
    selling.key(F.Key_2)  # Sedikit gula
    assert dialog.ok_button.isEnabled() and dialog.reason.text() == ""
    selling.key(F.Key_3)  # Tanpa gula instead: one of the group, so the tick moves
    selling.key(F.Key_2)  # and back
    selling.key(F.Key_4)  # Extra shot, Rp 5.000
    assert dialog.total.text() == "Rp 23.000"
    selling.key(F.Key_5)  # Oat milk, Rp 6.000
    assert dialog.total.text() == "Rp 29.000"
    selling.key(F.Key_5)  # off again
    selling.type("e")  # a letter starts the note,
    assert selling.focus() is dialog.note
    selling.type("s dikit")  # and the rest goes there
    selling.qtbot.wait(int(BURST_GAP_S * 1000) + 50)  # a person's pause: at test speed, note and Enter read as a scan
    selling.key(F.Key_Return)
    selling.idle()
    assert selling.checkout.dialog is None
    assert selling.cart() == [("Es kopi susu\n   + Sedikit gula, Extra shot; es dikit", "1")]
    assert selling.checkout.totals.total.text() == "Rp 23.000"
    selling.key(F.Key_F12)
    payment = selling.active(PaymentDialog)
    assert payment.due.text() == "Rp 23.000"
    selling.type("23000", enter=True)
    selling.key(F.Key_F12)
    selling.idle()
    assert done and done[-1].total == 23_000
    with db.read() as s:
        chosen = s.query(SaleLineOption).filter(SaleLineOption.sale_id == done[-1].sale_id).all()
        assert sorted((o.kind, o.name, int(o.price)) for o in chosen) == [
            ("addon", "Extra shot", 5_000),
            ("addon", "Sedikit gula", 0),
            ("note", "es dikit", 0),
        ]
        paper = as_text(lines_for(receipt_for_sale(s, done[-1].sale_id), 42), 42)
    for printed in ("Sedikit gula", "Extra shot +5.000", "es dikit"):
        assert printed in paper


def test_a_variant_archived_while_the_grid_is_open_is_refused_and_shown_as_not_sold(
    db: Database, selling: CounterDriver, shop: Shop, goods: Goods
) -> None:
    search_for(selling, "Kaos polos")
    grid = selling.active(VariantGridDialog)
    with db.write() as s:
        set_active(s, shop.owner, goods.variants["S / Merah"], False)  # the owner, on the back-office screen
    selling.key(F.Key_Return)  # S / Merah, highlighted first
    selling.idle()
    assert selling.checkout.dialog is grid and selling.cart() == []
    assert grid.status.text() == _("{name} is no longer sold.").format(name="Kaos polos S / Merah")
    assert grid.cells[(0, 0)].text() == _("Not sold")
    selling.key(F.Key_Return)  # still not sold: a beep and the reason, nothing asked of the core
    assert grid.status.text() == _("That one is not sold; choose another.")
    selling.key(F.Key_Right)
    selling.key(F.Key_Return)
    selling.idle()
    assert selling.cart() == [("Kaos polos S / Biru", "1")]


def test_an_add_on_group_retired_while_choosing_is_refused_and_dropped(
    db: Database, selling: CounterDriver, shop: Shop, goods: Goods, qtbot: Any
) -> None:
    selling.scan(LATTE)
    selling.idle()
    dialog = selling.active(AddonDialog)
    qtbot.mouseClick(dialog.buttons[0], Qt.MouseButton.LeftButton)  # Normal, by touch
    selling.key(F.Key_4)  # Extra shot
    assert dialog.chosen == {dialog.flat[0][1].id, dialog.flat[3][1].id}
    with db.write() as s:
        modifiers.retire_group(s, shop.owner, goods.extras)
    selling.key(F.Key_Return)
    selling.idle()
    assert selling.checkout.dialog is dialog and selling.cart() == []
    assert dialog.reason.text() == _("That add-on is not offered on this product.")
    assert [g.name for g in dialog.groups] == ["Gula"] and dialog.total.text() == "Rp 18.000"
    selling.key(F.Key_Return)
    selling.idle()
    assert selling.cart() == [("Es kopi susu\n   + Normal", "1")]


def test_one_option_shows_as_buttons_a_tap_picks_and_a_double_click_changes_the_add_ons(
    selling: CounterDriver, goods: Goods, qtbot: Any
) -> None:
    search_for(selling, "Keripik singkong")
    grid = selling.active(VariantGridDialog)
    assert grid.one_option and len(grid.cells) == 5
    assert grid.cells[(0, 2)].text().startswith("Balado\n") and grid.cells[(1, 0)].text().startswith("Jagung\n")
    qtbot.mouseClick(grid.cells[(0, 1)], Qt.MouseButton.LeftButton)
    selling.idle()
    assert selling.checkout.dialog is None and selling.cart() == [("Keripik singkong Pedas", "1")]
    selling.scan(LATTE)
    selling.idle()
    selling.active(AddonDialog)
    selling.key(F.Key_1)
    selling.key(F.Key_Return)
    selling.idle()
    view = selling.checkout.view
    name = view.visualRect(selling.checkout.model.index(1, selling.checkout.model.NAME)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=name)  # a double click's first press
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=name)
    selling.idle()
    dialog = selling.active(AddonDialog)
    assert dialog.chosen == {dialog.flat[0][1].id}


def test_a_scan_into_the_add_ons_is_scanned_and_the_add_ons_can_be_changed_later(
    selling: CounterDriver, shop: Shop, goods: Goods, qtbot: Any
) -> None:
    selling.scan(LATTE)
    selling.idle()
    dialog = selling.active(AddonDialog)
    selling.key(F.Key_1)
    qtbot.wait(int(BURST_GAP_S * 1000) + 30)  # a person's key, then the scanner's burst
    selling.scan(shop.codes[0])  # the next item, scanned while the dialog waits
    selling.idle()
    assert selling.checkout.dialog is dialog
    assert dialog.chosen == {dialog.flat[0][1].id}  # the scan's digits ticked nothing
    assert selling.cart() == [("Barang 1", "1")]
    selling.key(F.Key_Return)
    selling.idle()
    assert selling.cart() == [("Barang 1", "1"), ("Es kopi susu\n   + Normal", "1")]
    selling.key(F.Key_F5)  # the chosen line: the coffee
    selling.idle()
    dialog = selling.active(AddonDialog)
    assert dialog.ok_button.label == _("Save") and dialog.chosen == {dialog.flat[0][1].id}
    selling.key(F.Key_5)  # Oat milk
    selling.key(F.Key_Return)
    selling.idle()
    assert selling.cart() == [("Barang 1", "1"), ("Es kopi susu\n   + Normal, Oat milk", "1")]
    assert selling.checkout.totals.total.text() == "Rp 29.000"
