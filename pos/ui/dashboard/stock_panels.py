"""The dashboard's warnings that ask for action: goods about to expire, with their write-off, and supplier bills
falling due or overdue, with their payment. The figures are `reports.stock_warnings`'; the actions are dialogs
over the core's services; the dashboard reads again on the change each one announces."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QPushButton, QWidget

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.books.approvals import Actor
from pos.ledger.reports.stock_warnings import StockWarnings
from pos.ui.changes import Change
from pos.ui.dashboard.text import quantity
from pos.ui.dashboard.widgets import ListTable, Panel, cell
from pos.ui.money.pay_dialog import SupplierPayDialog
from pos.ui.products.write_off_dialog import WriteOffDialog
from pos.ui.tasks import TaskManager
from pos.ui.widgets.style import BAD, PLAIN_BUTTON

_SMALL_BUTTON = PLAIN_BUTTON + "QPushButton { padding: 6px 12px; }"


class StockPanels(QObject):
    """Two dashboard panels; the dashboard places `expiring_panel` and `debts_panel` in its grid."""

    def __init__(self, tasks: TaskManager, owner: QWidget) -> None:
        super().__init__(owner)
        self.tasks = tasks
        self.owner = owner
        self.actor: Actor | None = None
        self.warnings: StockWarnings | None = None
        self.dialog: WriteOffDialog | SupplierPayDialog | None = None
        self.expiring_panel = Panel(_("Expiring soon"))
        self.write_off_button = QPushButton(_("Write off…"))
        self.expiring = ListTable([_("Product"), _("Expires"), _("Left")], _("Nothing expires in the coming days."))
        self.expiring_panel.body.addWidget(self.expiring, 1)
        self.debts_panel = Panel(_("Supplier bills due"))
        self.pay_button = QPushButton(_("Pay…"))
        self.debts = ListTable([_("Supplier"), _("Due on"), _("Owed")], _("No supplier bill falls due soon."))
        self.debts_panel.body.addWidget(self.debts, 1)
        for panel, table, action in (
            (self.expiring_panel, self.expiring, self.write_off_button),
            (self.debts_panel, self.debts, self.pay_button),
        ):
            action.setStyleSheet(_SMALL_BUTTON)
            action.setEnabled(False)
            # Under the list, not beside the title: the title, its note and a button would widen a narrow column.
            under = QHBoxLayout()
            under.addStretch(1)
            under.addWidget(action)
            panel.body.addLayout(under)
            table.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            table.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.table.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.expiring.table.itemSelectionChanged.connect(self.actions_allowed)
        self.debts.table.itemSelectionChanged.connect(self.actions_allowed)
        self.write_off_button.clicked.connect(self.write_off_selected)
        self.pay_button.clicked.connect(self.pay_selected)

    def set_actor(self, actor: Actor | None) -> None:
        self.actor = actor
        self.actions_allowed()

    def show(self, warnings: StockWarnings) -> None:
        self.warnings = warnings
        today = warnings.today
        self.expiring.set_rows(
            [
                [
                    cell(f"{x.name} · {x.lot.batch_no}" if x.lot.batch_no else x.name, tip=x.name),
                    cell(
                        _("expired") if x.days_left(today) < 0 else fmt.date(x.lot.expires_on),
                        right=True,
                        colour=BAD if x.days_left(today) <= 0 else None,
                    ),
                    cell(quantity(x.lot.qty_milli, x.unit), right=True),
                ]
                for x in warnings.expiring
            ]
        )
        self.expiring_panel.note.setText(
            _("{days} days · {amount}").format(days=warnings.warn_days, amount=fmt.rupiah(warnings.expiring_value))
            if warnings.expiring
            else ""
        )
        self.debts.set_rows(
            [
                [
                    cell(d.supplier, tip=d.reference),
                    cell(
                        _("{n} days late").format(n=d.days_overdue(today))
                        if d.days_overdue(today) > 0
                        else fmt.date(d.due)
                        if d.due
                        else "",
                        right=True,
                        colour=BAD if d.days_overdue(today) > 0 else None,
                    ),
                    cell(fmt.rupiah(d.left), right=True),
                ]
                for d in warnings.debts_due
            ]
        )
        self.debts_panel.note.setText(
            _("Total {amount}").format(amount=fmt.rupiah(warnings.due_total)) if warnings.debts_due else ""
        )
        self.actions_allowed()

    def _selected(self, table: ListTable) -> int:
        rows = table.table.selectionModel().selectedRows()
        return rows[0].row() if rows and not table.is_empty else -1

    def actions_allowed(self) -> None:
        signed_in = self.actor is not None
        self.write_off_button.setEnabled(signed_in and self._selected(self.expiring) >= 0)
        self.pay_button.setEnabled(signed_in and self._selected(self.debts) >= 0)

    def write_off_selected(self) -> WriteOffDialog | None:
        """The write-off of the batch chosen in the list of what expires."""
        row, warnings, actor = self._selected(self.expiring), self.warnings, self.actor
        if row < 0 or warnings is None or actor is None:
            return None
        dialog = WriteOffDialog(self.tasks, actor, warnings.expiring[row], warnings.today, self.owner)
        # The write-off dialog does not say what it changed yet: said here, for the dashboard and the stock lists.
        dialog.written.connect(lambda _batch: self.tasks.announce({Change.STOCK, Change.MONEY}))
        self.dialog = dialog
        dialog.open()
        return dialog

    def pay_selected(self) -> SupplierPayDialog | None:
        """Paying the supplier of the bill chosen: what is owed them in all, which they may pay in part."""
        row, warnings, actor = self._selected(self.debts), self.warnings, self.actor
        if row < 0 or warnings is None or actor is None:
            return None
        debt = warnings.debts_due[row]
        dialog = SupplierPayDialog(self.tasks, actor, debt.supplier_id, debt.supplier, debt.left, self.owner)
        self.dialog = dialog
        dialog.open()
        return dialog
