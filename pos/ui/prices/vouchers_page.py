"""The vouchers page: every code with its value, minimum, last day and uses; a voucher two counters used past its
limit while offline is named in red, as an order rung up twice is on the orders board."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Final

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QSpinBox, QWidget

from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.errors import LedgerError
from pos.ledger.prices import vouchers
from pos.ledger.prices.vouchers import VoucherInfo
from pos.ui.changes import Change
from pos.ui.prices.fields import Page, line_field, off_text, parse_off
from pos.ui.prices.work import VouchersView, read_vouchers
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.entry_form import BUTTON_HEIGHT, caption
from pos.ui.widgets.form_dialog import FormDialog
from pos.ui.widgets.money_field import MoneyField
from pos.ui.widgets.record_table import Column, RecordModel, record_view, selected_row
from pos.ui.widgets.style import BAD, ERROR_TEXT, MUTED


def _value(voucher: VoucherInfo) -> str:
    text = off_text(voucher.percent_bp, voucher.amount)
    if voucher.percent_bp and voucher.max_off:
        text += " " + _("(at most {amount})").format(amount=fmt.rupiah(voucher.max_off))
    return text


COLUMNS: Final[tuple[Column[VoucherInfo], ...]] = (
    Column(N_("Code"), lambda v: v.code),
    Column(N_("Name"), lambda v: v.name),
    Column(N_("Value"), lambda v: _value(v), right=True),
    Column(N_("From a cart of"), lambda v: fmt.rupiah(v.min_spend) if v.min_spend else "", right=True),
    Column(N_("Last day"), lambda v: fmt.date(v.expires_on) if v.expires_on else ""),
    Column(
        N_("Used"),
        lambda v: f"{v.uses} / {v.use_limit}",
        right=True,
        colour=lambda v: BAD if v.uses > v.use_limit else MUTED if not v.is_active else None,
    ),
)


class VoucherDialog(FormDialog):
    saved = Signal()

    def __init__(self, tasks: TaskManager, voucher: VoucherInfo | None, parent: QWidget | None = None) -> None:
        super().__init__(_("New voucher") if voucher is None else _("Change the voucher"), _("Save"), parent)
        self.setObjectName("voucherDialog")
        self.tasks = tasks
        self.code = line_field("HEMAT10", 32)
        self.code.setObjectName("voucherCodeField")
        self.name = line_field(_("What it is for (optional)"))
        self.value = line_field("10% / 5.000", 20)
        self.value.setObjectName("voucherValue")
        self.max_off = MoneyField()
        self.min_spend = MoneyField()
        self.expires = QCheckBox(_("Until"))
        self.expires_on = QDateEdit(QDate.currentDate().addMonths(1))
        self.expires_on.setCalendarPopup(True)
        until = QHBoxLayout()
        until.addWidget(self.expires)
        until.addWidget(self.expires_on, 1)
        self.uses = QSpinBox()
        self.uses.setRange(1, 1_000_000)
        self.active = QCheckBox(_("Can be used"))
        self.active.setChecked(True)
        self.form.addRow(caption(_("Code")), self.code)
        self.form.addRow(caption(_("Name")), self.name)
        self.form.addRow(caption(_("Value")), self.value)
        self.form.addRow(caption(_("At most (for a percent)")), self.max_off)
        self.form.addRow(caption(_("From a cart of")), self.min_spend)
        self.form.addRow(caption(_("Last day")), until)
        self.form.addRow(caption(_("Uses in all")), self.uses)
        self.form.addRow("", self.active)
        if voucher is not None:
            self.code.setText(voucher.code)
            self.code.setReadOnly(True)  # a code is the voucher: another code is another voucher
            self.name.setText(voucher.name)
            self.value.setText(off_text(voucher.percent_bp, voucher.amount))
            self.max_off.set_amount(voucher.max_off or None)
            self.min_spend.set_amount(voucher.min_spend or None)
            self.expires.setChecked(voucher.expires_on is not None)
            if voucher.expires_on:
                self.expires_on.setDate(
                    QDate(voucher.expires_on.year, voucher.expires_on.month, voucher.expires_on.day)
                )
            self.uses.setValue(voucher.use_limit)
            self.active.setChecked(voucher.is_active)
        self.say(_("Once synced, every counter counts the uses; one use by default."))
        self.submitted.connect(self.save)
        (self.name if voucher else self.code).setFocus()

    def save(self) -> None:
        try:
            percent_bp, amount = parse_off(self.value.text())
            most, least = self.max_off.amount_or_none(), self.min_spend.amount_or_none()
        except (ValueError, LedgerError) as error:
            self.say(str(error), error=True)
            return
        day = self.expires_on.date()
        info = VoucherInfo(
            self.code.text(),
            self.name.text(),
            amount,
            percent_bp,
            most.rupiah if most else 0,
            least.rupiah if least else 0,
            dt.date(day.year(), day.month(), day.day()) if self.expires.isChecked() else None,
            self.uses.value(),
            self.active.isChecked(),
        )
        self.set_busy(True)

        def done(_id: uuid.UUID) -> None:
            self.set_busy(False)
            self.saved.emit()
            self.accept()

        def failed(error: BaseException) -> None:
            self.set_busy(False)
            self.say(failure_message(error), error=True)

        self.tasks.write(lambda s: vouchers.save_voucher(s, info), {Change.PRICES}, done, failed)


class VouchersPage(Page):
    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.add_button = BigButton(_("New voucher"), kind="primary", height=BUTTON_HEIGHT, on_click=self.add)
        self.edit_button = BigButton(_("Edit"), height=BUTTON_HEIGHT, on_click=self.edit)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.add_button)
        self.buttons.addWidget(self.edit_button)
        self.model = RecordModel(COLUMNS, self)
        self.view = record_view(self.model, stretch=1)
        self.view.setObjectName("voucherList")
        self.view.doubleClicked.connect(lambda _index: self.edit())
        self.box.addWidget(self.view, 1)
        self.box.addWidget(self.message)

    def refresh(self) -> None:
        self.tasks.read(read_vouchers, self._show, lambda error: self.say(failure_message(error), error=True))

    def _show(self, view: VouchersView) -> None:
        self.model.set_rows(list(view.items))
        if view.too_often:
            self.say(" ".join(x.message() for x in view.too_often), error=True)
            self.message.setStyleSheet(ERROR_TEXT)
        else:
            self.say("")

    def add(self) -> None:
        self._open(None)

    def edit(self) -> None:
        row = selected_row(self.view)
        if row < 0:
            self.say(_("Choose a voucher in the list first."), error=True)
            return
        self._open(self.model.row(row))

    def _open(self, voucher: VoucherInfo | None) -> None:
        VoucherDialog(self.tasks, voucher, self).open()
