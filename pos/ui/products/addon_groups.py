"""The owner's add-on groups (sugar level, extra shot, topping): each group's name, its choices with their prices
(Rp 0 for a free one), and how many the cashier must and may take. Products offer them from their Add-ons tab.

Saved with `modifiers.save_group` and retired with `modifiers.retire_group` on the database worker; the core
checks every limit and refuses a bad group whole.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money
from pos.ledger.books.approvals import Actor
from pos.ledger.stock.modifiers import ChoiceSpec, Group, all_groups, retire_group, save_group
from pos.ui.changes import Change
from pos.ui.products.style import ERROR_STYLE, MUTED_STYLE, OK_STYLE, TABLE, button
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.fitted_dialog import FittedDialog
from pos.ui.widgets.style import label

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class AddonGroupsDialog(FittedDialog):
    """`changed` is emitted after a group is saved or retired."""

    changed = Signal()

    def __init__(self, tasks: TaskManager, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.actor = actor
        self.groups: list[Group] = []
        self.group_id: uuid.UUID | None = None
        self.setWindowTitle(_("Add-on groups"))
        self.setModal(True)
        self.resize(900, 540)

        left = self._build_groups_list()
        right = self._build_group_form()
        columns = QHBoxLayout()
        columns.setSpacing(20)
        columns.addLayout(left, 2)
        columns.addLayout(right, 5)

        buttons = self._build_buttons()
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 18, 24, 18)
        box.setSpacing(12)
        box.addWidget(label(_("Add-on groups"), factor=1.4, bold=True))
        box.addLayout(columns, 1)
        box.addWidget(self.status)
        box.addLayout(buttons)
        self.new_group()
        self.reload()

    def _build_groups_list(self) -> QVBoxLayout:
        """The shop's groups, and New group."""
        self.list = QListWidget()
        self.list.setMinimumWidth(200)
        self.list.currentRowChanged.connect(self._chosen)
        self.new_button = button(_("New group"))
        self.new_button.clicked.connect(self.new_group)
        left = QVBoxLayout()
        left.addWidget(label(_("Groups"), bold=True))
        left.addWidget(self.list, 1)
        left.addWidget(self.new_button)
        return left

    def _build_group_form(self) -> QVBoxLayout:
        """The group chosen: its name, how many choices, and the choices with their added prices."""
        self.name = QLineEdit()
        self.name.setMaxLength(60)
        self.name.setPlaceholderText(_("Sugar level, topping, extra shot"))
        self.least = QSpinBox()
        self.least.setRange(0, 20)
        self.least.setToolTip(_("0 for an optional group; 1 or more and the cashier must choose"))
        self.most = QSpinBox()
        self.most.setRange(1, 20)
        self.choices = QTableWidget(0, 2)
        self.choices.setHorizontalHeaderLabels([_("Choice"), _("Added price")])
        self.choices.setStyleSheet(TABLE)
        self.choices.verticalHeader().hide()
        self.choices.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.choices.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.add_choice_button = button(_("Add choice"))
        self.add_choice_button.clicked.connect(lambda: self.add_choice())
        self.remove_choice_button = button(_("Remove choice"))
        self.remove_choice_button.clicked.connect(self.remove_choice)
        form = QFormLayout()
        form.setVerticalSpacing(8)
        form.addRow(_("Name"), self.name)
        form.addRow(_("Must choose at least"), self.least)
        form.addRow(_("May choose at most"), self.most)
        choice_buttons = QHBoxLayout()
        choice_buttons.addStretch(1)
        choice_buttons.addWidget(self.add_choice_button)
        choice_buttons.addWidget(self.remove_choice_button)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.choices, 1)
        right.addLayout(choice_buttons)
        return right

    def _build_buttons(self) -> QHBoxLayout:
        """The status line, and Stop offering, Close and Save."""
        self.status = label(style=MUTED_STYLE)
        self.status.setWordWrap(True)
        self.retire_button = button(_("Stop offering"))
        self.retire_button.setToolTip(_("The group is no longer offered; past sales keep what was chosen"))
        self.retire_button.clicked.connect(self.retire)
        self.close_button = button(_("Close"))
        self.close_button.clicked.connect(self.accept)
        self.save_button = button(_("Save group"), main=True)
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.retire_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)
        return buttons

    # --- reading ------------------------------------------------------------------------------------------------

    def reload(self, select: uuid.UUID | None = None) -> None:
        self.tasks.read(all_groups, lambda found: self._show(found, select), self._failed)

    def _show(self, groups: list[Group], select: uuid.UUID | None) -> None:
        self.groups = groups
        self.list.blockSignals(True)
        self.list.clear()
        for group in groups:
            self.list.addItem(QListWidgetItem(group.name))
        self.list.blockSignals(False)
        row = next((n for n, g in enumerate(groups) if g.id == select), -1)
        if row >= 0:
            self.list.setCurrentRow(row)
        elif not groups:
            self.say(_("No add-on groups yet: name one, list its choices and save it."))

    def _chosen(self, row: int) -> None:
        if 0 <= row < len(self.groups):
            self.edit(self.groups[row])

    def edit(self, group: Group) -> None:
        self.group_id = group.id
        self.name.setText(group.name)
        self.least.setValue(group.min_choices)
        self.most.setValue(group.max_choices)
        self.choices.setRowCount(0)
        for choice in group.choices:
            self.add_choice(choice.name, choice.price, choice.id)
        self.retire_button.setEnabled(True)

    def new_group(self) -> None:
        self.group_id = None
        self.list.clearSelection()
        self.name.clear()
        self.least.setValue(0)
        self.most.setValue(1)
        self.choices.setRowCount(0)
        self.add_choice()
        self.retire_button.setEnabled(False)
        self.name.setFocus()

    def add_choice(self, name: str = "", price: int = 0, choice_id: uuid.UUID | None = None) -> None:
        n = self.choices.rowCount()
        self.choices.insertRow(n)
        item = QTableWidgetItem(name)
        item.setData(Qt.ItemDataRole.UserRole, str(choice_id) if choice_id else "")
        self.choices.setItem(n, 0, item)
        amount = QTableWidgetItem(fmt.number(price))
        amount.setTextAlignment(_RIGHT)
        self.choices.setItem(n, 1, amount)

    def remove_choice(self) -> None:
        rows = self.choices.selectionModel().selectedRows()
        if rows:
            self.choices.removeRow(rows[0].row())

    def specs(self) -> list[ChoiceSpec]:
        """The choices typed; the core's `InvalidInput` for a price that cannot be read."""
        out = []
        for n in range(self.choices.rowCount()):
            name_item, price_item = self.choices.item(n, 0), self.choices.item(n, 1)
            name = name_item.text() if name_item is not None else ""
            price_text = price_item.text().strip() if price_item is not None else ""
            held = str(name_item.data(Qt.ItemDataRole.UserRole) or "") if name_item is not None else ""
            if not name.strip() and not price_text.strip("0"):
                continue
            if not name.strip():
                raise InvalidInput(N_("Each choice needs a name."))
            price = Money.parse(price_text or "0").rupiah
            out.append(ChoiceSpec(name, price, uuid.UUID(held) if held else None))
        return out

    # --- writing ------------------------------------------------------------------------------------------------

    def save(self) -> None:
        try:
            specs = self.specs()
        except InvalidInput as error:
            self.say(str(error), error=True)
            return
        actor, name, gid = self.actor, self.name.text(), self.group_id
        least, most = self.least.value(), self.most.value()
        self.save_button.setEnabled(False)
        self.tasks.write(
            lambda s: save_group(s, actor, name, specs, min_choices=least, max_choices=most, group_id=gid),
            {Change.PRODUCTS},
            self._saved,
            self._failed,
        )

    def _saved(self, group_id: uuid.UUID) -> None:
        self.save_button.setEnabled(True)
        self.group_id = group_id
        self.say(_("The group is saved."), ok=True)
        self.changed.emit()
        self.reload(group_id)

    def retire(self) -> None:
        if self.group_id is None:
            return
        actor, gid = self.actor, self.group_id
        self.tasks.write(lambda s: retire_group(s, actor, gid), {Change.PRODUCTS}, self._retired, self._failed)

    def _retired(self, _none: None) -> None:
        self.new_group()
        self.say(_("The group is no longer offered."), ok=True)
        self.changed.emit()
        self.reload()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.say(failure_message(error), error=True)

    def say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_STYLE if error else OK_STYLE if ok else MUTED_STYLE)
