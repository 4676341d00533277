"""The owner's settings screen: every section read on the worker, saved through the core and read back; a bad
value refused beside its field with nothing written; users, PINs, backups, the printer test and sync's state."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import qrcode
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from screen_checks import SCREEN, app_font, clipped, save
from setup_support import damaged_qris, qris
from shop_support import CASHIER_PIN

from pos.demo.shop import demo_qris
from pos.ledger.base.db import Database
from pos.ledger.base.errors import NotAllowed, NotFound
from pos.ledger.people.users import authenticate, list_users
from pos.ledger.replication import sync_state
from pos.ledger.setup.settings_form import save_settings
from pos.ledger.shop import settings
from pos.ui.settings.fields import choose
from pos.ui.settings.screen import SettingsScreen
from pos.ui.settings.section import Section
from pos.ui.tasks import TaskManager
from pos.ui.widgets.form_dialog import FormDialog


@pytest.fixture
def screen(tasks: TaskManager, shop: Any, qtbot: Any) -> SettingsScreen:
    made = SettingsScreen(tasks)
    qtbot.addWidget(made)
    made.resize(1280, 800)
    made.show()
    made.set_actor(shop.owner)
    made.refresh()
    assert tasks.wait_idle()
    return made


def _values(db: Database) -> dict[str, Any]:
    with db.read() as s:
        return dict(settings.load(s).by_key())


def _save(screen: SettingsScreen, section: Section, qtbot: Any) -> str:
    screen.show_section(section)
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    assert screen.tasks.wait_idle()
    return section.status.text()


def test_the_screen_shows_what_is_stored(screen: SettingsScreen) -> None:
    assert screen.shop.fields["shop.name"].text() == "Warung Bu Sri"
    assert screen.receipt.footer.toPlainText() == "Terima kasih atas kunjungan Anda"
    assert screen.qris.reading.text() == "QRIS atas nama WARUNG BU SRI, YOGYAKARTA."
    assert screen.taxes.ppn_rate.text() == "12"
    assert screen.taxes.pph_rate.text() == "0,5"
    assert screen.taxes.exemption.text() == "500.000.000"
    assert [screen.users.table.item(r, 0).text() for r in range(screen.users.table.rowCount())] == ["Bu Sri", "Dewi"]
    assert screen.sync.state.text() == "Belum terhubung ke cloud"
    assert screen.sync.server.text() == "—"
    assert [screen.list.item(n).text() for n in range(screen.list.count())] == [s.title for s in screen.sections]


def test_settings_are_saved_and_read_back(screen: SettingsScreen, db: Database, tasks: TaskManager, qtbot: Any) -> None:
    fields = screen.shop.fields
    fields["shop.name"].setText("Warung Bu Sri Jaya")
    fields["shop.city"].setText("Yogyakarta")
    fields["shop.nib"].setText("1234 5678 90123")
    fields["shop.npwp"].setText("012345678901000")
    assert _save(screen, screen.shop, qtbot) == "Tersimpan."
    # What the core tidied is what the screen shows after saving.
    assert fields["shop.nib"].text() == "1234567890123"
    assert fields["shop.npwp"].text() == "01.234.567.8-901.000"

    screen.receipt.header.setPlainText("Buka 06.00-21.00")
    screen.receipt.auto_print.setChecked(False)
    assert _save(screen, screen.receipt, qtbot) == "Tersimpan."
    choose(screen.rounding.increment, 500)
    choose(screen.rounding.scope, "all")
    assert _save(screen, screen.rounding, qtbot) == "Tersimpan."
    choose(screen.taxes.ppn_mode, "inclusive")
    screen.taxes.pph_rate.setText("0,75")
    screen.taxes.exemption.setText("Rp 600.000.000")
    choose(screen.taxes.taxpayer, "individual")
    assert _save(screen, screen.taxes, qtbot) == "Tersimpan."
    choose(screen.printer.printer.kind, "tcp")
    screen.printer.printer.address.setText("192.168.1.50")
    choose(screen.printer.printer.width, 42)
    assert _save(screen, screen.printer, qtbot) == "Tersimpan."
    choose(screen.language.language, "en")
    assert _save(screen, screen.language, qtbot) == "Tersimpan."
    assert _save(screen, screen.language, qtbot) == "Tidak ada yang berubah."

    values = _values(db)
    assert values["shop.name"] == "Warung Bu Sri Jaya"
    assert values["shop.city"] == "Yogyakarta"
    assert values["shop.npwp"] == "01.234.567.8-901.000"
    assert values["receipt.header"] == "Buka 06.00-21.00"
    assert values["receipt.auto_print"] is False
    assert (values["rounding.increment"], values["rounding.scope"]) == (500, "all")
    assert values["ppn.mode"] == "inclusive"
    assert values["pph.rate_bp"] == 75
    assert values["pph.exemption"] == 600_000_000
    assert (values["printer.uri"], values["printer.columns"]) == ("tcp://192.168.1.50", 42)
    assert values["language"] == "en"

    again = SettingsScreen(tasks)
    qtbot.addWidget(again)
    again.refresh()
    assert tasks.wait_idle()
    assert again.shop.fields["shop.name"].text() == "Warung Bu Sri Jaya"
    assert again.printer.printer.kind.currentData() == "tcp"
    assert again.printer.printer.address.text() == "192.168.1.50"
    assert again.taxes.pph_rate.text() == "0,75"
    assert again.rounding.increment.currentData() == 500


def test_a_bad_value_is_refused_beside_its_field_and_nothing_is_written(
    screen: SettingsScreen, db: Database, qtbot: Any, tmp_path: Path
) -> None:
    before = _values(db)
    fields = screen.shop.fields
    fields["shop.name"].setText("Toko Baru")
    fields["shop.npwp"].setText("01.234.567.8-901")
    fields["shop.nib"].setText("12345")
    assert _save(screen, screen.shop, qtbot) == "Belum disimpan: perbaiki isian yang ditandai."
    assert screen.shop.form.problem("shop.npwp") == "NPWP terdiri dari 15 atau 16 angka; yang ini 12 angka."
    assert screen.shop.form.problem("shop.nib") == "NIB terdiri dari 13 angka; yang ini 5 angka."
    assert screen.shop.form.problem("shop.name") == ""
    assert QApplication.focusWidget() is fields["shop.nib"]

    screen.qris.payload.setPlainText(damaged_qris())
    assert _save(screen, screen.qris, qtbot).startswith("Belum disimpan")
    assert screen.qris.form.problem("qris.static_payload") == "Kode QRIS rusak: kode pemeriksa (CRC) tidak cocok."
    screen.qris.payload.setPlainText(qris("12", amount="20000"))
    _save(screen, screen.qris, qtbot)
    assert "satu pembayaran" in screen.qris.form.problem("qris.static_payload")

    screen.taxes.ppn_rate.setText("dua belas")
    screen.taxes.pph_rate.setText("101")
    _save(screen, screen.taxes, qtbot)
    assert screen.taxes.form.problem("ppn.rate_bp") == "Tulis persentase, misalnya 12 atau 0,5."
    choose(screen.taxes.ppn_mode, "exclusive")
    screen.taxes.ppn_rate.setText("12")
    screen.taxes.pph_rate.setText("0,5")
    _save(screen, screen.taxes, qtbot)
    # PPN needs the NPWP the shop profile does not have yet.
    assert screen.taxes.form.problem("ppn.mode") == "Toko PKP yang memungut PPN wajib mengisi NPWP."

    choose(screen.printer.printer.kind, "usb")
    screen.printer.printer.address.setText("epson")
    _save(screen, screen.printer, qtbot)
    assert "04b8:0202" in screen.printer.form.problem("printer.uri")

    nowhere = tmp_path / "nowhere" / "laci-backups"  # a whole path on Windows too
    screen.backup.folder.setText(str(nowhere))
    _save(screen, screen.backup, qtbot)
    assert screen.backup.form.problem("backup.folder") == f"Folder {nowhere} tidak ada."

    assert _values(db) == before
    # The fields keep what was typed, to be corrected.
    assert fields["shop.name"].text() == "Toko Baru"


def test_a_cashier_cannot_save(screen: SettingsScreen, shop: Any, db: Database, qtbot: Any) -> None:
    screen.set_actor(shop.cashier)
    assert not screen.shop.save_button.isEnabled()
    assert not screen.users.add_button.isEnabled()
    screen.shop.fields["shop.name"].setText("Toko Dewi")
    _save(screen, screen.shop, qtbot)
    assert _values(db)["shop.name"] == "Warung Bu Sri"


def _dialog(screen: SettingsScreen, qtbot: Any) -> FormDialog:
    dialog = screen.users.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def _fill(dialog: FormDialog, *texts: str) -> None:
    for row, text in enumerate(texts):
        dialog.form.itemAt(row, dialog.form.ItemRole.FieldRole).widget().setText(text)


def test_users_are_added_get_a_new_pin_and_are_deactivated(
    screen: SettingsScreen, shop: Any, db: Database, tasks: TaskManager, qtbot: Any
) -> None:
    users = screen.users
    screen.show_section(users)
    qtbot.mouseClick(users.add_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(screen, qtbot)
    _fill(dialog, "Rina", "2468", "2469")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_idle()
    assert dialog.status.text() == "Kedua PIN tidak sama."
    _fill(dialog, "Rina", "2468", "2468")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_idle()
    assert not dialog.isVisible()
    assert users.status.text() == "Rina sekarang bisa masuk."
    assert [u.name for u in users.users] == ["Bu Sri", "Dewi", "Rina"]
    rina = users.users[2]
    assert authenticate(db, rina.id, "2468").role == "cashier"

    users.choose("Dewi")
    qtbot.mouseClick(users.pin_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(screen, qtbot)
    _fill(dialog, "9753", "9753")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_idle()
    assert users.status.text() == "PIN Dewi sudah diganti."
    with pytest.raises(NotAllowed):
        authenticate(db, shop.cashier.user_id, CASHIER_PIN)
    assert authenticate(db, shop.cashier.user_id, "9753").name == "Dewi"

    users.choose("Dewi")
    qtbot.mouseClick(users.deactivate_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(screen, qtbot)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_idle()
    assert users.status.text() == "Dewi sudah dinonaktifkan."
    assert [users.table.item(r, 2).text() for r in range(users.table.rowCount())] == ["Aktif", "Nonaktif", "Aktif"]
    with pytest.raises(NotFound):
        authenticate(db, shop.cashier.user_id, "9753")
    users.choose("Dewi")
    assert not users.pin_button.isEnabled() and not users.deactivate_button.isEnabled()

    # The only owner stays: the core says so in the dialog, and nothing changes.
    users.choose("Bu Sri")
    qtbot.mouseClick(users.deactivate_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(screen, qtbot)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_idle()
    assert dialog.status.text() == "Bu Sri adalah satu-satunya pemilik dan tetap aktif."
    dialog.reject()
    with db.read() as s:
        assert [u.name for u in list_users(s)] == ["Bu Sri", "Rina"]


def test_back_up_now_into_the_chosen_folder(
    screen: SettingsScreen, db: Database, tasks: TaskManager, tmp_path: Path, qtbot: Any
) -> None:
    backup = screen.backup
    assert backup.where.text() == str(db.path.parent / "backups")
    assert backup.last.text() == "Belum ada"
    folder = tmp_path / "usb"
    folder.mkdir()
    backup.folder.setText(str(folder))
    assert _save(screen, backup, qtbot) == "Tersimpan."
    assert backup.where.text() == str(folder)
    qtbot.mouseClick(backup.backup_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_idle(30)
    (made,) = folder.glob("laci-manual-*.sqlite3.zst")
    assert backup.backup_status.text() == f"Cadangan dibuat: {made}"
    assert backup.last.text().startswith(made.name)


def test_the_printer_test_uses_the_form_and_the_saved_shop(
    screen: SettingsScreen, tasks: TaskManager, qtbot: Any
) -> None:
    fields = screen.printer.printer
    assert fields.kind.currentData() == "" and not fields.test_button.isEnabled()  # no printer: nothing to test
    choose(fields.kind, "preview")
    qtbot.mouseClick(fields.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(fields.test_button.isEnabled)
    assert fields.test_status.text() == "Lembar tes dikirim ke preview: (32 karakter per baris)."
    assert "Warung Bu Sri" in fields.test_status.toolTip()
    choose(fields.kind, "tcp")
    fields.address.setText("127.0.0.1:1")  # nothing listens there: the printer's own error comes back
    qtbot.mouseClick(fields.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(fields.test_button.isEnabled, timeout=15_000)
    assert "127.0.0.1" in fields.test_status.text()


def test_sync_shows_the_enrolment(screen: SettingsScreen, db: Database, tasks: TaskManager) -> None:
    with db.write() as s:
        sync_state.save_enrolment(s, "https://sync.example", "shop-1", "Warung Bu Sri", "secret-token")
    screen.refresh()
    assert tasks.wait_idle()
    assert screen.sync.server.text() == "https://sync.example · Warung Bu Sri"
    assert screen.sync.state.text().startswith("Sinkron terakhir: belum pernah")
    assert "secret-token" not in screen.sync.state.text() + screen.sync.server.text()


def test_every_section_reads_whole_at_1280x800(
    db: Database, tasks: TaskManager, shop: Any, qtbot: Any, tmp_path: Path
) -> None:
    profile = {
        "shop.owner": "Sri Wahyuni",
        "shop.address": "Jl. Diponegoro No. 27, Kauman, Ungaran",
        "shop.city": "Kabupaten Semarang",
        "shop.phone": "0812-2645-7781",
        "shop.nib": "9120301234567",
        "shop.npwp": "01.234.567.8-505.000",
    }
    with db.write() as s:
        save_settings(s, profile, by=shop.owner)
    with app_font():
        screen = SettingsScreen(tasks)
        qtbot.addWidget(screen)
        screen.resize(*SCREEN)
        screen.show()
        screen.set_actor(shop.owner)
        screen.refresh()
        assert tasks.wait_idle()
        for section in screen.sections:
            screen.show_section(section)
            assert clipped(screen) == [], section.title
        screen.show_section(screen.shop)
        save(screen, "settings.png", tmp_path)


def test_the_qris_is_read_from_a_photo_of_the_sticker(
    screen: SettingsScreen, db: Database, qtbot: Any, tmp_path: Path
) -> None:
    sticker = tmp_path / "stiker-qris.png"
    made = qrcode.QRCode(box_size=8, border=4)
    made.add_data(demo_qris())
    made.make_image().get_image().save(sticker)
    button = screen.qris.picture_button
    button.choose_picture = lambda: sticker
    screen.show_section(screen.qris)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert screen.qris.text() == demo_qris()
    assert screen.qris.reading.text() == "QRIS atas nama WARUNG BU SRI, UNGARAN."
    _save(screen, screen.qris, qtbot)
    assert _values(db)["qris.static_payload"] == demo_qris()

    # A picture with no QR code: said beside the field, and the QRIS already there stays.
    blank = tmp_path / "foto-buram.png"
    Image.new("RGB", (300, 200), "white").save(blank)
    button.choose_picture = lambda: blank
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert screen.qris.text() == demo_qris()
    assert screen.qris.reading.text().startswith("Tidak ada kode QR di foto-buram.png")
