"""The owner's channels screen: where the shop sells (the counter, WhatsApp, GoFood...) with each channel's terms,
what every platform owes and its payouts, prices per channel, the report by channel for a period, and the
catalogue to share.

Everything is read and written by ledger services on the database worker (the catalogue is laid out on the I/O
pool); the screen reads again when channels, sales, products or money change. This module lays out what comes back.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Final

from PySide6.QtWidgets import QHBoxLayout, QTabWidget, QVBoxLayout, QWidget

from pos import i18n
from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.money import Money
from pos.ledger.base.period import Period
from pos.ledger.books.approvals import Actor
from pos.ledger.channels import catalogue
from pos.ledger.channels.channels import KIND_NAMES, ChannelInfo, describe_terms, set_channel_price
from pos.ledger.channels.payouts import DIFFERENCE_TEXT, PlatformSettlement
from pos.ledger.reports.channels import ChannelReport
from pos.ui.changes import Change, Watch
from pos.ui.channels.catalogue import CatalogueTab
from pos.ui.channels.dialog import ChannelDialog
from pos.ui.channels.payout import PayoutBox
from pos.ui.channels.prices import PricesTab, price_saved_text
from pos.ui.channels.reading import (
    PAYOUT_CHANGES,
    SHOWS,
    CatalogueChoice,
    CatalogueToMake,
    ChannelLine,
    PayoutForm,
    PayoutView,
    PriceRow,
    read_catalogue,
    read_catalogue_choice,
    read_channels,
    read_payout,
    read_prices,
    read_report,
    record_payout,
    render,
)
from pos.ui.channels.report import ReportTab
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.entry_form import BUTTON_HEIGHT
from pos.ui.widgets.form_dialog import FormDialog
from pos.ui.widgets.pages import size_to_shown
from pos.ui.widgets.record_table import Column, RecordModel, record_view, selected_row
from pos.ui.widgets.side_by_side import SideBySide
from pos.ui.widgets.style import BAD, ERROR_TEXT, MUTED, MUTED_TEXT, OK_TEXT, label


def _kind(line: ChannelLine) -> str:
    kind = line.info.kind
    return _(KIND_NAMES[kind]) if kind in KIND_NAMES else kind


CHANNEL_COLUMNS: Final[tuple[Column[ChannelLine], ...]] = (
    Column(N_("Channel"), lambda r: r.info.name, colour=lambda r: None if r.info.is_active else MUTED),
    Column(N_("Kind"), _kind),
    Column(N_("Terms"), lambda r: describe_terms(r.info) or "–"),
    Column(N_("Offered"), lambda r: _("Yes") if r.info.is_active else _("No")),
    Column(
        N_("Still owes"),
        lambda r: fmt.rupiah(r.owed) if r.owed is not None else "",
        right=True,
        colour=lambda r: BAD if r.owed else None,
    ),
)


class ChannelsScreen(QWidget):
    """Sales channels and what hangs on them; `set_actor` names the owner, `refresh` reads the open tab again."""

    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.actor: Actor | None = None
        self.lines: tuple[ChannelLine, ...] = ()
        self.selected_code: str | None = None
        self.dialog: FormDialog | None = None

        # --- the channels and payouts --------------------------------------------------------------------------
        self.model = RecordModel(CHANNEL_COLUMNS, self)
        self.view = record_view(self.model, stretch=2)
        self.view.setObjectName("channelList")
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._selection_changed())
        self.add_button = BigButton(_("Add channel"), kind="primary", height=BUTTON_HEIGHT, on_click=self.add_channel)
        self.add_button.setObjectName("addChannel")
        self.edit_button = BigButton(_("Edit channel"), height=BUTTON_HEIGHT, on_click=self.edit_channel)
        self.edit_button.setObjectName("editChannel")
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.add_button)
        list_buttons.addWidget(self.edit_button)
        list_buttons.addStretch(1)
        hint = label(
            _("Sales on a platform are paid by the platform: it keeps its commission and pays out the rest later."),
            style=MUTED_TEXT,
        )
        hint.setWordWrap(True)
        left = QVBoxLayout()
        left.addWidget(self.view, 1)
        left.addWidget(hint)
        left.addLayout(list_buttons)
        self.payout = PayoutBox()
        self.payout.submitted.connect(self.record_payout)
        self.payout.wanted.connect(self.read_payout)
        self.owes = label(factor=1.2, bold=True)
        self.owes.setObjectName("platformOwes")
        self.owes.setWordWrap(True)
        right = QVBoxLayout()
        right.addWidget(self.owes)
        right.addWidget(self.payout)
        right.addStretch(1)
        channels_tab = QWidget()
        channels_box = SideBySide(channels_tab)
        channels_box.setContentsMargins(0, 8, 0, 0)
        channels_box.setSpacing(14)
        channels_box.addLayout(left, 1)
        channels_box.addLayout(right)

        self.prices = PricesTab()
        self.prices.wanted.connect(self.read_prices)
        self.prices.price_requested.connect(self.set_price)
        self.report = ReportTab()
        self.report.wanted.connect(self.read_report)
        self.catalogue = CatalogueTab()
        self.catalogue.category_wanted.connect(self.add_category)
        self.catalogue.save_wanted.connect(self.save_selection)
        self.catalogue.make_wanted.connect(self.make_catalogue)
        self.catalogue.channel_wanted.connect(self.read_catalogue_choice)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(channels_tab, _("Channels and payouts"))
        self.tabs.addTab(self.prices, _("Prices per channel"))
        self.tabs.addTab(self.report, _("Report by channel"))
        self.tabs.addTab(self.catalogue, _("Catalogue"))
        size_to_shown(self.tabs)
        self.tabs.currentChanged.connect(lambda _index: self.refresh())
        self.message = label()
        self.message.setObjectName("channelsMessage")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 10)
        layout.setSpacing(8)
        layout.addWidget(label(_("Sales channels"), factor=1.5, bold=True))
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        self.set_actor(None)
        self._show_selected()
        self.watch = Watch(self, tasks.changed, SHOWS, self.refresh, stale=True)

    # --- the contract with the window -------------------------------------------------------------------------

    def set_actor(self, actor: Actor | None) -> None:
        """The owner logged in; channels, prices and payouts change only in an owner's name."""
        self.actor = actor
        self._enable()

    def refresh(self) -> None:
        """Read the channels, and what the open tab shows, again."""
        self.tasks.read(read_channels, self._show_channels, self._failed)
        tab = self.tabs.currentWidget()
        if tab is self.prices:
            self.prices.ask()
        elif tab is self.report:
            self.report.ask()
        elif tab is self.catalogue:
            self.read_catalogue_choice(self.catalogue.channel_code or None)

    def _enable(self) -> None:
        owner = self.actor is not None
        self.add_button.setEnabled(owner)
        self.edit_button.setEnabled(owner and self.selected() is not None)
        line = self.selected()
        self.payout.setEnabled(owner and line is not None and line.info.is_platform)
        self.prices.box.setEnabled(owner)
        self.catalogue.box.setEnabled(owner)

    # --- channels ----------------------------------------------------------------------------------------------

    def _show_channels(self, lines: tuple[ChannelLine, ...]) -> None:
        self.lines = lines
        keep = self.selected_code
        self.model.set_rows(lines)
        index = next((i for i, r in enumerate(lines) if r.info.code == keep), -1)
        if index < 0:
            # First look: the first platform, since that is what has payouts to record.
            index = next((i for i, r in enumerate(lines) if r.info.is_platform), 0 if lines else -1)
        if index >= 0:
            self.view.selectRow(index)
        self.prices.set_channels([line.info for line in lines])
        self._show_selected()

    def selected(self) -> ChannelLine | None:
        row = selected_row(self.view)
        return self.model.row(row) if 0 <= row < len(self.model.rows) else None

    def _selection_changed(self) -> None:
        line = self.selected()
        if line is not None and line.info.code != self.selected_code:
            self.payout.reset()
        self._show_selected()

    def _show_selected(self) -> None:
        line = self.selected()
        self.selected_code = line.info.code if line else None
        if line is None:
            self.owes.setText("")
            self.payout.show_match(None)
        elif line.info.is_platform:
            self.owes.setText(
                _("{channel} owes the shop {amount}.").format(channel=line.info.name, amount=fmt.rupiah(line.owed or 0))
            )
            self.read_payout()
        else:
            self.owes.setText(_("{channel} is paid at once: there is no payout.").format(channel=line.info.name))
            self.payout.show_match(None)
        self._enable()

    def add_channel(self) -> None:
        if self.actor is not None:
            self._open(ChannelDialog(self.tasks, self.actor, None, self))

    def edit_channel(self) -> None:
        line = self.selected()
        if self.actor is not None and line is not None:
            self._open(ChannelDialog(self.tasks, self.actor, line.info, self))

    def _open(self, dialog: ChannelDialog) -> None:
        self.dialog = dialog
        dialog.saved.connect(self._saved)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()

    def _saved(self, channel: ChannelInfo) -> None:
        self.selected_code = channel.code
        # Runs before the change is announced: the read that follows keeps this channel chosen.
        self.say(_("{channel} is saved.").format(channel=channel.name), ok=True)

    def read_payout(self) -> None:
        """Read what the sales the payout box names owe, for the chosen platform."""
        line = self.selected()
        if line is None or not line.info.is_platform:
            return
        code = line.info.code
        receipts, start, end = self.payout.match_args()

        def shown(view: PayoutView) -> None:
            chosen = self.selected()
            if chosen is None or chosen.info.code != code:
                return  # an answer for the platform chosen before
            self.payout.show_match(view.match, view.owed.lines)
            if view.problem:
                self.payout.say(view.problem, error=True)

        self.tasks.read(lambda session: read_payout(session, code, receipts, start, end), shown, self._failed)

    def record_payout(self, amount: Money) -> None:
        line, actor = self.selected(), self.actor
        if line is None or actor is None:
            return
        receipts, start, up_to = self.payout.match_args()
        form = PayoutForm(
            code=line.info.code,
            received=amount,
            receipts=tuple(receipts),
            start=start,
            up_to=up_to,
            difference=self.payout.difference(),
            method=str(self.payout.method.currentData()),
            reference=self.payout.reference.text(),
            note=self.payout.note_text(),
        )
        self.payout.busy(True)

        def done(result: PlatformSettlement) -> None:
            text = _("{amount} from {channel} recorded for {owed} owed.").format(
                amount=fmt.rupiah(result.received), channel=line.info.name, owed=fmt.rupiah(result.owed)
            )
            if result.difference:
                gap = fmt.rupiah(abs(result.received - result.owed))
                text += " " + _(DIFFERENCE_TEXT[result.difference]).format(amount=gap, name=line.info.name)
            self.payout.done(text)

        def failed(error: BaseException) -> None:
            self.payout.busy(False)
            self.payout.say(failure_message(error), error=True)

        self.tasks.write(lambda session: record_payout(session, actor, form), PAYOUT_CHANGES, done, failed)

    # --- prices ------------------------------------------------------------------------------------------------

    def read_prices(self, code: str, query: str) -> None:
        def shown(rows: tuple[PriceRow, ...]) -> None:
            self.prices.show_prices(code, query, rows)

        self.tasks.read(lambda session: read_prices(session, code, query), shown, self._failed)

    def set_price(self, code: str, product_id: uuid.UUID, price: Money | None) -> None:
        actor, row = self.actor, self.prices.selected()
        if actor is None:
            return
        name = row.name if row else ""

        def done(_result: None) -> None:
            self.prices.say(price_saved_text(name, price), ok=True)  # the prices read again on the change

        self.tasks.write(
            lambda session: set_channel_price(session, actor, code, product_id, price),
            {Change.CHANNELS},
            done,
            lambda error: self.prices.say(failure_message(error), error=True),
        )

    # --- the report --------------------------------------------------------------------------------------------

    def read_report(self, choice: str, custom: Period | None) -> None:
        def shown(report: ChannelReport) -> None:
            if choice == self.report.key:
                self.report.show_report(report)

        self.tasks.read(lambda session: read_report(session, choice, custom), shown, self._failed)

    # --- the catalogue -----------------------------------------------------------------------------------------

    def read_catalogue_choice(self, channel: str | None) -> None:
        self.tasks.read(
            lambda session: read_catalogue_choice(session, channel), self._show_catalogue_choice, self._failed
        )

    def _show_catalogue_choice(self, choice: CatalogueChoice) -> None:
        self.catalogue.show_choice(choice)

    def add_category(self, name: str) -> None:
        self.tasks.read(
            lambda session: catalogue.products_in_categories(session, [name]),
            self.catalogue.tick,
            self._catalogue_failed,
        )

    def save_selection(self, ids: list[uuid.UUID]) -> None:
        def saved(kept: object) -> None:
            n = len(kept) if isinstance(kept, list) else 0
            text = i18n.ngettext(
                "The choice of {n} product is kept for next time.",
                "The choice of {n} products is kept for next time.",
                n,
            )
            self.catalogue.say(text.format(n=n), ok=True)

        self.tasks.write(
            lambda session: catalogue.save_selection(session, ids), {Change.CHANNELS}, saved, self._catalogue_failed
        )

    def make_catalogue(self, ids: list[uuid.UUID], folder: Path) -> None:
        """Read the catalogue on the database worker, then lay it out and write the files on the I/O pool."""
        self.catalogue.busy(True)
        self.catalogue.say(_("Making the catalogue…"))

        def failed(error: BaseException) -> None:
            self.catalogue.busy(False)
            if isinstance(error, OSError):
                text = _("{file} cannot be written: {error}").format(file=folder, error=error.strerror or error)
            else:
                text = failure_message(error)
            self.catalogue.say(text, error=True)

        def written(files: list[Path]) -> None:
            self.catalogue.busy(False)
            self.catalogue.made(folder, files)

        def lay_out(to_make: CatalogueToMake) -> None:
            self.tasks.run_io(lambda: render(to_make, folder), written, failed)

        channel = self.catalogue.channel_code
        # The pictures are in the shop's folder, beside its database: a path, not a read.
        shop_folder = self.tasks.db.path.parent
        self.tasks.read(lambda session: read_catalogue(session, shop_folder, ids, channel), lay_out, failed)

    def _catalogue_failed(self, error: BaseException) -> None:
        self.catalogue.say(failure_message(error), error=True)

    def say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        self.message.setStyleSheet(ERROR_TEXT if error else OK_TEXT if ok else MUTED_TEXT)
        self.message.setText(text)

    def _failed(self, error: BaseException) -> None:
        self.say(failure_message(error), error=True)
