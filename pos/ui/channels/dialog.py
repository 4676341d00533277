"""Adding a sales channel or changing one: its name, kind, commission, markup, rounding and whether it is offered.

The rules (only a platform takes a commission, the counter has no markup, a name must have letters) are the
core's; the dialog shows what it answers.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.base.errors import LedgerError
from pos.ledger.books.approvals import Actor
from pos.ledger.channels.channels import COUNTER, KIND_NAMES, KINDS, ChannelInfo
from pos.ledger.setup.settings_form import percent_bp
from pos.ui.changes import Change
from pos.ui.channels.reading import ChannelDraft, save_channel
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.entry_form import caption
from pos.ui.widgets.form_dialog import FormDialog
from pos.ui.widgets.money_field import MoneyField
from pos.ui.widgets.style import TOUCH_HEIGHT


def _line(placeholder: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setMinimumHeight(TOUCH_HEIGHT)
    field.setPlaceholderText(placeholder)
    return field


class ChannelDialog(FormDialog):
    """A new channel when `channel` is None, else that channel; `saved` carries the `ChannelInfo` once written."""

    saved = Signal(object)

    def __init__(
        self, tasks: TaskManager, actor: Actor, channel: ChannelInfo | None = None, parent: QWidget | None = None
    ) -> None:
        title = _("Add a sales channel") if channel is None else _("Edit {channel}").format(channel=channel.name)
        super().__init__(title, _("Save"), parent)
        self.setObjectName("channelDialog")
        self.tasks = tasks
        self.actor = actor
        self.channel = channel
        self.name = _line(_("Such as GrabFood or Shopee"))
        self.name.setObjectName("channelName")
        self.name.setMaxLength(60)
        self.kind = QComboBox()
        self.kind.setObjectName("channelKind")
        self.kind.setMinimumHeight(TOUCH_HEIGHT)
        for kind in KINDS:
            if kind != COUNTER or (channel is not None and channel.kind == COUNTER):
                self.kind.addItem(_(KIND_NAMES[kind]), kind)
        self.commission = _line("0")
        self.commission.setObjectName("channelCommission")
        self.markup = _line("0")
        self.markup.setObjectName("channelMarkup")
        self.rounding = MoneyField()
        self.rounding.setObjectName("channelRounding")
        self.active = QCheckBox(_("Offered (shown at the counter)"))
        self.active.setObjectName("channelActive")
        self.form.addRow(caption(_("Name")), self.name)
        self.form.addRow(caption(_("Kind")), self.kind)
        self.form.addRow(caption(_("Commission %")), self.commission)
        self.form.addRow(caption(_("Markup on counter prices %")), self.markup)
        self.form.addRow(caption(_("Round prices up to")), self.rounding)
        if channel is None:
            self.rounding.set_amount(100)
            self.kind.setCurrentIndex(max(self.kind.findData("delivery"), 0))
            self.active.setChecked(True)
        else:
            self.name.setText(channel.name)
            # A channel keeps its kind: its past sales were booked as that kind.
            self.kind.setCurrentIndex(max(self.kind.findData(channel.kind), 0))
            self.kind.setEnabled(False)
            self.commission.setText(fmt.percent_figure(channel.commission_bp))
            self.markup.setText(fmt.percent_figure(channel.markup_bp))
            self.rounding.set_amount(channel.price_round)
            self.active.setChecked(channel.is_active)
            self.form.addRow("", self.active)
        self.say(_("A platform keeps its commission of each sale and pays the rest out later."))
        self.submitted.connect(self.save)
        self.name.setFocus()

    def draft(self) -> ChannelDraft:
        """What the form says; raises the core's error for a percentage or an amount that is not one."""
        rounding = self.rounding.amount_or_none()
        return ChannelDraft(
            self.channel.code if self.channel else None,
            self.name.text(),
            str(self.kind.currentData()),
            percent_bp("channel.commission", self.commission.text() or "0"),
            percent_bp("channel.markup", self.markup.text() or "0"),
            rounding.rupiah if rounding is not None else 100,
            self.active.isChecked(),
        )

    def save(self) -> None:
        try:
            draft = self.draft()
        except LedgerError as error:
            self.say(str(error), error=True)
            return
        actor = self.actor
        self.set_busy(True)

        def done(channel: ChannelInfo) -> None:
            self.set_busy(False)
            self.saved.emit(channel)
            self.accept()

        def failed(error: BaseException) -> None:
            self.set_busy(False)
            self.say(failure_message(error), error=True)

        self.tasks.write(lambda session: save_channel(session, actor, draft), {Change.CHANNELS}, done, failed)
