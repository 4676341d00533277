"""The checkout and the payment dialog at 1280x800 with a realistic cart: nothing clipped, type large enough.

With LACI_SCREENSHOTS set to a folder, the two screens are also saved there as the documentation's pictures
(`LACI_SCREENSHOTS=docs/screenshots pytest tests/ui/test_counter_screenshots.py`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from counter_support import SUGAR_PLU, CounterDriver, weighed_label
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from shop_support import AT, CASHIER_PIN, OWNER_PIN

from pos.ledger.base.db import Database
from pos.ledger.base.ids import UserId
from pos.ledger.base.money import Money
from pos.ledger.books.approvals import Actor
from pos.ledger.counter.shifts import open_shift
from pos.ledger.people.customers import add_customer
from pos.ledger.people.users import add_user
from pos.ledger.shop import settings
from pos.ledger.stock import product_records
from pos.ledger.stock.barcodes import ean13_with_check
from pos.ui.counter.payment import PaymentDialog
from pos.ui.widgets.buttons import COMPACT_HEIGHT
from pos.ui.widgets.style import TOTAL_POINT_SIZE, TOUCH_HEIGHT

# (name, price, barcode body) as a warung in Yogyakarta sells them.
GOODS = [
    ("Indomie Goreng Spesial 85 g", 3_500, "899100000001"),
    ("Teh Botol Sosro 450 ml", 5_500, "899100000002"),
    ("Minyak Goreng Bimoli 2 L", 38_900, "899100000003"),
    ("Aqua Air Mineral 600 ml", 4_000, "899100000004"),
    ("Kopi Kapal Api Special Mix 10 x 25 g", 16_500, "899100000005"),
]


def set_up_warung(db: Database) -> list[str]:
    with db.write() as s:
        owner_id = add_user(s, "Bu Sri", "owner", OWNER_PIN, at=AT)
        owner = Actor(UserId(owner_id), "Bu Sri", "owner")
        cashier_id = add_user(s, "Dewi", "cashier", CASHIER_PIN, at=AT, by=owner)
        codes = []
        for name, price, body in GOODS:
            codes.append(ean13_with_check(body))
            product_records.add_product(
                s, name, Money(price), cost=Money(price * 8 // 10), barcodes=[product_records.BarcodeSpec(codes[-1])]
            )
        product_records.add_product(
            s, "Gula Pasir Curah", Money(16_000), cost=Money(13_500), plu=SUGAR_PLU, unit="kg", is_weighed=True
        )
        add_customer(s, "Pak Budi", phone="0812345678", credit_limit=Money(500_000))
        from counter_support import static_qris

        settings.put(s, "qris.static_payload", static_qris())
        open_shift(s, Actor(UserId(cashier_id), "Dewi", "cashier"), Money(200_000), at=AT)
    return codes


def clipped(root: QWidget) -> list[str]:
    """Visible buttons and labels whose text is wider than the room they have."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, QPushButton | QLabel):
            continue
        if isinstance(widget, QLabel) and (widget.wordWrap() or not widget.text() or widget.pixmap()):
            continue
        metrics = widget.fontMetrics()
        room = widget.contentsRect().width() - (24 if isinstance(widget, QPushButton) else 0)
        for line in widget.text().split("\n"):
            if metrics.horizontalAdvance(line) > room:
                found.append(f"{type(widget).__name__} {line!r}: {metrics.horizontalAdvance(line)} > {room}")
    return found


def save(widget: QWidget, name: str, tmp_path: Path) -> Path:
    folder = Path(os.environ.get("LACI_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    assert widget.grab().save(str(path))
    return path


def test_checkout_and_payment_read_well(db: Database, tasks: Any, qtbot: Any, tmp_path: Path) -> None:
    codes = set_up_warung(db)
    from pos.ui.main_window import MainWindow

    window = MainWindow(tasks)
    qtbot.addWidget(window)
    window.resize(1366, 696)  # maximised on the most common laptop screen, 1366x768
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    driver = CounterDriver(window, tasks, qtbot)
    driver.log_in("2", CASHIER_PIN)
    checkout = driver.checkout
    for scan in (codes[0], f"3*{codes[0]}", codes[1], codes[2], weighed_label(SUGAR_PLU, 750), codes[3], codes[4]):
        driver.scan(scan)
    driver.idle()
    assert checkout.model.rowCount() == 6

    total_font = checkout.totals.total.font()
    assert total_font.pointSizeF() >= 48 and total_font.bold() and TOTAL_POINT_SIZE >= 48
    buttons = [b for b in checkout.findChildren(QPushButton) if b.isVisible()]
    assert buttons and all(b.height() >= COMPACT_HEIGHT for b in buttons)
    assert all(b.height() >= TOUCH_HEIGHT for b in (*checkout.key_buttons.values(), *checkout.more_buttons.values()))
    assert clipped(window) == []
    save(window, "counter-checkout.png", tmp_path)

    driver.key(Qt.Key.Key_F12)
    dialog = driver.active(PaymentDialog)
    driver.type("20000", enter=True)  # Rp 20.000 in cash
    driver.key(Qt.Key.Key_F9)  # the rest by QRIS
    assert dialog.qr.modules > 0
    dialog.resize(1140, 696)  # as it opens on a 1366x768 laptop (the test screen is smaller)
    QApplication.processEvents()
    assert dialog.due.font().pointSizeF() >= 48
    assert clipped(dialog) == []
    save(dialog, "payment-qris.png", tmp_path)
