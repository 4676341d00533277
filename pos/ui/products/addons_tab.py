"""The product form's Add-ons tab: which of the shop's add-on groups (sugar level, extra shot, topping) the counter
offers with this product, ticked in a list. The groups themselves are edited in the Add-on groups dialog."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.stock.modifiers import Group
from pos.ui.products.style import MUTED_STYLE
from pos.ui.widgets.style import label


def describe(group: Group) -> str:
    """`Sugar level · required, 1 · Normal, Less, None (+Rp 0)` as one line of the list."""
    if group.min_choices == group.max_choices:
        limits = _("choose {n}").format(n=group.min_choices)
    elif group.min_choices:
        limits = _("choose {least} to {most}").format(least=group.min_choices, most=group.max_choices)
    else:
        limits = _("optional, up to {n}").format(n=group.max_choices)
    choices = ", ".join(f"{c.name} (+{fmt.rupiah(c.price)})" if c.price else c.name for c in group.choices)
    return f"{group.name} · {limits} · {choices}"


class AddonsTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.original: tuple[uuid.UUID, ...] = ()
        self.empty = label(
            _("The shop has no add-on groups yet: make them with Add-on groups on the products screen."),
            style=MUTED_STYLE,
        )
        self.empty.setWordWrap(True)
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 8, 4, 4)
        box.setSpacing(8)
        box.addWidget(label(_("Offered with this product at the counter"), bold=True))
        box.addWidget(self.list, 1)
        box.addWidget(self.empty)

    def set_data(self, groups: Sequence[Group], offered: Sequence[uuid.UUID]) -> None:
        self.original = tuple(offered)
        self.list.clear()
        # The groups offered first, in the order the counter asks them; then the rest by name.
        order = {gid: n for n, gid in enumerate(offered)}
        for group in sorted(groups, key=lambda g: (order.get(g.id, len(order)), g.name.casefold())):
            item = QListWidgetItem(describe(group))
            item.setData(Qt.ItemDataRole.UserRole, str(group.id))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if group.id in order else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.empty.setVisible(not groups)

    def chosen(self) -> tuple[uuid.UUID, ...]:
        """The groups ticked, in the list's order."""
        out = []
        for n in range(self.list.count()):
            item = self.list.item(n)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(uuid.UUID(str(item.data(Qt.ItemDataRole.UserRole))))
        return tuple(out)

    def check(self, name: str, on: bool = True) -> None:
        """Tick (or untick) the group called `name`, as the owner would."""
        for n in range(self.list.count()):
            item = self.list.item(n)
            if item.text().split(" · ")[0] == name:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                return
        raise KeyError(name)
