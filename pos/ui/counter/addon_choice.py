"""Choosing add-ons and a note for a cart line: each group the product offers with its limits, the required ones
marked, priced add-ons with their price, and the line's total as it stands.

Keys: a choice's number ticks or unticks it, the arrows move the highlight and Space ticks it, a letter starts the
note, Enter adds the line and Esc goes back without it. Add stays off, with the reason beside it, until every
required group has its choice; the core (`picking.preview`, then `line_with_addons` on the worker) decides both.
A scanner's burst of digits is not a cashier's choice: the ticks it made are put back and the code is scanned.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable
from typing import Final

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.counter.cart import CartLine
from pos.ledger.counter.picking import Preview, preview
from pos.ledger.stock.modifiers import NOTE_LENGTH, Choice, Group
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.fitted_dialog import FittedDialog
from pos.ui.widgets.scanner import BURST_GAP_S, ScanGuard
from pos.ui.widgets.scroll import DownScroll
from pos.ui.widgets.style import ERROR_TEXT, GOOD, MUTED_TEXT, OK_TEXT, TOUCH_HEIGHT, font, label, whole_amounts

_PER_ROW: Final = 3
_DIGITS: Final = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)}
_BACK: Final = (Qt.Key.Key_Up, Qt.Key.Key_Left)
_ON: Final = (Qt.Key.Key_Down, Qt.Key.Key_Right)
_CHOICE = (
    "QPushButton {{ border-radius: 8px; padding: 4px 10px; text-align: left; background: #ffffff;"
    " border: 1px solid #cfd3da; color: #1f2430; {here} }}"
    "QPushButton:checked {{ background: #dbe7fb; border: 2px solid #1857b6; font-weight: bold; {here} }}"
)
_HERE = "border: 3px solid #1857b6;"


def limits_text(group: Group) -> str:
    """`required · choose 1`, `optional · up to 2`: how many of the group may be taken."""
    need = _("required") if group.required else _("optional")
    if group.min_choices == group.max_choices:
        many = _("choose {n}").format(n=group.min_choices)
    elif group.min_choices == 0:
        many = _("up to {n}").format(n=group.max_choices)
    else:
        many = _("{least} to {most}").format(least=group.min_choices, most=group.max_choices)
    return f"{need} · {many}"


def choice_text(number: int, choice: Choice) -> str:
    """`2  Extra shot  +Rp 5.000`: the key, the name, and the price when it has one."""
    key = f"{number}  " if number <= 9 else ""
    price = f"  +{fmt.rupiah(choice.price)}" if choice.price else ""
    return f"{key}{choice.name}{price}"


class AddonDialog(FittedDialog):
    """`confirmed(tuple[uuid], str)` carries the choices and the note; the checkout answers with `accept()` or
    `refused(...)`. `scan_caught(str)` carries a code scanned while the dialog was open."""

    confirmed = Signal(object, str)
    scan_caught = Signal(str)

    def __init__(
        self,
        line: CartLine,
        groups: tuple[Group, ...],
        parent: QWidget | None = None,
        *,
        chosen: Iterable[uuid.UUID] = (),
        note: str = "",
        editing: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("addonChoice")
        self.setWindowTitle(_("Add-ons"))
        self.setModal(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.line = line
        self.groups = groups
        self.chosen: set[uuid.UUID] = set(chosen)
        self.here = 0
        self.busy = False
        self.shown: Preview = preview(line, groups, self.chosen, note)
        self.flat: list[tuple[Group, Choice]] = []
        self.buttons: list[QPushButton] = []
        self.captions: dict[uuid.UUID, QLabel] = {}
        self._last_key = float("-inf")
        self._before: set[uuid.UUID] = set(self.chosen)

        self.heading = label(factor=1.4, bold=True)
        self.heading.setWordWrap(True)
        self.groups_box = QVBoxLayout()
        self.groups_box.setSpacing(8)
        self._build_note(note)
        foot = self._build_foot()
        hint = label(
            _("Press a choice's number (or the arrows and Space), type a note, Enter adds, Esc goes back."),
            style=MUTED_TEXT,
        )
        hint.setWordWrap(True)
        buttons = self._build_buttons(editing)
        body = QVBoxLayout(self)
        body.setContentsMargins(20, 16, 20, 16)
        body.setSpacing(10)
        body.addWidget(self.heading)
        scroll = DownScroll(self.groups_box)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the arrows move the highlight, not the view
        body.addWidget(scroll, 1)
        body.addWidget(label(_("Note"), bold=True))
        body.addWidget(self.note)
        body.addWidget(hint)
        body.addLayout(foot)
        body.addLayout(buttons)
        self.setMinimumWidth(560)
        ScanGuard(self).caught.connect(self._scanned)
        ScanGuard(self.note).caught.connect(self._scanned)
        self.show_groups(groups)

    def _build_note(self, note: str) -> None:
        """The note for whoever makes it, read as the cashier types."""
        self.note = QLineEdit(note)
        self.note.setObjectName("addonNote")
        self.note.setMaxLength(NOTE_LENGTH)
        self.note.setMinimumHeight(TOUCH_HEIGHT)
        self.note.setPlaceholderText(_("Note for whoever makes it (optional), such as no ice"))
        self.note.textEdited.connect(lambda _text: self._update())
        self.note.installEventFilter(self)

    def _build_foot(self) -> QHBoxLayout:
        """Why a choice is refused, beside the line's total and the price of each."""
        self.total = label(factor=1.6, bold=True)
        self.total.setObjectName("addonTotal")
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.each = label(style=MUTED_TEXT)
        self.each.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.reason = label()
        self.reason.setObjectName("addonReason")
        self.reason.setWordWrap(True)
        self.reason.setMinimumHeight(self.reason.fontMetrics().lineSpacing() * 2 + 4)
        figures = QVBoxLayout()
        figures.setSpacing(0)
        figures.addWidget(self.total)
        figures.addWidget(self.each)
        foot = QHBoxLayout()
        foot.addWidget(self.reason, 1)
        foot.addLayout(figures)
        return foot

    def _build_buttons(self, editing: bool) -> QHBoxLayout:
        """Cancel, and Add (Save when changing a line already in the cart)."""
        self.cancel_button = BigButton(_("Cancel"), "Esc", on_click=self.reject)
        self.ok_button = BigButton(_("Save") if editing else _("Add"), "Enter", kind="primary", on_click=self.submit)
        self.ok_button.setObjectName("addonOk")
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button, 1)
        buttons.addWidget(self.ok_button, 2)
        return buttons

    # --- what is shown ------------------------------------------------------------------------------------

    def show_groups(self, groups: tuple[Group, ...]) -> None:
        """Lay out `groups` (again, when the core refused a choice the product no longer offers)."""
        self.groups = groups
        offered = {c.id for g in groups for c in g.choices}
        self.chosen &= offered
        while self.groups_box.count():
            item = self.groups_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.flat, self.buttons, self.captions = [], [], {}
        for group in groups:
            block = QWidget()
            rows = QVBoxLayout(block)
            rows.setContentsMargins(0, 0, 0, 0)
            rows.setSpacing(4)
            caption = label(bold=True)
            caption.setObjectName("addonGroup")
            caption.setWordWrap(True)
            self.captions[group.id] = caption
            rows.addWidget(caption)
            grid = QGridLayout()
            grid.setSpacing(6)
            for n, choice in enumerate(group.choices):
                number = len(self.flat) + 1
                button = QPushButton(choice_text(number, choice))
                button.setObjectName(f"addonChoice_{number}")
                button.setCheckable(True)
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                button.setMinimumHeight(TOUCH_HEIGHT)
                # Wide enough for the name in bold, as it shows when ticked, and the border round it.
                bold = QFontMetrics(font(button.font(), button.font().pointSizeF(), bold=True))
                button.setMinimumWidth(bold.horizontalAdvance(button.text()) + 40)
                button.clicked.connect(self._tap_for(len(self.flat)))
                grid.addWidget(button, n // _PER_ROW, n % _PER_ROW)
                self.flat.append((group, choice))
                self.buttons.append(button)
            rows.addLayout(grid)
            self.groups_box.addWidget(block)
        self.groups_box.addStretch(1)
        self.here = min(self.here, max(len(self.flat) - 1, 0))
        self._update()

    def _update(self) -> None:
        self.shown = preview(self.line, self.groups, self.chosen, self.note.text())
        line = self.shown.line
        self.heading.setText(f"{line.name}  ×{fmt.qty(line.qty)}")
        self.total.setText(fmt.rupiah(self.shown.total))
        self.each.setText(_("{price} each").format(price=fmt.rupiah(line.unit_price)))
        for group in self.groups:
            taken = sum(1 for c in group.choices if c.id in self.chosen)
            met = group.required and taken >= group.min_choices
            caption = self.captions[group.id]
            caption.setText(f"{group.name}  ({limits_text(group)}){'  ✓' if met else ''}")
            caption.setStyleSheet(f"color: {GOOD};" if met else ERROR_TEXT if group.required else "")
        for index, (button, (_group, choice)) in enumerate(zip(self.buttons, self.flat, strict=True)):
            button.setChecked(choice.id in self.chosen)
            button.setStyleSheet(_CHOICE.format(here=_HERE if index == self.here else ""))
        self.reason.setText(whole_amounts(self.shown.problem))
        self.reason.setStyleSheet(ERROR_TEXT if self.shown.problem else OK_TEXT)
        self.ok_button.setEnabled(not self.shown.problem and not self.busy)

    # --- choosing -----------------------------------------------------------------------------------------

    def toggle(self, index: int) -> None:
        """Tick or untick choice `index`; in a group of one choice another tick moves it, and a tick past a
        group's limit is refused with the reason."""
        if not 0 <= index < len(self.flat):
            return
        self.here = index
        group, choice = self.flat[index]
        if choice.id in self.chosen:
            self.chosen.discard(choice.id)
        elif group.max_choices == 1:
            self.chosen -= {c.id for c in group.choices}
            self.chosen.add(choice.id)
        elif sum(1 for c in group.choices if c.id in self.chosen) >= group.max_choices:
            QApplication.beep()
            self._update()
            self.reason.setText(_("Choose at most {n} of {group}.").format(n=group.max_choices, group=group.name))
            self.reason.setStyleSheet(ERROR_TEXT)
            return
        else:
            self.chosen.add(choice.id)
        self._update()

    def _tap_for(self, index: int) -> Callable[[bool], None]:
        def tap(_checked: bool = False) -> None:
            self.toggle(index)

        return tap

    def submit(self) -> None:
        if self.busy or self.shown.problem:
            QApplication.beep()
            return
        self.busy = True
        self.ok_button.setEnabled(False)
        ids = tuple(c.id for _g, c in self.flat if c.id in self.chosen)
        self.confirmed.emit(ids, self.note.text())

    def refused(self, message: str, groups: tuple[Group, ...] | None) -> None:
        """The core would not take the choice (a group retired or changed since it was shown): show the groups
        as they are now, and why."""
        self.busy = False
        if groups is not None:
            self.show_groups(groups)
        QApplication.beep()
        self._update()
        self.reason.setText(whole_amounts(message))
        self.reason.setStyleSheet(ERROR_TEXT)

    def _scanned(self, code: str) -> None:
        self.chosen = set(self._before)
        self._update()
        self.scan_caught.emit(code)

    # --- keys ---------------------------------------------------------------------------------------------

    def _choice_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        now = time.monotonic()
        if now - self._last_key > BURST_GAP_S:
            self._before = set(self.chosen)  # a new run of keys: what to put back if it turns out a scan
        self._last_key = now
        if key in _DIGITS and event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
            self.toggle(_DIGITS[key] - 1)
            return True
        if key in _BACK or key in _ON:
            if self.flat:
                self.here = (self.here + (-1 if key in _BACK else 1)) % len(self.flat)
                self._update()
            return True
        if key == Qt.Key.Key_Space:
            self.toggle(self.here)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
            return True
        text = event.text()
        if text and text.isprintable() and not text.isdigit():
            self.note.setFocus()
            self.note.insert(text)
            self._update()
            return True
        return False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.setFocus()  # the keys choose; nothing inside the dialog holds them first

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._choice_key(event):
            event.accept()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.note and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.submit()
                return True
            if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Tab):
                self.setFocus()  # back to the choices
                return True
        return super().eventFilter(watched, event)
