"""The general journal in the owner's money screen: an entry typed line by line for the accountant (balanced or
refused by the core, which also says why), equipment registered for depreciation, and each ended month's
depreciation booked with one press."""

from __future__ import annotations

import datetime as dt
from typing import Final

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos import i18n
from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import parse_rupiah
from pos.ledger.books import accounts
from pos.ledger.books.approvals import Actor
from pos.ledger.books.depreciation import MonthDue, book_depreciation
from pos.ledger.books.general_journal import Equipment
from pos.ledger.books.journal import PostedEntry
from pos.ui.changes import Change
from pos.ui.journal.reading import JournalState, LineDraft, post_lines, read_journal
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.entry_form import BUTTON_HEIGHT
from pos.ui.widgets.record_table import GROUP_STYLE, TABLE_STYLE, Column, RecordModel, record_view
from pos.ui.widgets.side_by_side import SideBySide
from pos.ui.widgets.style import ERROR_TEXT, MUTED_TEXT, OK_TEXT, label, whole_placeholder

LINES = 4
ACCOUNT, DEBIT, CREDIT, PARTY = range(4)
MONTH_COLUMNS: tuple[Column[MonthDue], ...] = (
    Column(N_("Month"), lambda r: fmt.month(r.month, i18n.language())),
    Column(N_("Depreciation"), lambda r: fmt.rupiah(r.amount), right=True),
    Column(N_("Booked"), lambda r: _("yes") if r.booked else _("not yet")),
)

# A journal entry moves any account: money, what customers or suppliers owe (a line may name one), stock.
JOURNAL_CHANGES: Final = {Change.MONEY, Change.CUSTOMERS, Change.SUPPLIERS, Change.STOCK}


class JournalTab(QWidget):
    """Read with the money screen (`refresh`), which reads again on the change an entry or a month's depreciation
    announces."""

    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.actor: Actor | None = None
        self.state: JournalState | None = None
        self._build_fields()
        entry = self._build_entry()
        dep = self._build_depreciation()

        layout = SideBySide(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(14)
        layout.addWidget(entry, 1)
        layout.addWidget(dep)
        for field in (self.memo, self.equipment_name):
            whole_placeholder(field)
        self._totals()
        self.set_actor(None)

    def _build_fields(self) -> None:
        """The entry's fields: its day and memo, its lines, the equipment it buys, and Post."""
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setMinimumHeight(36)
        self.memo = QLineEdit()
        self.memo.setPlaceholderText(_("What the entry is for, e.g. freezer bought on credit from CV Sumber"))
        self.memo.setMinimumHeight(36)
        self.memo.setMaxLength(200)
        self.lines = QTableWidget(LINES, 4)
        self.lines.setHorizontalHeaderLabels([_("Account"), _("Debit"), _("Credit"), _("Customer or supplier")])
        self.lines.setStyleSheet(TABLE_STYLE)
        self.lines.verticalHeader().hide()
        self.lines.verticalHeader().setDefaultSectionSize(self.lines.fontMetrics().height() + 16)
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(ACCOUNT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PARTY, QHeaderView.ResizeMode.Stretch)
        for column in (DEBIT, CREDIT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.lines.setColumnWidth(column, 130)
        # Never narrower than its headings: on a small screen the form goes under the list, not over its words.
        # The two stretching columns share the rest evenly, so each needs the room of the wider heading.
        headings = 2 * max(header.sectionSizeFromContents(c).width() for c in (ACCOUNT, PARTY)) + 2 * 130
        self.lines.setMinimumWidth(headings + self.lines.verticalScrollBar().sizeHint().width() + 4)
        self.lines.itemChanged.connect(lambda _item: self._totals())
        self.add_line_button = BigButton(_("Add a line"), height=34, on_click=self.add_line)
        self.add_line_button.setMaximumWidth(170)
        self.difference = label(style=MUTED_TEXT)
        self.equipment_name = QLineEdit()
        self.equipment_name.setPlaceholderText(_("Equipment bought (optional), e.g. Freezer"))
        self.equipment_name.setMinimumHeight(36)
        self.equipment_months = QLineEdit()
        self.equipment_months.setPlaceholderText(_("Life in months"))
        self.equipment_months.setMinimumHeight(36)
        self.equipment_months.setMaximumWidth(150)
        self.post_button = BigButton(_("Post the entry"), kind="primary", height=BUTTON_HEIGHT, on_click=self.post)
        self.post_button.setMaximumWidth(240)
        self.status = label()
        self.status.setWordWrap(True)

    def _build_entry(self) -> QGroupBox:
        """The entry's fields laid out in their box."""
        head = QHBoxLayout()
        head.addWidget(label(_("Date"), bold=True))
        head.addWidget(self.day)
        head.addSpacing(12)
        head.addWidget(self.memo, 1)
        under = QHBoxLayout()
        under.addWidget(self.add_line_button)
        under.addWidget(self.difference, 1)
        kit = QHBoxLayout()
        kit.addWidget(self.equipment_name, 1)
        kit.addWidget(self.equipment_months)
        entry = QGroupBox(_("General journal entry (for the accountant)"))
        entry.setStyleSheet(GROUP_STYLE)
        entry_box = QVBoxLayout(entry)
        entry_box.addLayout(head)
        entry_box.addWidget(self.lines, 1)
        entry_box.addLayout(under)
        entry_box.addLayout(kit)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.post_button)
        entry_box.addLayout(bottom)
        return entry

    def _build_depreciation(self) -> QGroupBox:
        """Each ended month of the equipment's lives, and the button that books the next."""
        self.months = RecordModel(MONTH_COLUMNS, self)
        self.months_view = record_view(self.months, stretch=0)
        self.book_button = BigButton(_("Book depreciation"), height=BUTTON_HEIGHT, on_click=self.book_next_month)
        self.dep_status = label(style=MUTED_TEXT)
        self.dep_status.setWordWrap(True)
        dep = QGroupBox(_("Depreciation of equipment"))
        dep.setStyleSheet(GROUP_STYLE)
        dep.setMinimumWidth(420)
        dep.setMaximumWidth(460)
        dep_box = QVBoxLayout(dep)
        dep_box.addWidget(self.months_view, 1)
        dep_box.addWidget(self.book_button)
        dep_box.addWidget(self.dep_status)
        return dep

    # --- the contract with the screen ---------------------------------------------------------------------------

    def set_actor(self, actor: Actor | None) -> None:
        """Only the owner posts journal entries; the core refuses anyone else too."""
        self.actor = actor
        owner = actor is not None and actor.is_owner
        self.post_button.setEnabled(owner)
        self.book_button.setEnabled(owner and self._next_month() is not None)

    def refresh(self) -> None:
        self.tasks.read(read_journal, self.show_state, self._failed)

    def show_state(self, state: JournalState) -> None:
        first = self.state is None
        self.state = state
        if first:
            self.day.setDate(QDate(state.today.year, state.today.month, state.today.day))
            for row in range(self.lines.rowCount()):
                self._account_box(row)
        self.months.set_rows(state.months)
        month = self._next_month()
        self.book_button.setText(
            _("Book depreciation for {month}").format(month=fmt.month(month, i18n.language()))
            if month
            else _("Book depreciation")
        )
        self.book_button.setEnabled(self.actor is not None and self.actor.is_owner and month is not None)
        if not state.months:
            self.dep_status.setText(_("No equipment with a useful life yet."))

    def _next_month(self) -> dt.date | None:
        if self.state is None:
            return None
        return next((m.month for m in self.state.months if not m.booked), None)

    # --- the entry ----------------------------------------------------------------------------------------------

    def _account_box(self, row: int) -> QComboBox:
        box = QComboBox()
        box.addItem("", "")
        for account in self.state.accounts if self.state else ():
            name = account.name_en if i18n.language() == "en" else account.name
            box.addItem(f"{account.code}  {name}", account.code)
        self.lines.setCellWidget(row, ACCOUNT, box)
        return box

    def add_line(self) -> None:
        self.lines.insertRow(self.lines.rowCount())
        self._account_box(self.lines.rowCount() - 1)

    def set_line(self, row: int, account: str, debit: str = "", credit: str = "", party: str = "") -> None:
        """Fill one line, as a person would (tests use it)."""
        while self.lines.rowCount() <= row:
            self.add_line()
        box = self.lines.cellWidget(row, ACCOUNT)
        if isinstance(box, QComboBox):
            box.setCurrentIndex(box.findData(account))
        for column, text in ((DEBIT, debit), (CREDIT, credit), (PARTY, party)):
            self.lines.setItem(row, column, QTableWidgetItem(text))

    def _text(self, row: int, column: int) -> str:
        item = self.lines.item(row, column)
        return item.text().strip() if item is not None else ""

    def drafts(self) -> list[LineDraft]:
        """The lines typed; `InvalidInput` names the line that does not read."""
        out = []
        for row in range(self.lines.rowCount()):
            box = self.lines.cellWidget(row, ACCOUNT)
            code = str(box.currentData()) if isinstance(box, QComboBox) else ""
            texts = [self._text(row, c) for c in (DEBIT, CREDIT, PARTY)]
            if not code and not any(texts):
                continue
            if not code:
                raise InvalidInput(N_("Line {n}: choose the account."), n=row + 1)
            try:
                amounts = [parse_rupiah(t) if t else 0 for t in texts[:2]]
            except InvalidInput as err:
                raise InvalidInput(N_("Line {n}: {problem}"), n=row + 1, problem=str(err)) from err
            out.append(LineDraft(code, amounts[0], amounts[1], texts[2]))
        return out

    def _totals(self) -> None:
        try:
            drafts = self.drafts()
        except InvalidInput as err:
            self.difference.setText(str(err))
            return
        debits, credits = sum(d.debit for d in drafts), sum(d.credit for d in drafts)
        self.difference.setText(
            _("Debits {debits} · credits {credits} · difference {difference}").format(
                debits=fmt.rupiah(debits), credits=fmt.rupiah(credits), difference=fmt.rupiah(debits - credits)
            )
        )

    def post(self) -> None:
        actor = self.actor
        if actor is None:
            return
        try:
            drafts = self.drafts()
            equipment = self._equipment(drafts)
        except InvalidInput as err:
            self.say(str(err), error=True)
            return
        date = self.day.date()
        day, memo = dt.date(date.year(), date.month(), date.day()), self.memo.text()
        self.post_button.setEnabled(False)
        self.tasks.write(
            lambda session: post_lines(session, actor, drafts, day, memo, equipment),
            JOURNAL_CHANGES,
            self._posted,
            self._refused,
        )

    def _equipment(self, drafts: list[LineDraft]) -> Equipment | None:
        name, months = self.equipment_name.text().strip(), self.equipment_months.text().strip()
        if not name and not months:
            return None
        if not months.isdigit():
            raise InvalidInput(N_("Write the useful life in whole months, not '{text}'."), text=months)
        cost = sum(d.debit - d.credit for d in drafts if d.account == accounts.PERALATAN)
        return Equipment(name, cost, int(months))

    def _posted(self, entry: PostedEntry) -> None:
        self.post_button.setEnabled(True)
        self.say(_("Posted: {memo}.").format(memo=self.memo.text()), ok=True)
        self.memo.clear()
        self.equipment_name.clear()
        self.equipment_months.clear()
        for row in range(self.lines.rowCount()):
            self.set_line(row, "")

    def _refused(self, error: BaseException) -> None:
        self.post_button.setEnabled(self.actor is not None and self.actor.is_owner)
        self.say(failure_message(error), error=True)

    # --- depreciation -------------------------------------------------------------------------------------------

    def book_next_month(self) -> None:
        actor, month = self.actor, self._next_month()
        if actor is None or month is None:
            return
        self.book_button.setEnabled(False)

        def done(_entry: PostedEntry) -> None:
            self.dep_status.setStyleSheet(OK_TEXT)
            self.dep_status.setText(_("Depreciation for {month} is booked.").format(month=fmt.month(month)))

        def failed(error: BaseException) -> None:
            self.dep_status.setStyleSheet(ERROR_TEXT)
            self.dep_status.setText(failure_message(error))
            self.refresh()  # nothing changed: read what stands, which may be why it was refused

        self.tasks.write(lambda session: book_depreciation(session, actor, month), JOURNAL_CHANGES, done, failed)

    def say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_TEXT if error else OK_TEXT if ok else MUTED_TEXT)

    def _failed(self, error: BaseException) -> None:
        self.say(failure_message(error), error=True)
