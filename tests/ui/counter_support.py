"""What the window tests share: a shop as the counter finds it in the morning, and a driver that works the
counter through the keyboard. (Fixtures are in conftest.py, which uses these.)"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from shop_support import AT, CASHIER_PIN, OWNER_PIN, code

from pos.ledger.base.db import Database
from pos.ledger.base.ids import CustomerId, UserId
from pos.ledger.base.money import Money
from pos.ledger.books.approvals import Actor
from pos.ledger.counter.qris import crc_text
from pos.ledger.people.customers import add_customer
from pos.ledger.people.users import add_user
from pos.ledger.shop import settings
from pos.ledger.stock import product_records
from pos.ledger.stock.barcodes import ean13_with_check
from pos.ui.main_window import MainWindow
from pos.ui.tasks import TaskManager

W = TypeVar("W", bound=QWidget)

SUGAR_PLU = "12345"
SUGAR_PRICE = 16_000  # per kg


def weighed_label(plu: str, grams: int) -> str:
    """An in-store scale label (prefix 20, weight in grams), as the shop's scale prints it."""
    return ean13_with_check(f"20{plu}{grams:05d}")


def _tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def static_qris() -> str:
    """A merchant's static QRIS payload with a correct check code."""
    account = _tlv("00", "ID.CO.QRIS.WWW") + _tlv("01", "936001230000123456") + _tlv("02", "ID1023456789012")
    body = (
        _tlv("00", "01")
        + _tlv("01", "11")
        + _tlv("51", account)
        + _tlv("52", "5411")
        + _tlv("53", "360")
        + _tlv("58", "ID")
        + _tlv("59", "WARUNG BU SRI")
        + _tlv("60", "YOGYAKARTA")
        + "6304"
    )
    return body + crc_text(body)


@dataclass
class Shop:
    owner: Actor
    cashier: Actor
    codes: list[str]
    customer: CustomerId


def set_up_shop(db: Database, products: int = 6) -> Shop:
    """People, products (barcodes `code(n)`, Rp 5.000 x n), loose sugar by weight, a kasbon customer and a
    static QRIS, and no shift open: the counter as it stands before the first login of the day."""
    with db.write() as s:
        owner_id = add_user(s, "Bu Sri", "owner", OWNER_PIN, at=AT)
        owner = Actor(UserId(owner_id), "Bu Sri", "owner")
        cashier_id = add_user(s, "Dewi", "cashier", CASHIER_PIN, at=AT, by=owner)
        codes = []
        for n in range(1, products + 1):
            codes.append(code(n))
            product_records.add_product(
                s,
                f"Barang {n}",
                Money(5_000 * n),
                cost=Money(4_000 * n),
                barcodes=[product_records.BarcodeSpec(codes[-1])],
            )
        product_records.add_product(
            s, "Gula pasir curah", Money(SUGAR_PRICE), cost=Money(13_000), plu=SUGAR_PLU, unit="kg", is_weighed=True
        )
        customer = add_customer(s, "Pak Budi", phone="0812345678", credit_limit=Money(500_000))
        settings.put(s, "qris.static_payload", static_qris())
    return Shop(owner, Actor(UserId(cashier_id), "Dewi", "cashier"), codes, customer)


class CounterDriver:
    """Works the counter through the keyboard, as a cashier does, and waits for the database worker."""

    def __init__(self, window: MainWindow, tasks: TaskManager, qtbot: Any) -> None:
        self.window = window
        self.tasks = tasks
        self.qtbot = qtbot
        self.screen = window.counter
        self.checkout = window.counter.checkout

    def idle(self) -> None:
        """Wait for the worker and for what its answers set off (queued edits, focus handed back, more tasks)."""
        for _round in range(20):
            assert self.tasks.wait_idle(), "the database worker did not finish"
            for _event in range(3):
                QApplication.processEvents()
            if not self.tasks.busy:
                return
        raise AssertionError("the counter kept the worker busy")

    def focus(self) -> QWidget:
        """The widget with the keyboard focus, once the window system has activated its window."""
        self.qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=2000)
        widget = QApplication.focusWidget()
        assert widget is not None
        return widget

    def active(self, kind: type[W]) -> W:
        """The window of `kind` that has just opened, once it is active (activation is asynchronous)."""
        self.qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), kind), timeout=2000)
        found = QApplication.activeWindow()
        assert isinstance(found, kind)
        return found

    def at_scan_field(self) -> bool:
        """Wait until the focus is back in the scan field; False if it never comes back."""
        field = self.checkout.scan_field
        try:
            self.qtbot.waitUntil(lambda: QApplication.focusWidget() is field, timeout=2000)
        except AssertionError:
            return False
        return True

    def key(self, key: Qt.Key | str, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        """Press `key` wherever the focus is, as a person would."""
        self.qtbot.keyClick(self.focus(), key, modifier)

    def type(self, text: str, *, enter: bool = False) -> None:
        self.qtbot.keyClicks(self.focus(), text)
        if enter:
            self.key(Qt.Key.Key_Return)

    def log_in(self, number: str, pin: str) -> None:
        self.screen.login.load()  # the people as the test set them up
        self.idle()
        self.qtbot.keyClick(self.screen.login, number)
        self.type(pin, enter=True)
        self.idle()

    def scan(self, text: str) -> None:
        """What a keyboard-wedge scanner does: the code's keys, fast, then Enter, into whatever has the focus."""
        self.type(text, enter=True)

    def cart(self) -> list[tuple[str, str]]:
        model = self.checkout.model
        return [
            (model.index(row, model.NAME).data(), model.index(row, model.QTY).data()) for row in range(model.rowCount())
        ]
