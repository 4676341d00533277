"""The print queue in the window: the status bar says how the printer is doing, the queue says what waits and
why in Indonesian, and a person can retry now, send a slip to another printer, or cancel one with a reason
(audited). Its worker prints by itself. The printer form offers what this computer can drive."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
from fake_win32 import windows
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from shop_support import Counter, code, sell, set_up_counter

from pos.ledger.base.clock import utc_now
from pos.ledger.base.db import Database
from pos.ledger.base.money import Money
from pos.ledger.books import audit
from pos.ledger.counter import print_queue
from pos.ledger.counter.payments import Payment
from pos.ledger.schema import PrintJob
from pos.ledger.shop import settings
from pos.printing.queue_worker import print_pending
from pos.ui.print_queue import PrintQueueDialog, PrintQueueStatus
from pos.ui.settings.fields import FieldForm, choose
from pos.ui.settings.printer import PrinterFields
from pos.ui.tasks import TaskManager


def refused_uri() -> str:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return f"tcp://127.0.0.1:{s.getsockname()[1]}"


@pytest.fixture
def counter(db: Database) -> Counter:
    shop = set_up_counter(db)
    with db.write() as s:
        settings.put(s, "printer.uri", refused_uri())
    sell(shop, shop.cashier, [(code(1), 1)], [Payment("cash", Money(10_000))], at=utc_now())
    return shop


@pytest.fixture
def queue(tasks: TaskManager, qtbot: Any) -> Iterator[PrintQueueStatus]:
    parent = QWidget()  # the window, held for as long as the test runs
    qtbot.addWidget(parent)
    status = PrintQueueStatus(tasks, parent)
    yield status
    status.stop()


def rows(db: Database) -> list[PrintJob]:
    with db.read() as s:
        return list(s.query(PrintJob).order_by(PrintJob.created_at, PrintJob.id))


def opened(queue: PrintQueueStatus, tasks: TaskManager) -> PrintQueueDialog:
    dialog = queue.open_queue()
    assert tasks.wait_idle()
    return dialog


def test_the_status_bar_and_the_queue_say_what_waits_and_why(
    counter: Counter, queue: PrintQueueStatus, tasks: TaskManager
) -> None:
    print_pending(counter.db)  # the printer is off
    queue.refresh()
    assert tasks.wait_idle()
    assert queue.button.text() == "Printer: 2 slip menunggu"
    assert "tidak bisa dihubungi" in queue.button.toolTip()
    dialog = opened(queue, tasks)
    assert dialog.summary.text() == "Printer: 2 slip menunggu"
    assert dialog.problem.text().startswith("Masalah terakhir: Printer tcp://127.0.0.1:")
    slips = [dialog.model.text(row, 1) for row in range(dialog.model.rowCount())]
    states = [dialog.model.text(row, 2) for row in range(dialog.model.rowCount())]
    number = slips[1].removeprefix("Struk ")
    assert slips == [f"Laci kas ({number})", f"Struk {number}"]
    assert states[0].startswith("Belum tercetak (1 kali): Printer tcp://127.0.0.1:")
    assert "Dicoba lagi pukul" in states[0] and states[1] == "Menunggu"


def test_cancel_a_slip_with_a_reason_audited(
    counter: Counter, queue: PrintQueueStatus, tasks: TaskManager, qtbot: Any
) -> None:
    queue.set_actor(counter.cashier)
    dialog = opened(queue, tasks)
    dialog.table.selectRow(0)
    assert dialog.cancel_button.isEnabled() and not dialog.other_button.isEnabled()  # a drawer stays put
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    reason = dialog.reason_dialog
    reason.submit()
    assert tasks.wait_idle()
    assert reason.status.text() == "Tulis alasan slip ini dibatalkan."
    reason.reason.setText("Laci dibuka pakai kunci")
    reason.submit()
    assert tasks.wait_idle()
    assert dialog.said.text() == "Slip dikeluarkan dari antrean."
    with counter.db.read() as s:
        [entry] = audit.entries(s, "print.cancel")
    assert (entry.reason, entry.user_id, entry.detail["kind"]) == (
        "Laci dibuka pakai kunci",
        counter.cashier.user_id,
        "drawer",
    )
    assert [r.status for r in rows(counter.db)] == ["cancelled", "pending"]
    assert dialog.model.rowCount() == 1


def test_print_one_slip_on_another_printer_audited(
    counter: Counter, queue: PrintQueueStatus, tasks: TaskManager, qtbot: Any
) -> None:
    queue.set_actor(counter.owner)
    dialog = opened(queue, tasks)
    dialog.table.selectRow(1)
    qtbot.mouseClick(dialog.other_button, Qt.MouseButton.LeftButton)
    other = dialog.address_dialog
    other.address.setCurrentText("printer-kasir")
    other.submit()
    assert tasks.wait_idle()
    assert "'printer-kasir' bukan alamat printer." in other.status.text()
    other.address.setCurrentText("preview:")
    other.submit()
    assert tasks.wait_idle()
    assert dialog.said.text() == "Slip dikirim ke preview:."
    with counter.db.read() as s:
        [moved] = audit.entries(s, "print.redirect")
    assert moved.user_id == counter.owner.user_id and moved.detail["to"] == "preview:"
    run = print_pending(counter.db)  # the shop's printer is still off; that one slip goes elsewhere
    assert len(run.printed) == 1 and [r.status for r in rows(counter.db)] == ["pending", "printed"]


def test_retry_now_clears_the_wait(counter: Counter, queue: PrintQueueStatus, tasks: TaskManager, qtbot: Any) -> None:
    print_pending(counter.db)
    assert all(r.next_try_at is not None for r in rows(counter.db))
    dialog = opened(queue, tasks)
    qtbot.mouseClick(dialog.retry_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_idle()
    assert dialog.said.text() == "Printer dicoba lagi sekarang."
    assert all(r.next_try_at is None for r in rows(counter.db))


def test_the_worker_prints_by_itself_and_the_button_says_so(
    counter: Counter, queue: PrintQueueStatus, tasks: TaskManager, qtbot: Any
) -> None:
    with counter.db.write() as s:
        settings.put(s, "printer.uri", "preview:")
    queue.start()
    try:
        # The worker starts once its module is loaded on the I/O pool; the button says so after its pass.
        qtbot.waitUntil(lambda: queue.worker is not None and queue.worker.passes > 0, timeout=10_000)
        qtbot.waitUntil(lambda: queue.button.text() == "Printer: tidak ada yang menunggu", timeout=10_000)
    finally:
        queue.stop()
    assert [r.status for r in rows(counter.db)] == ["printed", "printed"]
    with counter.db.read() as s:
        assert print_queue.status(s).pending == 0


def fields(tasks: TaskManager, qtbot: Any) -> PrinterFields:
    form = FieldForm()
    qtbot.addWidget(form)
    from pos.ledger.slips.slip_types import ShopHeader

    return PrinterFields(tasks, form, lambda: ShopHeader("Warung Bu Sri"), more=True)


def kinds(printer: PrinterFields) -> list[str]:
    return [str(printer.kind.itemData(i)) for i in range(printer.kind.count())]


def test_the_printer_form_on_windows_lists_its_printers_and_writes_com_ports(
    tasks: TaskManager, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with windows(monkeypatch) as spooler:
        spooler.add("POS-58")
        spooler.add("EPSON TM-T82")
        printer = fields(tasks, qtbot)
        assert "win32" in kinds(printer) and "file" not in kinds(printer) and "cups" not in kinds(printer)
        choose(printer.kind, "serial")
        assert printer.address.placeholderText() == "misalnya COM3?baud=9600"
        choose(printer.kind, "win32")
        assert printer.form.form.isRowVisible(printer.windows)
        listed = [printer.windows.itemText(i) for i in range(printer.windows.count())]
        assert listed == ["Pilih printer…", "EPSON TM-T82", "POS-58"]
        printer.windows.activated.emit(2)
        assert printer.uri() == "win32:POS-58"


def test_the_printer_form_elsewhere_offers_no_windows_printers_and_cups_only_with_cups(
    tasks: TaskManager, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    monkeypatch.setattr("sys.platform", "linux")
    printer = fields(tasks, qtbot)
    has_cups = importlib.util.find_spec("cups") is not None
    assert "win32" not in kinds(printer) and "file" in kinds(printer) and ("cups" in kinds(printer)) == has_cups
    choose(printer.kind, "serial")
    assert printer.address.placeholderText() == "misalnya /dev/ttyUSB0?baud=9600"
    assert not printer.form.form.isRowVisible(printer.windows)
    printer.set_address("win32:POS-58", 32)  # a setting from a Windows computer is kept as it is
    assert printer.uri() == "win32:POS-58"
