"""Choosing where a sale is made (F7): the counter, WhatsApp, GoFood... and pricing the cart for it.

The chooser lists the active channels with a number each: the number, or Up and Down and Enter, picks one; F7
again moves down the list, so two presses of F7 and Enter reach the third channel. Prices always come from
the core (`price_for_channel`), on the database worker, in turn with the scans.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from pos.i18n import _
from pos.ledger.channels.channels import (
    COUNTER,
    COUNTER_CHANNEL,
    ChannelInfo,
    describe_terms,
    list_channels,
    price_for_channel,
)
from pos.ledger.counter.cart import Cart, CartLine
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.fitted_dialog import FittedDialog
from pos.ui.widgets.style import ERROR_TEXT, MUTED_TEXT, TOUCH_HEIGHT, font, label

if TYPE_CHECKING:
    from pos.ui.counter.checkout import CheckoutPage

_DIGITS: Final = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)}


def read_channels(session: Session) -> tuple[ChannelInfo, ...]:
    """The channels a sale can be made on, the counter first."""
    return tuple(list_channels(session))


def channel_caption(channel: ChannelInfo) -> str:
    """`GoFood · 20% commission`: the channel's name with its terms, for the list and the counter's line."""
    terms = describe_terms(channel)
    name = channel.name or _("Counter")
    return f"{name} · {terms}" if terms else name


def _same_lines(before: Cart, now: Cart) -> bool:
    """Whether `now` still starts with the lines of `before` (quantities and discounts may have changed)."""

    def key(line: CartLine) -> tuple[object, ...]:
        return (line.product_id, line.pack_milli, line.barcode)

    return len(now.lines) >= len(before.lines) and all(
        key(a) == key(b) for a, b in zip(before.lines, now.lines, strict=False)
    )


class ChannelSwitch(QObject):
    """The checkout's channel: `current`, chosen with `choose` (F7), back to the counter with `reset`.

    Choosing another channel prices the cart again on the worker. It counts as a scan on its way, so F12 waits
    for the new prices, and it waits itself for scans still on their way (they were priced for the channel
    before). Scans asked for after the choice are priced for the new channel as they are looked up.
    """

    def __init__(self, page: CheckoutPage) -> None:
        super().__init__(page)
        self.page = page
        self.current: ChannelInfo = COUNTER_CHANNEL
        self.counter: ChannelInfo = COUNTER_CHANNEL
        self._waiting = False

    @property
    def code(self) -> str:
        return self.current.code

    def start(self) -> None:
        """At the start of a session: the counter, by its name once the channels are read."""
        self.counter = COUNTER_CHANNEL
        self.reset()
        self.page.tasks.read(read_channels, self._read, lambda _error: None)

    def _read(self, channels: tuple[ChannelInfo, ...]) -> None:
        counter = next((c for c in channels if c.code == COUNTER), None)
        if counter is not None:
            self.counter = counter
            if self.current.code == COUNTER:
                self._show(counter)

    def _show(self, channel: ChannelInfo) -> None:
        changed = channel.code != self.current.code
        self.current = channel
        self.page.totals.show_channel(channel)
        if changed:
            self.page.prices.reload()  # promotions and group prices hold on some channels only

    def reset(self) -> None:
        """Back to the counter for the next sale (the cart is empty, so nothing is priced again)."""
        self._waiting = False
        self._show(self.counter)

    def choose(self) -> None:
        """F7: choose where this sale is made."""
        page = self.page
        if page.session is None or page.dialog is not None:
            return
        chooser = ChannelChooser(page.tasks, self.current.code, page)
        chooser.chosen.connect(self.set_channel)
        page.open_dialog(chooser)

    def set_channel(self, channel: ChannelInfo) -> None:
        if channel.code == self.current.code:
            return
        self._show(channel)
        self.page.say(_("Selling on {channel}.").format(channel=channel_caption(channel)), ok=True)
        # Scans still on their way count too: they were asked for at the old channel's prices.
        if not self.page.model.cart.is_empty or self.page.pending_scans:
            self.reprice()

    def recalled(self) -> None:
        """A held cart was taken back: it was held at the counter's prices, unless the counter is the channel."""
        if self.current.code != COUNTER:
            self.reprice()

    def reprice_if_waiting(self) -> bool:
        """Price the cart for the channel now if that waited for scans; True when it started."""
        if self._waiting and not self.page.pending_scans:
            self._waiting = False
            self.reprice()
            return True
        return False

    def reprice(self) -> None:
        page = self.page
        if page.pending_scans:
            self._waiting = True
            return
        before, channel = page.model.snapshot(), self.current
        page.pending_scans += 1

        def priced(cart: Cart) -> None:
            page.pending_scans -= 1
            if channel.code != self.current.code:
                page.after_lookup()  # another channel was chosen since; its own pricing follows
                return
            now = page.model.cart
            if not _same_lines(before, now):
                self.reprice()  # a line was taken off meanwhile: price what the cart holds now
                return
            lines = [
                old
                if old.override_by is not None
                else replace(old, unit_price=new.unit_price, list_price=new.list_price)
                for old, new in zip(now.lines, cart.lines, strict=False)
            ]
            # Added again one by one, so that two lines of one item now at one price become one, as scans would.
            again = now.copy([])
            for line in [*lines, *now.lines[len(lines) :]]:
                again.add(line)
            page.model.set_cart(again)
            page.after_lookup()

        def failed(error: BaseException) -> None:
            page.pending_scans -= 1
            page.pay_when_done = False
            page.say(failure_message(error), error=True)
            # The counter's prices can always be had: go back to them rather than sell at a mixture.
            if channel.code != COUNTER:
                self._show(self.counter)
                if not page.model.cart.is_empty or page.pending_scans:
                    self.reprice()

        page.tasks.read(lambda session: price_for_channel(session, before, channel.code), priced, failed)


class ChannelChooser(FittedDialog):
    """The active channels, the current one highlighted; `chosen` carries the `ChannelInfo` picked."""

    chosen = Signal(object)

    def __init__(self, tasks: TaskManager, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("channelChooser")
        self.tasks = tasks
        self.current = current
        self.channels: tuple[ChannelInfo, ...] = ()
        self.setWindowTitle(_("Sales channel"))
        self.setModal(True)
        self.resize(520, 420)
        self.list = QListWidget()
        self.list.setObjectName("channelList")
        self.list.setFont(font(self.font(), self.font().pointSizeF() * 1.3))
        self.list.setStyleSheet(
            "QListWidget { border: 1px solid #d5d8dd; background: white; }"
            "QListWidget::item { padding: 10px 8px; } QListWidget::item:selected { background: #dbe7fb; color: black; }"
        )
        self.list.itemActivated.connect(lambda _item: self.choose())
        # The list would take a digit as the start of a name to look for; here it picks the channel.
        self.list.installEventFilter(self)
        self.status = label(style=MUTED_TEXT)
        self.status.setWordWrap(True)
        self.status.setText(_("Reading the channels…"))
        hint = label(_("Press the channel's number, or choose it and press Enter."), style=MUTED_TEXT)
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(BigButton(_("Cancel"), "Esc", on_click=self.reject), 1)
        buttons.addWidget(BigButton(_("Choose"), "Enter", kind="primary", on_click=self.choose), 2)
        box = QVBoxLayout(self)
        box.setContentsMargins(20, 16, 20, 16)
        box.setSpacing(10)
        box.addWidget(label(_("Where is this sale made?"), factor=1.4, bold=True))
        box.addWidget(self.list, 1)
        box.addWidget(hint)
        box.addWidget(self.status)
        box.addLayout(buttons)
        self.list.setMinimumHeight(TOUCH_HEIGHT * 3)
        self.tasks.read(read_channels, self._show, self._failed)

    def _show(self, channels: tuple[ChannelInfo, ...]) -> None:
        self.channels = channels
        self.list.clear()
        for n, channel in enumerate(channels, start=1):
            prefix = f"{n}   " if n < 10 else "    "
            # The row is the channel's place in `channels`; the item holds no Python object, so that deleting
            # the list never has to release one on Qt's side.
            self.list.addItem(QListWidgetItem(prefix + channel_caption(channel)))
        here = next((i for i, c in enumerate(channels) if c.code == self.current), 0)
        if channels:
            self.list.setCurrentRow(here)
        self.status.setText("")
        self.list.setFocus()

    def _failed(self, error: BaseException) -> None:
        self.status.setStyleSheet(ERROR_TEXT)
        self.status.setText(failure_message(error))

    def choose(self, row: int | None = None) -> None:
        index = self.list.currentRow() if row is None else row
        if 0 <= index < len(self.channels):
            self.chosen.emit(self.channels[index])
            self.accept()

    def _key(self, event: QKeyEvent) -> bool:
        """Handle the chooser's own keys; False for any other key."""
        key = event.key()
        if key in _DIGITS and event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
            self.choose(_DIGITS[key] - 1)
            return True
        if key == Qt.Key.Key_F7 and self.channels:
            self.list.setCurrentRow((self.list.currentRow() + 1) % len(self.channels))
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.choose()
            return True
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._key(event)
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._key(event):
            event.accept()
            return
        super().keyPressEvent(event)
