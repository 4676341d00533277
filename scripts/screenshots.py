"""The documentation's pictures of every screen, from the real window at 1366x768 on the demo warung as
`laci demo` makes it. Run by `scripts/screenshots`, which makes the demo shop and the screen; this drives the
window as a person would (through the keyboard and the widgets' own actions) and saves what the screen shows.

    .venv/bin/python scripts/screenshots.py DATA_DIR OUT_DIR
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "ui"))
from fit_support import problems

from pos.demo import data as demo_data
from pos.ledger.schema import ProductBarcode
from pos.ui.app import run_gui
from pos.ui.main_window import MainWindow

STEP_MS = 700  # time for the worker's reads and the paint after each step


def grab(out: Path, name: str, widget: QWidget | None = None) -> None:
    """The whole screen, as a person sees it (a dialog over the window included); or one widget. Anything cut
    off on the screen is said too (the fit test's own check, on the real window)."""
    QApplication.processEvents()
    screen = QGuiApplication.primaryScreen()
    picture = widget.grab() if widget is not None else screen.grabWindow(0)
    picture.save(str(out / f"{name}.png"))
    print(f"saved {name}.png {picture.width()}x{picture.height()}", flush=True)
    for window in QApplication.topLevelWidgets():
        if window.isVisible():
            for problem in problems(window):
                print(f"  cut on {name}: {problem}", flush=True)


def steps(window: MainWindow, out: Path) -> list[Callable[[], None]]:
    counter = window.counter
    checkout = counter.checkout
    owner_steps: list[Callable[[], None]] = []

    def show_tab(screen: QWidget, name: str, then: Callable[[], None] | None = None) -> None:
        def go() -> None:
            window.tabs.setCurrentWidget(screen)
            if then is not None:
                then()

        owner_steps.append(go)
        owner_steps.append(lambda: grab(out, name))

    def settings_section(section: QWidget, name: str) -> None:
        def go() -> None:
            window.tabs.setCurrentWidget(window.settings)
            window.settings.show_section(section)

        owner_steps.append(go)
        owner_steps.append(lambda: grab(out, name))

    first: list[Callable[[], None]] = [
        lambda: grab(out, "login"),
        lambda: counter.login.sign_in(demo_data.OWNER_NAME, demo_data.OWNER_PIN),
        lambda: None,  # the PIN's slow hash
        lambda: None,
        lambda: grab(out, "open-shift") if counter.currentWidget() is counter.open_shift else None,
        lambda: counter.open_shift.open_shift() if counter.currentWidget() is counter.open_shift else None,
        lambda: grab(out, "main-window"),
        lambda: checkout.open_search("kopi"),
        lambda: grab(out, "counter-search"),
        lambda: QTest.keyClick(checkout.search.field, "\r"),
        lambda: checkout.scan("3*" + first_code(window)),
        lambda: checkout.open_search("beras"),
        lambda: QTest.keyClick(checkout.search.field, "\r"),
        lambda: checkout.open_search("sabun"),
        lambda: QTest.keyClick(checkout.search.field, "\r"),
        lambda: grab(out, "counter-checkout"),
        checkout.pay,
        lambda: grab(out, "payment"),
        lambda: checkout.dialog.start_qris(),  # type: ignore[union-attr]
        lambda: grab(out, "payment-qris"),
        lambda: checkout.dialog.confirm_qris(),  # type: ignore[union-attr]
        lambda: grab(out, "counter-after-qris"),
        lambda: checkout.open_search("gula"),
        lambda: QTest.keyClick(checkout.search.field, "\r"),
        checkout.pay,
        lambda: checkout.dialog.add_note(1),  # type: ignore[union-attr]
        lambda: checkout.dialog.complete(),  # type: ignore[union-attr]
        lambda: grab(out, "counter-change"),
        checkout.errands.open_void,
        lambda: checkout.dialog.receipt.setText(checkout.last_sale.receipt_no),  # type: ignore[union-attr]
        lambda: checkout.dialog.find_sale(),  # type: ignore[union-attr]
        lambda: grab(out, "void"),
        lambda: checkout.dialog.reject(),  # type: ignore[union-attr]
        checkout.errands.open_close_shift,
        lambda: grab(out, "guide-shift-close"),
        lambda: checkout.dialog.reject(),  # type: ignore[union-attr]
    ]
    show_tab(window.dashboard, "guide-today", lambda: QTimer.singleShot(STEP_MS // 2, window.dashboard.refresh))
    owner_steps.append(lambda: grab(out, "dashboard"))
    show_tab(window.products, "products")
    show_tab(window.customers, "customers")
    show_tab(window.orders, "orders")
    show_tab(window.outreach, "outreach")
    show_tab(window.channels, "channels")
    show_tab(window.money, "money")
    show_tab(window.reports, "reports-screen")
    show_tab(window.books, "books")
    settings = window.settings
    for section, name in (
        (settings.shop, "settings"),
        (settings.printer, "guide-settings-printer"),
        (settings.qris, "settings-qris"),
        (settings.backup, "guide-settings-backup"),
        (settings.sync, "guide-settings-sync"),
    ):
        settings_section(section, name)
    return [*first, *owner_steps]


def first_code(window: MainWindow) -> str:
    """A barcode the demo sells, read from the products list the owner sees."""
    with window.tasks.db.read() as session:
        return str(session.execute(select(ProductBarcode.barcode).limit(1)).scalar_one())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir")
    parser.add_argument("out_dir", type=Path)
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)

    first_day = not (Path(args.data_dir) / "laci.sqlite3").exists()

    def shown(window: MainWindow) -> None:
        if first_day:
            # A new data folder: the first-run choice (the demo warung or one's own shop) over the window.
            QTimer.singleShot(1500, lambda: grab(args.out_dir, "first-run"))
            QTimer.singleShot(2000, QApplication.closeAllWindows)
            return
        todo: list[Callable[[], None]] = []

        def next_step() -> None:
            if not todo:
                window.close()
                return
            todo.pop(0)()
            QTimer.singleShot(STEP_MS, next_step)

        def start() -> None:
            if not window.counter.login.users:
                QTimer.singleShot(100, start)
                return
            todo.extend(steps(window, args.out_dir))
            next_step()

        QTimer.singleShot(1000, start)

    return run_gui(argparse.Namespace(data_dir=args.data_dir, lang=None), on_shown=shown)


if __name__ == "__main__":
    sys.exit(main())
