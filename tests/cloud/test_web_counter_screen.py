"""Pengaturan > Sinkronisasi on the owner's counter: the owner's web link as a QR code, and the web sessions,
ended from there; a cashier's counter is refused by the service.

With LACI_SCREENSHOTS set to a folder, the section with its QR code is saved there as
`guide-settings-owner-web.png`."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any QApplication exists: no display needed

from pathlib import Path
from typing import Any

from outlets import OutletsCloud, owner_of
from PySide6.QtCore import Qt
from webclient import Browser

from pos.ledger.base.db import Database
from pos.ui.settings.screen import SettingsScreen
from pos.ui.tasks import TaskManager


def _screen(db: Database, qtbot: Any) -> tuple[SettingsScreen, TaskManager]:
    tasks = TaskManager(db)
    screen = SettingsScreen(tasks)
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    screen.set_actor(owner_of(db))
    screen.refresh()
    assert tasks.wait_idle()
    screen.show_section(screen.sync)
    return screen, tasks


def test_the_owners_counter_shows_the_link_as_a_qr_code_and_ends_sessions(
    outlets_cloud: OutletsCloud, qtbot: Any
) -> None:
    o = outlets_cloud
    screen, tasks = _screen(o.outlets.a, qtbot)
    panel = screen.sync.owner_web
    assert panel.link_button.isEnabled()
    qtbot.mouseClick(panel.link_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_idle(30)
    url = panel.link.text()
    assert url.startswith(o.service.url + "/web/login?code=")
    assert not panel.qr.pixmap().isNull()
    folder = os.environ.get("LACI_SCREENSHOTS")
    if folder:
        screen.grab().save(str(Path(folder) / "guide-settings-owner-web.png"))
    phone = Browser(o.service.url)
    landing = phone.get(url.removeprefix(o.service.url))
    assert phone.submit(landing, "/web/login", {"action": "signin"}).status_code == 200
    qtbot.mouseClick(panel.sessions_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_idle(30)
    before = panel.sessions.count()
    assert before >= 1
    for _ in range(before):  # the owner ends every session from the counter; the list is drawn again each time
        item = panel.sessions.itemAt(0)
        row = item.widget() if item is not None else None
        if row is None:
            break
        qtbot.mouseClick(row.findChild(type(panel.link_button), "endWebSession"), Qt.MouseButton.LeftButton)
        assert tasks.wait_idle(30)
    assert panel.sessions.count() == 0
    assert phone.get("/web/today", follow=False).headers["location"] == "/web/signin"
    phone.close()
    tasks.shutdown()


def test_a_cashiers_counter_gets_no_link(outlets_cloud: OutletsCloud, qtbot: Any) -> None:
    screen, tasks = _screen(outlets_cloud.outlets.b, qtbot)
    panel = screen.sync.owner_web
    qtbot.mouseClick(panel.link_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_idle(30)
    assert "403" in panel.status.text() and not panel.link.text()
    tasks.shutdown()
