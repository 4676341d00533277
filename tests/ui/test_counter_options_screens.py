"""The variant grid and the add-on choice as they open over the counter on a 1366x768 laptop: nothing clipped,
cells and choices thumb-sized, the archived and the empty variants told apart from the rest.

With LACI_SCREENSHOTS set to a folder, both are also saved there as the guide's pictures
(`LACI_SCREENSHOTS=docs/screenshots pytest tests/ui/test_counter_options_screens.py`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from counter_support import CounterDriver, Shop
from options_support import weaver_and_cafe
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from shop_support import CASHIER_PIN
from test_counter_screenshots import clipped, save

from pos.i18n import _
from pos.ledger.base.db import Database
from pos.ledger.base.money import Money
from pos.ledger.counter.shifts import open_shift
from pos.ui.counter.addon_choice import AddonDialog
from pos.ui.counter.variant_grid import CELL_HEIGHT, VariantGridDialog
from pos.ui.widgets.scanner import BURST_GAP_S
from pos.ui.widgets.style import TOUCH_HEIGHT


def test_the_grid_and_the_add_ons_read_well(
    db: Database, shop: Shop, driver: CounterDriver, qtbot: Any, tmp_path: Path
) -> None:
    menu = weaver_and_cafe(db, shop.owner)
    with db.write() as s:
        open_shift(s, shop.cashier, Money(100_000))
    driver.window.resize(1366, 696)  # maximised on the most common laptop screen, 1366x768
    driver.log_in("2", CASHIER_PIN)
    checkout = driver.checkout

    checkout.add_product(menu.masker)
    driver.idle()
    grid = driver.active(VariantGridDialog)
    driver.key(Qt.Key.Key_Down)
    QApplication.processEvents()
    texts = {place: cell.text() for place, cell in grid.cells.items()}
    assert texts[(0, 1)] == _("Not sold")  # S / Ikat, archived
    assert texts[(2, 2)] == _("{price}\nout of stock").format(price="Rp 25.000")  # L / Lurik, none bought
    assert all(cell.height() >= CELL_HEIGHT for cell in grid.cells.values())
    assert clipped(grid) == []
    save(grid, "counter-variant-grid.png", tmp_path)
    driver.key(Qt.Key.Key_Escape)
    driver.idle()

    checkout.add_product(menu.kopi)
    driver.idle()
    addons = driver.active(AddonDialog)
    for key in (Qt.Key.Key_2, Qt.Key.Key_4, Qt.Key.Key_6):
        driver.key(key)
    driver.type("t")
    driver.type("anpa sedotan")
    QApplication.processEvents()
    assert addons.total.text() == "Rp 27.000" and addons.ok_button.isEnabled()
    assert all(button.height() >= TOUCH_HEIGHT for button in addons.buttons)
    assert addons.height() <= 696 and clipped(addons) == []
    save(addons, "counter-addons.png", tmp_path)
    # A person's Enter after a note: typed as fast as a test types, note and Enter would read as a scan.
    qtbot.wait(int(BURST_GAP_S * 1000) + 50)
    driver.key(Qt.Key.Key_Return)
    driver.idle()
    checkout.add_product(menu.masker)
    driver.idle()
    driver.active(VariantGridDialog)
    driver.key(Qt.Key.Key_Down)
    driver.key(Qt.Key.Key_Return)
    driver.idle()
    # The add-ons and the note under the coffee's name, whole, in a row tall enough for them.
    assert [line.name for line in checkout.model.cart.lines] == [
        "Es kopi susu gula aren",
        "Masker tenun tiga lapis M / Songket",
    ]
    first = checkout.view.visualRect(checkout.model.index(0, checkout.model.NAME))
    assert first.height() > TOUCH_HEIGHT and checkout.totals.total.text() == "Rp 52.000"
    assert clipped(driver.window) == []
    save(driver.window, "counter-options-cart.png", tmp_path)
