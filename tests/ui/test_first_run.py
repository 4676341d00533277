"""The first-run setup, as a new shop owner goes through it: every step typed in, wrong answers refused in
Indonesian beside their field, one write at the end; or the demo warung instead."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QWidget
from screen_checks import SCREEN, app_font, clipped, save
from setup_support import NIB, NPWP_TYPED, OWNER, OWNER_PIN, damaged_qris, qris

from pos.demo import data as demo_data
from pos.ledger.base.db import Database
from pos.ledger.people.users import authenticate, list_users
from pos.ledger.setup.new_shop import PIN, PIN_AGAIN, needs_setup
from pos.ledger.shop import settings
from pos.paths import database_path
from pos.ui.app import open_shop, run_gui
from pos.ui.main_window import MainWindow
from pos.ui.settings.fields import choose
from pos.ui.setup.pages import Step
from pos.ui.setup.wizard import SetupWizard
from pos.ui.tasks import TaskManager


@pytest.fixture
def new_folder(tmp_path: Path, qapp: object) -> Iterator[tuple[Database, TaskManager]]:
    """A data folder as `laci` opens it the very first time: a bare shop, nobody in it."""
    db = open_shop(tmp_path / "new")
    tasks = TaskManager(db)
    yield db, tasks
    tasks.shutdown()
    db.dispose()


def _wizard(tasks: TaskManager, qtbot: Any, **options: Any) -> SetupWizard:
    wizard = SetupWizard(tasks, **options)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def _next(wizard: SetupWizard, qtbot: Any, tasks: TaskManager) -> Step:
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_idle(30)
    return wizard.current


def _type(qtbot: Any, field: QWidget, text: str) -> None:
    field.setFocus()
    qtbot.keyClicks(field, text)


def _retype(qtbot: Any, field: Any, text: str) -> None:
    field.clear()
    _type(qtbot, field, text)


def test_a_new_shop_is_set_up_step_by_step(new_folder: tuple[Database, TaskManager], qtbot: Any) -> None:
    db, tasks = new_folder
    wizard = _wizard(tasks, qtbot)
    ready: list[object] = []
    wizard.ready.connect(ready.append)
    assert wizard.current is wizard.welcome and not wizard.welcome.wants_demo

    assert _next(wizard, qtbot, tasks) is wizard.shop
    # Nothing typed: the shop's name and the owner's are needed, and said so beside their fields.
    assert _next(wizard, qtbot, tasks) is wizard.shop
    assert wizard.shop.form.problem("shop.name") == "Toko perlu nama."
    assert wizard.shop.form.problem("shop.owner") == "Pemilik perlu nama."
    _type(qtbot, wizard.shop.name, "Toko Ani")
    _type(qtbot, wizard.shop.owner, OWNER)
    _type(qtbot, wizard.shop.address, "Jl. Kaliurang km 7")
    _type(qtbot, wizard.shop.city, "Sleman")
    _type(qtbot, wizard.shop.phone, "0812 2233 4455")
    qtbot.keyClick(wizard.shop.phone, Qt.Key.Key_Return)  # Enter moves on, as the button says
    assert wizard.current is wizard.taxes
    qtbot.keyClick(wizard.taxes.nib, Qt.Key.Key_Escape)  # a stray Esc throws nothing away
    assert wizard.isVisible()

    _type(qtbot, wizard.taxes.nib, NIB)
    _type(qtbot, wizard.taxes.npwp, "01.234.567.8-901")  # three digits short
    wizard.taxes.pkp.setChecked(True)
    choose(wizard.taxes.ppn_mode, "exclusive")
    assert _next(wizard, qtbot, tasks) is wizard.taxes
    assert wizard.taxes.form.problem("shop.npwp") == "NPWP terdiri dari 15 atau 16 angka; yang ini 12 angka."
    assert wizard.status.text() == "Perbaiki isian yang ditandai."
    _retype(qtbot, wizard.taxes.npwp, NPWP_TYPED)
    assert _next(wizard, qtbot, tasks) is wizard.pin

    _type(qtbot, wizard.pin.pin, OWNER_PIN)
    _type(qtbot, wizard.pin.pin_again, "482914")
    assert _next(wizard, qtbot, tasks) is wizard.pin
    assert wizard.pin.form.problem(PIN_AGAIN) == "Kedua PIN tidak sama."
    assert wizard.pin.form.problem(PIN) == ""
    _retype(qtbot, wizard.pin.pin_again, OWNER_PIN)
    assert _next(wizard, qtbot, tasks) is wizard.printer

    fields = wizard.printer.printer
    choose(fields.kind, "tcp")
    _type(qtbot, fields.address, "192.168.1.50:99999")
    assert _next(wizard, qtbot, tasks) is wizard.printer
    assert wizard.printer.form.problem("printer.uri") == (
        "Port di 'tcp://192.168.1.50:99999' harus berupa angka 1 sampai 65535."
    )
    choose(fields.kind, "preview")  # no paper here: the slip goes to the screen, through the same path
    choose(fields.width, 48)
    qtbot.mouseClick(fields.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: fields.test_button.isEnabled())
    assert fields.test_status.text() == "Lembar tes dikirim ke preview: (48 karakter per baris)."
    assert "Toko Ani" in fields.test_status.toolTip()  # the slip carries the name typed a step earlier
    assert _next(wizard, qtbot, tasks) is wizard.qris

    wizard.qris.payload.setPlainText(damaged_qris())
    assert wizard.qris.reading.text() == ""
    assert _next(wizard, qtbot, tasks) is wizard.qris
    assert wizard.qris.form.problem("qris.static_payload") == "Kode QRIS rusak: kode pemeriksa (CRC) tidak cocok."
    wizard.qris.payload.setPlainText(qris()[:40] + "\n" + qris()[40:])  # pasted wrapped over two lines
    assert wizard.qris.reading.text() == "QRIS atas nama TOKO ANI, SLEMAN."
    assert _next(wizard, qtbot, tasks) is wizard.finish_step

    summary = wizard.finish_step.summary()
    assert summary["Toko"] == "Toko Ani"
    assert summary["NPWP"] == NPWP_TYPED
    assert summary["PPN"] == "PKP: PPN ditambahkan di atas harga"
    with db.read() as s:
        assert needs_setup(s)  # nothing is written before the last step
    with qtbot.waitSignal(wizard.accepted, timeout=10_000):
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_idle()

    with db.read() as s:
        values = settings.load(s)
        people = list_users(s)
        assert not needs_setup(s)
    assert values.shop_name == "Toko Ani"
    assert values.shop_owner == OWNER
    assert values.shop_address == "Jl. Kaliurang km 7"
    assert values.shop_city == "Sleman"
    assert values.shop_phone == "0812-2233-4455"  # checked and kept in the one form phone numbers have
    assert values.shop_nib == NIB
    assert values.shop_npwp == NPWP_TYPED
    assert values.ppn_mode == "exclusive"
    assert values.printer_uri == "preview:"
    assert values.printer_columns == 48
    assert values.qris_static_payload == qris()
    assert [(u.name, u.role) for u in people] == [(OWNER, "owner")]
    (owner,) = ready
    assert authenticate(db, people[0].id, OWNER_PIN) == owner


def test_a_refusal_at_the_end_leads_back_to_its_field(new_folder: tuple[Database, TaskManager], qtbot: Any) -> None:
    # Someone set the shop up from another window meanwhile (`laci init` and `laci user add`, say).
    db, tasks = new_folder
    wizard = _wizard(tasks, qtbot)
    wizard.shop.name.setText("Toko Ani")
    wizard.shop.owner.setText(OWNER)
    wizard.pin.pin.setText(OWNER_PIN)
    wizard.pin.pin_again.setText(OWNER_PIN)
    wizard.go_to(wizard.finish_step)
    wizard.shop.name.setText(" ")  # changed behind the step's back: the core checks everything again
    _next(wizard, qtbot, tasks)
    assert wizard.current is wizard.shop
    assert wizard.shop.form.problem("shop.name") == "Toko perlu nama."
    assert wizard.isVisible()
    with db.read() as s:
        assert needs_setup(s)


def test_the_demo_warung_instead(new_folder: tuple[Database, TaskManager], qtbot: Any) -> None:
    db, tasks = new_folder
    wizard = _wizard(tasks, qtbot, demo_products=20, demo_days=1)
    ready: list[object] = []
    wizard.ready.connect(ready.append)
    qtbot.mouseClick(wizard.welcome.demo, Qt.MouseButton.LeftButton)
    assert wizard.welcome.wants_demo and not wizard.welcome.own.isChecked()
    assert len(wizard.step_labels) == 2  # the steps ahead are the demo's now
    assert _next(wizard, qtbot, tasks) is wizard.demo
    assert [line.text() for line in wizard.step_labels] == ["1   Selamat datang", "2   Warung contoh"]

    _next(wizard, qtbot, tasks)  # builds it
    assert ready == [None]
    assert wizard.status.text() == ""
    assert wizard.demo.progress.value() == wizard.demo.progress.maximum() == 2
    text = wizard.demo.result.text()
    assert f"{demo_data.OWNER_NAME} (pemilik) dengan PIN {demo_data.OWNER_PIN}" in text
    assert f"{demo_data.CASHIER_NAME} (kasir) dengan PIN {demo_data.CASHIER_PIN}" in text
    with qtbot.waitSignal(wizard.accepted):
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)

    with db.read() as s:
        assert settings.load(s).shop_name == demo_data.SHOP_NAME
        owner = next(u for u in list_users(s) if u.role == "owner")
    assert authenticate(db, owner.id, demo_data.OWNER_PIN).name == demo_data.OWNER_NAME


def _run(folder: Path, drive: Any) -> int:
    """`laci` on `folder`, with `drive(window, wizard)` called once the window is up; never hangs a test."""

    def shown(window: MainWindow) -> None:
        QTimer.singleShot(30_000, window.close)
        drive(window, window.findChild(SetupWizard))

    return run_gui(argparse.Namespace(data_dir=str(folder), lang=None), on_shown=shown)


def test_laci_on_a_new_data_folder_sets_the_shop_up_then_logs_in(tmp_path: Path, qapp: object) -> None:
    seen: dict[str, Any] = {}

    def drive(window: MainWindow, wizard: SetupWizard | None) -> None:
        assert wizard is not None and wizard.isVisible() and wizard.isModal()
        wizard.shop.name.setText("Toko Ani")
        wizard.shop.owner.setText(OWNER)
        wizard.pin.pin.setText(OWNER_PIN)
        wizard.pin.pin_again.setText(OWNER_PIN)
        wizard.go_to(wizard.finish_step)
        wizard.next()

        def logged_in_page() -> None:
            login = window.counter.login
            if not login.users:
                QTimer.singleShot(20, logged_in_page)
                return
            seen["people"] = [b.label for b in login.user_buttons]
            seen["title"] = window.windowTitle()
            seen["wizard"] = wizard.isVisible()
            window.close()

        QTimer.singleShot(20, logged_in_page)

    assert _run(tmp_path / "shop", drive) == 0
    assert seen == {"people": [f"{OWNER}\nPemilik"], "title": "Laci — Toko Ani", "wizard": False}


def test_closing_the_setup_closes_laci_and_it_asks_again_next_time(tmp_path: Path, qapp: object) -> None:
    asked: list[bool] = []

    def close_it(window: MainWindow, wizard: SetupWizard | None) -> None:
        asked.append(wizard is not None)
        assert wizard is not None
        wizard.shop.name.setText("Toko Ani")
        wizard.reject()

    assert _run(tmp_path / "shop", close_it) == 0
    assert _run(tmp_path / "shop", close_it) == 0
    assert asked == [True, True]
    db = open_shop(tmp_path / "shop")
    try:
        assert database_path(tmp_path / "shop").exists()
        with db.read() as s:
            assert needs_setup(s) and list_users(s, active_only=False) == []
    finally:
        db.dispose()


def test_a_shop_with_people_starts_at_the_login(db: Database, shop: object, qapp: object) -> None:
    # A shop that has its people (set up, or the demo) opens at the login, as it always did.
    db.dispose()
    seen: list[object] = []

    def drive(window: MainWindow, wizard: SetupWizard | None) -> None:
        seen.append(wizard)
        QTimer.singleShot(0, window.close)  # once the app runs: closed before, it would never end

    assert _run(db.path.parent, drive) == 0
    assert seen == [None]


def test_every_step_reads_whole_at_1280x800(
    new_folder: tuple[Database, TaskManager], qtbot: Any, tmp_path: Path
) -> None:
    _db, tasks = new_folder
    with app_font():
        wizard = _wizard(tasks, qtbot)
        wizard.resize(*SCREEN)
        wizard.shop.name.setText("Toko Ani")
        wizard.shop.owner.setText(OWNER)
        wizard.shop.address.setText("Jl. Kaliurang km 7")
        wizard.shop.city.setText("Sleman")
        for step in [*wizard.own_path, wizard.demo]:
            if step is wizard.demo:
                wizard.welcome.pick(True)
            wizard.go_to(step)
            assert clipped(wizard) == [], step.short
        wizard.welcome.pick(False)
        wizard.go_to(wizard.taxes)
        wizard.taxes.nib.setText(NIB)
        wizard.taxes.npwp.setText("01.234.567.8-901")
        wizard.taxes.pkp.setChecked(True)
        wizard.next()
        assert wizard.taxes.form.problem("shop.npwp")
        assert clipped(wizard) == []
        save(wizard, "first-run.png", tmp_path)
