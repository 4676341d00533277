"""The owner's web from the counter: a one-time link shown as a QR code for the phone's camera, and the web
sessions that can read the shop, each of which can be ended here. Both ask the sync service, on the I/O pool."""

from __future__ import annotations

import io
from functools import partial
from typing import Final

import qrcode
from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.base.clock import local
from pos.ledger.base.db import Database
from pos.sync.client import OwnerLink, SyncClient, WebSession
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.style import ERROR_TEXT, MUTED_TEXT, label

QR_PIXELS: Final = 240


def make_link(db: Database) -> OwnerLink:
    """Runs on the I/O pool: a fresh one-time link from the service (refused unless this is the owner's counter)."""
    with SyncClient(db) as client:
        return client.owner_link()


def list_sessions(db: Database) -> list[WebSession]:
    with SyncClient(db) as client:
        return client.web_sessions()


def end_session(db: Database, session_id: str) -> list[WebSession]:
    with SyncClient(db) as client:
        client.end_web_session(session_id)
        return client.web_sessions()


def qr_pixmap(text: str) -> QPixmap:
    image = qrcode.make(text, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap.scaled(QR_PIXELS, QR_PIXELS)


class OwnerWebPanel(QWidget):
    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.link_button = BigButton(_("Owner's web link"), on_click=self.show_link)
        self.link_button.setObjectName("ownerWebLink")
        self.sessions_button = BigButton(_("Web sessions"), on_click=self.show_sessions)
        self.sessions_button.setObjectName("webSessions")
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.link_button)
        buttons.addWidget(self.sessions_button)
        buttons.addStretch(1)
        self.qr = QLabel()
        self.qr.setObjectName("ownerWebQr")
        self.qr.setFixedSize(QR_PIXELS, QR_PIXELS)  # the form's rows would squeeze it otherwise
        self.qr.hide()
        self.link = label(style=MUTED_TEXT)
        self.link.setObjectName("ownerWebUrl")
        self.link.setWordWrap(True)
        self.link.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = label()
        self.status.setObjectName("ownerWebStatus")
        self.status.setWordWrap(True)
        self.sessions = QVBoxLayout()
        self.sessions.setContentsMargins(0, 0, 0, 0)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(buttons)
        column.addWidget(self.qr)
        column.addWidget(self.link)
        column.addWidget(self.status)
        column.addLayout(self.sessions)

    def set_allowed(self, allowed: bool) -> None:
        """Only the owner, on a counter connected to the cloud (and the service checks it is the owner's)."""
        self.link_button.setEnabled(allowed)
        self.sessions_button.setEnabled(allowed)

    def show_link(self) -> None:
        self.link_button.setEnabled(False)
        self.say(_("Asking the cloud for a link…"), MUTED_TEXT)
        db = self.tasks.db
        self.tasks.run_io(lambda: make_link(db), self._linked, self._failed)

    def _linked(self, link: OwnerLink) -> None:
        self.link_button.setEnabled(True)
        self.qr.setPixmap(qr_pixmap(link.url))
        self.qr.show()
        self.link.setText(link.url)
        self.say(
            _("Scan it with the owner's phone. It works once, until {when}.").format(
                when=fmt.datetime(local(link.expires_at))
            ),
            MUTED_TEXT,
        )

    def show_sessions(self) -> None:
        self.sessions_button.setEnabled(False)
        db = self.tasks.db
        self.tasks.run_io(lambda: list_sessions(db), self._listed, self._failed)

    def _end(self, session_id: str) -> None:
        db = self.tasks.db
        self.tasks.run_io(lambda: end_session(db, session_id), self._listed, self._failed)

    def _listed(self, found: list[WebSession]) -> None:
        self.sessions_button.setEnabled(True)
        while self.sessions.count():
            item = self.sessions.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if not found:
            self.say(_("No web session can read this shop."), MUTED_TEXT)
            return
        self.say("", MUTED_TEXT)
        for session in found:
            row = QWidget()
            row.setObjectName(f"webSession-{session.session_id}")
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            text = _("Signed in {when}, last used {last}").format(
                when=fmt.datetime(local(session.created_at)), last=fmt.datetime(local(session.last_seen_at))
            )
            words = label(f"{session.agent[:60] or '?'} · {text}")
            words.setWordWrap(True)
            line.addWidget(words, 1)
            end = BigButton(_("End"), on_click=partial(self._end, session.session_id))
            end.setObjectName("endWebSession")
            line.addWidget(end)
            self.sessions.addWidget(row)

    def _failed(self, error: BaseException) -> None:
        self.link_button.setEnabled(True)
        self.sessions_button.setEnabled(True)
        self.say(failure_message(error), ERROR_TEXT)

    def say(self, text: str, style: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(style)
