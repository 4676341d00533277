"""The promotion box: the message with its placeholders, and the personalised messages the core made from it, each
with "Copy" and "Open WhatsApp". Laci sends nothing itself; the owner opens each chat and presses send.

`open_url` opens a wa.me link (QDesktopServices by default); tests replace it so no browser starts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pos import i18n
from pos.i18n import N_, _
from pos.ledger.people.outreach import PLACEHOLDERS, Message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.entry_form import BUTTON_HEIGHT
from pos.ui.widgets.record_table import GROUP_STYLE
from pos.ui.widgets.style import ERROR_TEXT, MUTED_TEXT, OK_TEXT, label

# What each placeholder is filled with, for the buttons' tips.
PLACEHOLDER_HINTS = {
    "nama": N_("The customer's name"),
    "toko": N_("The shop's name"),
    "terakhir": N_("The day of their last visit"),
    "favorit": N_("What they buy most often"),
    "belanja": N_("What they have spent"),
}
DEFAULT_MESSAGE = N_("Hello {nama}, we at {toko} miss you! Come by again for your favourite {favorit}. See you soon.")
_ROW = "QFrame#messageRow { background: #ffffff; border: 1px solid #e2e5ea; border-radius: 8px; }"


class MessageRow(QFrame):
    """One customer's message: who, the text, Copy and Open WhatsApp (when they have a WhatsApp number)."""

    def __init__(self, message: Message, open_url: Callable[[QUrl], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageRow")
        self.setStyleSheet(_ROW + "QFrame#messageRow QLabel { background: transparent; border: none; }")
        self.message = message
        self.open_url = open_url
        who = label(f"{message.name} · {message.phone}" if message.phone else message.name, bold=True)
        who.setWordWrap(True)  # a long name with its number wraps rather than widen the list past its box
        self.text = label(message.text)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = BigButton(_("Copy"), height=BUTTON_HEIGHT - 6, on_click=self.copy)
        self.open_button = BigButton(_("Open WhatsApp"), height=BUTTON_HEIGHT - 6, on_click=self.open_whatsapp)
        self.open_button.setEnabled(message.link is not None)
        if message.link is None:
            self.open_button.setToolTip(_("No WhatsApp number: add the customer's phone to send it."))
        buttons = QVBoxLayout()
        buttons.setSpacing(4)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addWidget(who)
        words.addWidget(self.text)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 8, 8, 8)
        row.addLayout(words, 1)
        row.addLayout(buttons)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.message.text)

    def open_whatsapp(self) -> None:
        if self.message.link:
            self.open_url(QUrl(self.message.link))


class MessagesBox(QGroupBox):
    """The message, the placeholders to put in it, "Make messages", and what came of it.

    `requested` carries the message text; the screen asks the core and calls `show_messages` with its answer.
    """

    requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Promotion"), parent)
        self.setStyleSheet(GROUP_STYLE)
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
        self.rows: list[MessageRow] = []
        self.excluded: list[QWidget] = []
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("promotionText")
        self.editor.setStyleSheet(
            "QPlainTextEdit { background: #ffffff; border: 1px solid #d5d8dd; font-weight: normal; }"
        )
        self.editor.setFixedHeight(self.editor.fontMetrics().lineSpacing() * 4 + 16)
        self.editor.setPlainText(_(DEFAULT_MESSAGE))
        placeholders = QGridLayout()
        placeholders.setSpacing(6)
        self.placeholder_buttons: dict[str, BigButton] = {}
        for n, name in enumerate(PLACEHOLDERS):
            button = BigButton("{" + name + "}", height=BUTTON_HEIGHT - 10, on_click=partial(self.insert, name))
            button.setToolTip(_(PLACEHOLDER_HINTS[name]) if name in PLACEHOLDER_HINTS else "")
            placeholders.addWidget(button, n // 3, n % 3)
            self.placeholder_buttons[name] = button
        self.make_button = BigButton(_("Make the messages"), kind="primary", height=BUTTON_HEIGHT, on_click=self.make)
        self.make_button.setObjectName("makeMessages")
        self.status = label(style=MUTED_TEXT)
        self.status.setObjectName("outreachStatus")
        self.status.setWordWrap(True)
        self.list = QWidget()
        self.list.setObjectName("messageList")
        self.list.setStyleSheet("QWidget#messageList { background: transparent; }")
        self.list_box = QVBoxLayout(self.list)
        self.list_box.setContentsMargins(0, 0, 6, 0)
        self.list_box.setSpacing(6)
        self.list_box.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.list)
        scroll.setStyleSheet("QScrollArea { background: transparent; }")
        scroll.viewport().setStyleSheet("background: transparent;")
        box = QVBoxLayout(self)
        box.setSpacing(6)
        intro = label(_("Write it once; each customer gets it with their own details."), style=MUTED_TEXT)
        intro.setWordWrap(True)
        box.addWidget(intro)
        box.addWidget(self.editor)
        box.addLayout(placeholders)
        box.addWidget(self.make_button)
        box.addWidget(self.status)
        box.addWidget(scroll, 1)

    def insert(self, name: str) -> None:
        """Put `{name}` where the cursor is, so the owner need not type the braces."""
        self.editor.insertPlainText("{" + name + "}")
        self.editor.setFocus()

    def make(self) -> None:
        self.requested.emit(self.editor.toPlainText())

    def show_messages(self, messages: Sequence[Message], left_out: Sequence[str]) -> None:
        """The core's messages, then the customers left out because they want no promotions."""
        self.clear()
        for n, message in enumerate(messages):
            row = MessageRow(message, lambda url: self.open_url(url))
            self.list_box.insertWidget(n, row)
            self.rows.append(row)
        for n, name in enumerate(left_out, start=len(messages)):
            excluded = label(_("{name}: left out, wants no promotions").format(name=name), style=MUTED_TEXT)
            excluded.setObjectName("excludedCustomer")
            excluded.setWordWrap(True)  # a long name must not push the list past the box
            self.list_box.insertWidget(n, excluded)
            self.excluded.append(excluded)
        text = i18n.ngettext("{n} message ready.", "{n} messages ready.", len(messages)).format(n=len(messages))
        if left_out:
            text += " " + i18n.ngettext(
                "{n} customer is left out: they asked for no promotions.",
                "{n} customers are left out: they asked for no promotions.",
                len(left_out),
            ).format(n=len(left_out))
        self.say(text, ok=bool(messages))

    def clear(self) -> None:
        for widget in [*self.rows, *self.excluded]:
            widget.deleteLater()
        self.rows = []
        self.excluded = []

    def say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        self.status.setStyleSheet(ERROR_TEXT if error else OK_TEXT if ok else MUTED_TEXT)
        self.status.setText(text)
