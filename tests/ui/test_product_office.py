"""Variants, add-on groups, recipes, production and waste as the owner works them on the products screen: each
checked on screen and in the books, bad input refused with a message and nothing written, and none of it within
a cashier's reach."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fit_support import ALL_SCREENS, Screen, problems, too_big
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from ui.products_support import cell, names, open_screen, pick, search, settle

from pos.i18n import _, ngettext
from pos.ledger.base.db import Database
from pos.ledger.base.money import Money, Qty
from pos.ledger.books import audit
from pos.ledger.books.approvals import NeedsApproval
from pos.ledger.schema import ProductionRun
from pos.ledger.stock import batches, modifiers, recipes, variants
from pos.ledger.stock.product_form import ProductDraft
from pos.ledger.stock.product_records import add_product, find_by_barcode, get_product
from pos.ledger.stock.recipes import Ingredient, set_recipe
from pos.ledger.stock.search import count_products, search_products
from pos.ledger.stock.stock_levels import adjust_stock, on_hand
from pos.ui.app import make_application
from pos.ui.products import ProductsScreen
from pos.ui.products.list_model import ProductListModel
from pos.ui.products.picker import ProductPicker
from pos.ui.products.product_extras import ExtrasDraft, write_all
from pos.ui.tasks import TaskManager

pytestmark = pytest.mark.slow  # a few seconds each: a screen, its dialogs and the worker


@pytest.fixture
def goods(db: Database, shop: Any) -> dict[str, uuid.UUID]:
    """A weaver's and a cafe's goods: cloth by the metre, thread, coffee by the gram, milk by the millilitre."""
    made: dict[str, uuid.UUID] = {}
    with db.write() as s:
        for name, price, cost, unit, stock in (
            ("Kain tenun ikat", 90_000, 60_000, "meter", 10),
            ("Benang jahit", 500, 200, "pcs", 100),
            ("Kopi bubuk robusta", 300, 200, "gram", 1000),
            ("Susu segar", 50, 30, "ml", 5000),
            ("Masker tenun", 25_000, 0, "pcs", 0),
            ("Es kopi susu", 15_000, 0, "gelas", 0),
        ):
            pid = add_product(s, name, Money(price), cost=Money(cost), unit=unit)
            if stock:
                adjust_stock(s, shop.owner.user_id, pid, Qty.units(stock), "ditemukan")
            made[name] = pid
    return made


@pytest.fixture
def screen(tasks: TaskManager, shop: Any, goods: dict[str, uuid.UUID], qtbot: Any) -> ProductsScreen:
    return open_screen(tasks, shop.owner, qtbot)


def choose(picker: ProductPicker, qtbot: Any, tasks: TaskManager, text: str) -> None:
    """Type into a product picker and press Enter, as the owner does, then wait for what it set off."""
    qtbot.keyClicks(picker.field, text)
    qtbot.keyClick(picker.field, Qt.Key.Key_Return)
    settle(tasks)


# --- variants ---------------------------------------------------------------------------------------------------


def test_variants_made_from_two_options_are_saved_and_listed_under_their_product(
    screen: ProductsScreen, qtbot: Any, db: Database
) -> None:
    dialog = screen.add_product()
    assert dialog is not None
    settle(screen.tasks)
    qtbot.keyClicks(dialog.name, "Masker motif")
    qtbot.keyClicks(dialog.sku, "MSK")
    qtbot.keyClicks(dialog.price, "25.000")
    qtbot.keyClicks(dialog.cost, "9000")
    dialog.tabs.setCurrentWidget(dialog.variants)
    tab = dialog.variants
    qtbot.keyClicks(tab.names[0], "Ukuran")
    qtbot.keyClicks(tab.values[0], "S, M")
    qtbot.keyClicks(tab.names[1], "Motif")
    qtbot.keyClicks(tab.values[1], "Sekar, Lurik")
    tab.make_button.click()
    assert tab.table.rowCount() == 4
    assert [tab.table.item(n, 0).text() for n in range(4)] == ["S / Sekar", "S / Lurik", "M / Sekar", "M / Lurik"]
    assert tab.table.item(0, tab.PRICE).text() == "25.000"
    tab.table.item(3, tab.PRICE).setText("27.500")  # the larger size in the busier motif costs more
    tab.table.item(3, tab.BARCODE).setText("2000000000015")
    dialog.save_button.click()
    settle(screen.tasks)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.status.text()

    with db.read() as s:
        parent = next(r for r in search_products(s, "Masker motif") if r.name == "Masker motif")
        made = variants.variants_of(s, parent.id)
        hit = find_by_barcode(s, "2000000000015")
    assert [(v.label, v.price.rupiah, v.cost.rupiah, v.sku) for v in made] == [
        ("S / Sekar", 25_000, 9_000, "MSK-S-SEKAR"),
        ("S / Lurik", 25_000, 9_000, "MSK-S-LURIK"),
        ("M / Sekar", 25_000, 9_000, "MSK-M-SEKAR"),
        ("M / Lurik", 27_500, 9_000, "MSK-M-LURIK"),
    ]
    assert hit is not None and hit.product.name == "Masker motif M / Lurik"

    search(screen, qtbot, "masker motif")
    shown = [screen.model.index(n, ProductListModel.NAME).data() for n in range(screen.model.rowCount())]
    assert shown[:5] == [
        "Masker motif · " + ngettext("{n} variant", "{n} variants", 4).format(n=4),
        "      ↳ S / Sekar",
        "      ↳ S / Lurik",
        "      ↳ M / Sekar",
        "      ↳ M / Lurik",
    ]
    with db.write() as s:  # goods found on the shelf: the product's line shows its variants' stock together
        adjust_stock(s, None, made[3].product_id, Qty.units(5), "ditemukan")
        adjust_stock(s, None, made[0].product_id, Qty.units(2), "ditemukan")
    screen.refresh()
    settle(screen.tasks)
    assert cell(screen, "Masker motif", ProductListModel.ON_HAND) == "7 pcs"
    search(screen, qtbot, "lurik")  # a value finds its variants
    assert names(screen) == ["Masker motif M / Lurik", "Masker motif S / Lurik"]

    # Opened again, the tab shows the options and the variants with their stock.
    pick(screen, qtbot, "Masker motif")
    again = screen.edit_selected()
    assert again is not None
    settle(screen.tasks)
    assert (again.variants.names[1].text(), again.variants.values[1].text()) == ("Motif", "Sekar, Lurik")
    assert again.variants.table.item(3, again.variants.ON_HAND).text() == "5 pcs"
    assert again.variants.table.item(3, again.variants.BARCODE).text() == "2000000000015"


def test_an_option_value_given_twice_is_refused_and_nothing_is_saved(
    screen: ProductsScreen, qtbot: Any, db: Database
) -> None:
    with db.read() as s:
        before = count_products(s)
    dialog = screen.add_product()
    assert dialog is not None
    settle(screen.tasks)
    qtbot.keyClicks(dialog.name, "Kaos polos")
    qtbot.keyClicks(dialog.price, "40.000")
    qtbot.keyClicks(dialog.variants.names[0], "Ukuran")
    qtbot.keyClicks(dialog.variants.values[0], "M, L, m")
    dialog.save_button.click()
    settle(screen.tasks)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.status.text() == _("A value of the option {name} is listed twice.").format(name="Ukuran")
    with db.read() as s:
        assert count_products(s) == before


# --- add-ons ----------------------------------------------------------------------------------------------------


def test_an_add_on_group_is_made_and_offered_on_a_product(screen: ProductsScreen, qtbot: Any, db: Database) -> None:
    groups = screen.addon_groups()
    assert groups is not None
    settle(screen.tasks)
    qtbot.keyClicks(groups.name, "Topping")
    groups.most.setValue(2)
    groups.choices.item(0, 0).setText("Es krim")
    groups.choices.item(0, 1).setText("5.000")
    groups.add_choice("Boba", 3_000)
    groups.add_choice("Cincau")
    groups.save_button.click()
    settle(screen.tasks)
    assert groups.status.text() == _("The group is saved."), groups.status.text()
    # A negative price is refused, and the group stays as it was saved.
    groups.choices.item(2, 1).setText("-500")
    groups.save_button.click()
    settle(screen.tasks)
    assert groups.status.text() == _("A price cannot be negative.")
    groups.accept()
    with db.read() as s:
        (topping,) = modifiers.all_groups(s)
    assert [(c.name, c.price) for c in topping.choices] == [("Es krim", 5_000), ("Boba", 3_000), ("Cincau", 0)]
    assert (topping.min_choices, topping.max_choices) == (0, 2)

    pick(screen, qtbot, "Es kopi susu")
    dialog = screen.edit_selected()
    assert dialog is not None
    settle(screen.tasks)
    dialog.tabs.setCurrentWidget(dialog.addons)
    limits = _("optional, up to {n}").format(n=2)
    assert dialog.addons.list.item(0).text() == f"Topping · {limits} · Es krim (+Rp 5.000), Boba (+Rp 3.000), Cincau"
    dialog.addons.check("Topping")
    dialog.save_button.click()
    settle(screen.tasks)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.status.text()
    with db.read() as s:
        product = next(r for r in search_products(s, "Es kopi susu"))
        assert [g.name for g in modifiers.groups_for(s, product.id)] == ["Topping"]


# --- recipes ----------------------------------------------------------------------------------------------------


def test_a_recipe_is_saved_with_its_cost_and_margin_shown(
    screen: ProductsScreen, qtbot: Any, db: Database, goods: dict[str, uuid.UUID]
) -> None:
    pick(screen, qtbot, "Es kopi susu")
    dialog = screen.edit_selected()
    assert dialog is not None
    settle(screen.tasks)
    tab = dialog.recipe
    dialog.tabs.setCurrentWidget(tab)
    assert tab.cost.text() == _("No recipe")
    choose(tab.picker, qtbot, screen.tasks, "kopi bubuk")
    tab.set_qty("Kopi bubuk robusta", "18")
    choose(tab.picker, qtbot, screen.tasks, "susu segar")
    tab.set_qty("Susu segar", "150")
    settle(screen.tasks)
    # 18 g at Rp 200 and 150 ml at Rp 30: Rp 8.100 against a price of Rp 15.000.
    assert tab.cost.text() == _("Cost from the recipe: {amount}").format(amount="Rp 8.100")
    assert tab.margin.text() == _("Margin: {amount}").format(amount="Rp 6.900")
    tab.made_to_order.setChecked(True)
    dialog.save_button.click()
    settle(screen.tasks)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.status.text()
    kopi = goods["Es kopi susu"]
    with db.read() as s:
        assert recipes.recipe_of(s, kopi) == (
            Ingredient(goods["Kopi bubuk robusta"], 18_000),
            Ingredient(goods["Susu segar"], 150_000),
        )
        assert recipes.is_made_to_order(s, kopi)
        assert recipes.recipe_cost(s, kopi).cost == 8_100

    pick(screen, qtbot, "Es kopi susu")
    again = screen.edit_selected()
    assert again is not None
    settle(screen.tasks)
    assert again.recipe.cost.text() == _("Cost from the recipe: {amount}").format(amount="Rp 8.100")
    assert again.recipe.made_to_order.isChecked()


@pytest.mark.parametrize(
    ("ingredient", "qty", "message"),
    [
        ("Es kopi susu", "1", "A product cannot be an ingredient of itself."),
        ("Susu segar", "-5", "The quantity must be more than zero."),
        ("Susu segar", "sedikit", "'{text}' is not a quantity."),
    ],
)
def test_a_bad_recipe_is_refused_and_nothing_is_saved(
    screen: ProductsScreen,
    qtbot: Any,
    db: Database,
    goods: dict[str, uuid.UUID],
    ingredient: str,
    qty: str,
    message: str,
) -> None:
    pick(screen, qtbot, "Es kopi susu")
    dialog = screen.edit_selected()
    assert dialog is not None
    settle(screen.tasks)
    dialog.price.setText("16.000")  # changed in the same Save: not kept either
    choose(dialog.recipe.picker, qtbot, screen.tasks, ingredient)
    dialog.recipe.set_qty(ingredient, qty)
    dialog.save_button.click()
    settle(screen.tasks)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.status.text() == _(message).format(text=qty)
    with db.read() as s:
        assert recipes.recipe_of(s, goods["Es kopi susu"]) == ()
        assert get_product(s, goods["Es kopi susu"]).price == Money(15_000)


# --- production and waste ---------------------------------------------------------------------------------------


def test_a_production_run_moves_the_materials_into_the_goods(
    screen: ProductsScreen, qtbot: Any, db: Database, shop: Any, goods: dict[str, uuid.UUID]
) -> None:
    masker, kain, benang = goods["Masker tenun"], goods["Kain tenun ikat"], goods["Benang jahit"]
    with db.write() as s:
        set_recipe(s, shop.owner, masker, [Ingredient(kain, 100), Ingredient(benang, 1_000)])
    pick(screen, qtbot, "Masker tenun")
    dialog = screen.production()
    assert dialog is not None
    assert dialog.chosen.text() == "Masker tenun"
    qtbot.keyClicks(dialog.qty, "20")
    dialog.plan_button.click()
    settle(screen.tasks)
    planned = [(dialog.table.item(n, 0).text(), dialog.table.item(n, 1).text()) for n in range(2)]
    assert planned == [("Kain tenun ikat", "2"), ("Benang jahit", "20")]  # 20 masks from 2 m and 20 threads
    dialog.set_used("Benang jahit", "24")  # a few threads broke
    dialog.book_button.click()
    settle(screen.tasks)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.status.text()
    assert screen.message.text() == _("The production was booked.")
    with db.read() as s:
        assert (on_hand(s, masker), on_hand(s, kain), on_hand(s, benang)) == (20_000, 8_000, 76_000)
        (run,) = s.query(ProductionRun).all()
        assert run.value == 2 * 60_000 + 24 * 200  # the materials' cost went into the masks
    assert cell(screen, "Masker tenun", ProductListModel.ON_HAND) == "20 pcs"


def test_a_production_of_a_negative_quantity_is_refused_and_nothing_moves(
    screen: ProductsScreen, qtbot: Any, db: Database, goods: dict[str, uuid.UUID]
) -> None:
    pick(screen, qtbot, "Masker tenun")
    dialog = screen.production()
    assert dialog is not None
    qtbot.keyClicks(dialog.qty, "-20")
    choose(dialog.extra, qtbot, screen.tasks, "kain tenun")
    dialog.set_used("Kain tenun ikat", "2")
    dialog.book_button.click()
    settle(screen.tasks)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.status.text() == _("The quantity must be more than zero.")
    with db.read() as s:
        assert on_hand(s, goods["Kain tenun ikat"]) == 10_000
        assert s.query(ProductionRun).count() == 0


def test_waste_is_recorded_with_its_reason(
    screen: ProductsScreen, qtbot: Any, db: Database, goods: dict[str, uuid.UUID]
) -> None:
    pick(screen, qtbot, "Susu segar")
    dialog = screen.record_waste()
    assert dialog is not None
    assert dialog.reason.currentData() == "terbuang" and dialog.reason.currentText() == _("Wasted")
    qtbot.keyClicks(dialog.qty, "250")
    qtbot.keyClicks(dialog.note, "Basi, kulkas mati semalam")
    dialog.book_button.click()
    settle(screen.tasks)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.status.text()
    with db.read() as s:
        assert on_hand(s, goods["Susu segar"]) == 4_750_000


# --- who may ----------------------------------------------------------------------------------------------------


def test_a_cashier_reaches_none_of_it(screen: ProductsScreen, shop: Any, db: Database) -> None:
    screen.set_actor(None)  # what the window sets for anyone but an owner
    for opened in (screen.addon_groups, screen.production, screen.record_waste, screen.add_product):
        assert opened() is None
    assert not any(b.isEnabled() for b in (screen.produce_button, screen.waste_button, screen.addons_button))
    # And the core refuses a cashier's save whoever calls it.
    draft = ProductDraft(name="Kaos", price=Money(40_000))
    with pytest.raises(NeedsApproval), db.write() as session:
        write_all(session, shop.cashier, draft, ExtrasDraft(options=(variants.Option("Ukuran", ("M", "L")),)), None)
    with db.read() as s:
        assert not search_products(s, "Kaos")


# --- fit and pictures -------------------------------------------------------------------------------------------


def _dialogs(
    screen: ProductsScreen, qtbot: Any, db: Database, shop: Any, goods: dict[str, uuid.UUID]
) -> Iterator[tuple[str, QWidget]]:
    """Each new dialog (and tab) with something in it: a product with variants, add-ons and a recipe, a group, a
    planned production run."""
    masker, kain, benang = goods["Masker tenun"], goods["Kain tenun ikat"], goods["Benang jahit"]
    with db.write() as s:
        set_recipe(s, shop.owner, masker, [Ingredient(kain, 100), Ingredient(benang, 1_000)])
        modifiers.save_group(
            s,
            shop.owner,
            "Tingkat gula",
            [modifiers.ChoiceSpec(n) for n in ("Normal", "Sedikit", "Tanpa gula")],
            min_choices=1,
        )
        modifiers.save_group(
            s,
            shop.owner,
            "Topping",
            [modifiers.ChoiceSpec("Es krim", 5_000), modifiers.ChoiceSpec("Boba", 3_000)],
            max_choices=2,
        )
        variants.set_options(
            s,
            shop.owner,
            masker,
            [variants.Option("Ukuran", ("S", "M", "L")), variants.Option("Motif", ("Sekar jagad", "Lurik"))],
        )
    pick(screen, qtbot, "Masker tenun")
    dialog = screen.edit_selected()
    assert dialog is not None
    settle(screen.tasks)
    for tab in (dialog.variants, dialog.addons, dialog.recipe):
        dialog.tabs.setCurrentWidget(tab)
        yield f"{_('Edit product')} / {dialog.tabs.tabText(dialog.tabs.indexOf(tab))}", dialog
    dialog.reject()
    groups = screen.addon_groups()
    assert groups is not None
    settle(screen.tasks)
    groups.list.setCurrentRow(1)
    yield _("Add-on groups"), groups
    groups.reject()
    pick(screen, qtbot, "Masker tenun")
    production = screen.production()
    assert production is not None
    qtbot.keyClicks(production.qty, "20")
    production.plan_button.click()
    settle(screen.tasks)
    yield _("Production"), production
    production.reject()


@pytest.mark.parametrize("size", ALL_SCREENS, ids=str)
def test_the_new_dialogs_fit(
    size: Screen, screen: ProductsScreen, qtbot: Any, db: Database, shop: Any, goods: dict[str, uuid.UUID]
) -> None:
    make_application()
    area = size.window_area
    found: list[str] = []
    for name, dialog in _dialogs(screen, qtbot, db, shop, goods):
        QApplication.processEvents()
        if big := too_big(dialog, area):
            found.append(f"{name}: {big}")
        dialog.resize(dialog.size().boundedTo(area).expandedTo(dialog.minimumSizeHint()))
        QApplication.processEvents()
        found.extend(f"{name}: {p}" for p in problems(dialog))
    assert not found, "\n".join(found)


def test_pictures_for_the_guide(
    screen: ProductsScreen, qtbot: Any, db: Database, shop: Any, goods: dict[str, uuid.UUID]
) -> None:
    """With LACI_SCREENSHOTS set to a folder, the dialogs at 1366x768 are saved there for the guide."""
    folder = os.environ.get("LACI_SCREENSHOTS")
    files = iter(("product-variants", "product-addons", "product-recipe", "addon-groups", "production"))
    make_application()
    for _name, dialog in _dialogs(screen, qtbot, db, shop, goods):
        dialog.resize(1000, 600)
        QApplication.processEvents()
        picture = dialog.grab()
        assert not picture.isNull()
        if folder:
            picture.save(str(Path(folder) / f"{next(files)}.png"))
    # The list with the product's variants under it, in a window of a 1366x768 laptop.
    screen.resize(1366, 768 - 40 - 32)
    search(screen, qtbot, "masker")
    assert cell(screen, "Masker tenun", ProductListModel.NAME) == "Masker tenun · " + ngettext(
        "{n} variant", "{n} variants", 6
    ).format(n=6)
    if folder:
        screen.grab().save(str(Path(folder) / "products-variants.png"))


def test_saving_a_product_again_leaves_its_untouched_variants_alone(
    screen: ProductsScreen, qtbot: Any, db: Database, shop: Any, goods: dict[str, uuid.UUID]
) -> None:
    masker = goods["Masker tenun"]
    with db.write() as s:
        variants.set_options(s, shop.owner, masker, [variants.Option("Ukuran", ("S", "M"))])
    pick(screen, qtbot, "Masker tenun")
    dialog = screen.edit_selected()
    assert dialog is not None
    settle(screen.tasks)
    dialog.name.setText("Masker tenun ikat")
    dialog.save_button.click()
    settle(screen.tasks)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.status.text()
    with db.read() as s:
        assert len(audit.entries(s, "product.options")) == 1  # the options as set before, not again
        assert [v.label for v in variants.variants_of(s, masker)] == ["S", "M"]


def test_a_variant_given_another_products_barcode_is_refused_and_nothing_is_saved(
    screen: ProductsScreen, qtbot: Any, db: Database, shop: Any
) -> None:
    with db.read() as s:
        before = count_products(s)
    dialog = screen.add_product()
    assert dialog is not None
    settle(screen.tasks)
    qtbot.keyClicks(dialog.name, "Kaos polos")
    qtbot.keyClicks(dialog.price, "40.000")
    qtbot.keyClicks(dialog.variants.names[0], "Ukuran")
    qtbot.keyClicks(dialog.variants.values[0], "M, L")
    dialog.variants.make_button.click()
    dialog.variants.table.item(1, dialog.variants.BARCODE).setText(shop.codes[0])  # Barang 1's
    dialog.save_button.click()
    settle(screen.tasks)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.status.text() == _("Barcode {code} already belongs to another product.").format(code=shop.codes[0])
    with db.read() as s:
        assert count_products(s) == before
        hit = find_by_barcode(s, shop.codes[0])
        assert hit is not None and hit.product.name == "Barang 1"


def test_goods_that_track_expiry_are_made_as_a_batch_with_their_day(
    screen: ProductsScreen, qtbot: Any, db: Database, shop: Any, goods: dict[str, uuid.UUID]
) -> None:
    masker, kain = goods["Masker tenun"], goods["Kain tenun ikat"]
    with db.write() as s:
        set_recipe(s, shop.owner, masker, [Ingredient(kain, 100)])
        batches.set_tracks_expiry(s, shop.owner, masker, True)
    pick(screen, qtbot, "Masker tenun")
    dialog = screen.production()
    assert dialog is not None
    qtbot.keyClicks(dialog.qty, "10")
    dialog.plan_button.click()
    settle(screen.tasks)
    dialog.book_button.click()  # no day given: the core asks for it, and nothing moves
    settle(screen.tasks)
    assert dialog.status.text() == _("{name} tracks expiry dates: give the day these expire.").format(
        name="Masker tenun"
    )
    with db.read() as s:
        assert on_hand(s, kain) == 10_000
    dialog.expires.setChecked(True)
    dialog.expires_on.setDate(QDate(2027, 6, 30))
    dialog.book_button.click()
    settle(screen.tasks)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.status.text()
    with db.read() as s:
        (lot,) = batches.lots(s, [masker])[masker]
        assert (lot.expires_on, lot.qty_milli, on_hand(s, kain)) == (dt.date(2027, 6, 30), 10_000, 9_000)
