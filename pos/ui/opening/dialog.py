"""Entering (or correcting) the opening balances: what the shop has and owes the day its books start in Laci.

One page per kind: cash in each drawer, bank accounts and e-wallets; stock (a product sheet or typed lines);
customers' kasbon and what the shop owes suppliers (a sheet or typed lines); equipment, other assets and loans.
"Check" runs everything the posting would do and rolls it back, so the owner sees the capital that balances it
(and every problem, row by row for a sheet) before anything is kept; "Post" books the one opening entry. A
correction sends only the pages the owner changed: the rest stands as it was.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import parse_rupiah
from pos.ledger.books.approvals import Actor
from pos.ledger.books.opening_balances import Balance, capital_explained
from pos.ledger.books.opening_view import OpeningLine
from pos.ledger.spreadsheet.opening_plan import Entered, NamedDebt, NamedStock, OpeningPlan
from pos.ledger.spreadsheet.sheet_cells import Noted, date_cell, qty_cell
from pos.ledger.spreadsheet.spreadsheet import SheetRejected
from pos.ui.changes import Change
from pos.ui.opening.entry_table import EntryTable, Field
from pos.ui.opening.reading import OpeningState, check_opening, post_opening, read_opening
from pos.ui.opening.sheet_picker import SheetPicker
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.entry_form import BUTTON_HEIGHT
from pos.ui.widgets.record_table import TABLE_STYLE
from pos.ui.widgets.style import ERROR_TEXT, MUTED_TEXT, OK_TEXT, label

AMOUNT_WIDTH = 150
DATE_WIDTH = 130

# The opening balances bring in money, stock (and the products a stock sheet names), kasbon and supplier debts.
OPENING_CHANGES: Final = {Change.MONEY, Change.STOCK, Change.PRODUCTS, Change.CUSTOMERS, Change.SUPPLIERS}


def _quantity(text: str) -> int:
    found = qty_cell(text)
    return found.value if isinstance(found, Noted) else found


def _months(text: str) -> int:
    if not text.isdigit():
        raise InvalidInput(N_("Write the useful life in whole months, not '{text}'."), text=text)
    return int(text)


def _name_amount(name: str) -> tuple[Field, ...]:
    return (Field(name), Field(N_("Amount"), parse_rupiah, width=AMOUNT_WIDTH))


def _page(*widgets: QWidget, horizontal: bool = False) -> QWidget:
    page = QWidget()
    box: QHBoxLayout | QVBoxLayout = QHBoxLayout(page) if horizontal else QVBoxLayout(page)
    box.setContentsMargins(8, 10, 8, 6)
    box.setSpacing(14 if horizontal else 8)
    for widget in widgets:
        box.addWidget(widget, 1 if isinstance(widget, EntryTable) else 0)
    return page


def _money_rows(lines: tuple[OpeningLine, ...]) -> list[list[str]]:
    return [[line.label, fmt.number(line.amount)] for line in lines]


class OpeningDialog(QDialog):
    """The opening balances' form; `posted` carries the `Entered` outcome once they are booked."""

    posted = Signal(object)

    def __init__(self, tasks: TaskManager, actor: Actor, parent: QWidget | None = None, *, first_run: bool = False):
        super().__init__(parent)
        self.tasks = tasks
        self.actor = actor
        self.state: OpeningState | None = None
        self.busy = False
        self.done_posting = False
        self.setWindowTitle(_("Opening balances"))
        self.setModal(True)
        self.resize(1180, 700)

        day_row = self._build_heading(first_run)
        self._build_tables()
        self._build_pages()
        buttons = self._build_footer()

        box = QVBoxLayout(self)
        box.setContentsMargins(22, 16, 22, 14)
        box.setSpacing(8)
        box.addWidget(self.title)
        box.addWidget(self.intro)
        box.addLayout(day_row)
        box.addWidget(self.pages, 1)
        box.addWidget(self.totals)
        box.addWidget(self.explained)
        box.addWidget(self.problems)
        box.addLayout(buttons)
        self._set_busy(True)
        self.tasks.read(read_opening, self._read, self._failed)

    def _build_heading(self, first_run: bool) -> QHBoxLayout:
        """The title, what the balances are, and the day the books start (with the reason for a correction)."""
        self.title = label(_("Opening balances (saldo awal)"), factor=1.4, bold=True)
        intro = _(
            "What the shop has and owes on the day its books start in Laci. The owner's capital is worked out: "
            "what the shop has less what it owes. Nothing here is profit."
        )
        if first_run:
            intro = _(
                "The shop is set up. Now what it has and owes on the day its books start in Laci; the owner's "
                "capital is worked out, and nothing here is profit. You can also do this later under Money."
            )
        self.intro = label(intro, style=MUTED_TEXT)
        self.intro.setWordWrap(True)
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setMinimumHeight(36)
        self.day.dateChanged.connect(lambda _d: self._changed())
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("Why the correction (for the audit log)"))
        self.reason.setMinimumHeight(36)
        self.reason.hide()
        day_row = QHBoxLayout()
        day_row.addWidget(label(_("The books start on"), bold=True))
        day_row.addWidget(self.day)
        day_row.addSpacing(16)
        day_row.addWidget(self.reason, 1)
        day_row.addStretch(1)
        return day_row

    def _build_tables(self) -> None:
        """A table for each kind of balance, and a sheet to read for stock, kasbon and supplier debts."""
        self.cash = EntryTable(_("Cash in each drawer"), _name_amount(N_("Drawer")))
        self.banks = EntryTable(_("Bank accounts"), _name_amount(N_("Bank")))
        self.ewallets = EntryTable(_("E-wallets"), _name_amount(N_("E-wallet")))
        self.stock_file = SheetPicker(
            self.tasks,
            "products",
            _("A product sheet with the stock on hand (a stok column), or type the lines below."),
        )
        self.stock = EntryTable(
            _("Stock, typed or counted"),
            (
                Field(N_("Product (name, SKU or barcode)")),
                Field(N_("Quantity"), _quantity, width=AMOUNT_WIDTH),
                Field(N_("Unit cost (optional)"), parse_rupiah, required=False, width=AMOUNT_WIDTH + 30),
            ),
        )
        self.customers_file = SheetPicker(
            self.tasks, "customers", _("A customer sheet with what each owes today (an utang or kasbon column).")
        )
        self.customers = EntryTable(
            _("Kasbon, typed"),
            (
                Field(N_("Customer")),
                Field(N_("Owes"), parse_rupiah, width=AMOUNT_WIDTH),
                Field(N_("Since"), date_cell, required=False, width=DATE_WIDTH),
            ),
        )
        self.suppliers_file = SheetPicker(
            self.tasks, "suppliers", _("A supplier sheet with what the shop owes each (an utang column).")
        )
        self.suppliers = EntryTable(
            _("Owed to suppliers, typed"),
            (
                Field(N_("Supplier")),
                Field(N_("Owed"), parse_rupiah, width=AMOUNT_WIDTH),
                Field(N_("Due"), date_cell, required=False, width=DATE_WIDTH),
            ),
        )
        self.equipment = EntryTable(
            _("Equipment"),
            (
                Field(N_("Name")),
                Field(N_("Value"), parse_rupiah, width=AMOUNT_WIDTH - 20),
                Field(N_("Life (months)"), _months, required=False, width=DATE_WIDTH),
            ),
        )
        self.assets = EntryTable(_("Other assets"), _name_amount(N_("Name")))
        self.loans = EntryTable(_("Loans"), _name_amount(N_("Lender")))
        self.stock_note = label(style=MUTED_TEXT)
        self.stock_note.setWordWrap(True)

    def _build_pages(self) -> None:
        """The tables on five pages."""
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.pages.addTab(_page(self.cash, self.banks, self.ewallets, horizontal=True), _("Cash and bank"))
        self.pages.addTab(_page(self.stock_file, self.stock_note, self.stock), _("Stock"))
        self.pages.addTab(_page(self.customers_file, self.customers), _("Customers' kasbon"))
        self.pages.addTab(_page(self.suppliers_file, self.suppliers), _("Suppliers"))
        self.pages.addTab(
            _page(self.equipment, self.assets, self.loans, horizontal=True), _("Equipment, assets and loans")
        )
        for table in self._tables():
            table.changed.connect(self._changed)
        for picker in (self.stock_file, self.customers_file, self.suppliers_file):
            picker.changed.connect(self._changed)

    def _build_footer(self) -> QHBoxLayout:
        """The totals, the problems found, and Later, Check and Post."""
        self.totals = label(bold=True)
        self.explained = label(style=MUTED_TEXT)
        self.explained.setWordWrap(True)
        self.status = label()
        self.status.setWordWrap(True)
        self.problems = QTableWidget(0, 4)
        self.problems.setHorizontalHeaderLabels([_("File"), _("Row"), _("Column"), _("Problem")])
        self.problems.setStyleSheet(TABLE_STYLE)
        self.problems.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.problems.verticalHeader().hide()
        self.problems.horizontalHeader().setStretchLastSection(True)
        self.problems.setMaximumHeight(130)
        self.problems.hide()
        self.later_button = BigButton(_("Later"), height=BUTTON_HEIGHT, on_click=self.reject)
        self.later_button.setMaximumWidth(160)
        self.check_button = BigButton(_("Check"), height=BUTTON_HEIGHT, on_click=self.check)
        self.check_button.setMaximumWidth(160)
        self.post_button = BigButton(
            _("Post the opening balances"), kind="primary", height=BUTTON_HEIGHT, on_click=self.post
        )
        self.post_button.setMaximumWidth(320)
        buttons = QHBoxLayout()
        buttons.addWidget(self.later_button)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.post_button)
        return buttons

    def _tables(self) -> tuple[EntryTable, ...]:
        return (
            self.cash,
            self.banks,
            self.ewallets,
            self.stock,
            self.customers,
            self.suppliers,
            self.equipment,
            self.assets,
            self.loans,
        )

    @property
    def correcting(self) -> bool:
        return self.state is not None and self.state.view is not None

    # --- reading ------------------------------------------------------------------------------------------------

    def _read(self, state: OpeningState) -> None:
        self.state = state
        self._set_busy(False)
        self.day.blockSignals(True)
        self.day.setDate(QDate(state.day.year, state.day.month, state.day.day))
        self.day.blockSignals(False)
        view = state.view
        if view is None:
            self.say(_("Fill in what applies and press Check to see the capital."))
            return
        self.title.setText(_("Correct the opening balances"))
        self.post_button.setText(_("Post the correction"))
        self.reason.show()
        self.cash.set_rows(_money_rows(view.of("cash")))
        self.banks.set_rows(_money_rows(view.of("bank")))
        self.ewallets.set_rows(_money_rows(view.of("ewallet")))
        self.customers.set_rows(
            [
                [x.label, fmt.number(x.amount), x.since.strftime("%d/%m/%Y") if x.since else ""]
                for x in view.of("receivable")
            ]
        )
        self.suppliers.set_rows(
            [[x.label, fmt.number(x.amount), x.due.strftime("%d/%m/%Y") if x.due else ""] for x in view.of("payable")]
        )
        self.equipment.set_rows(
            [[x.label, fmt.number(x.amount), str(x.life_months or "")] for x in view.of("equipment")]
        )
        self.assets.set_rows(_money_rows(view.of("other_asset")))
        self.loans.set_rows(_money_rows(view.of("loan")))
        self.stock_note.setText(
            _("Standing: {n} products worth {value}. Stock given here replaces it.").format(
                n=view.stock_products, value=fmt.rupiah(view.total("stock"))
            )
        )
        self._show_totals(view.total_assets, view.total_debts, view.day)
        self.say(_("Change what was wrong; only the pages you change are corrected."))

    # --- the plan -----------------------------------------------------------------------------------------------

    def plan(self) -> OpeningPlan:
        """What the form holds, as the core takes it; `InvalidInput` names the line that does not read."""
        correcting = self.correcting
        balances: list[Balance] = []
        replaces: set[str] = set()
        for kind, table, what in (
            ("cash", self.cash, _("Cash in each drawer")),
            ("bank", self.banks, _("Bank accounts")),
            ("ewallet", self.ewallets, _("E-wallets")),
            ("other_asset", self.assets, _("Other assets")),
            ("loan", self.loans, _("Loans")),
        ):
            if correcting and not table.touched:
                continue
            replaces.add(kind)
            balances += [Balance(kind, str(name), _int(amount)) for name, amount in table.values(what)]
        if not correcting or self.equipment.touched:
            replaces.add("equipment")
            for name, amount, months in self.equipment.values(_("Equipment")):
                balances.append(Balance("equipment", str(name), _int(amount), _int(months) if months else None))
        customers = self._debts(self.customers, _("Kasbon, typed"), "receivable", replaces, correcting)
        suppliers = self._debts(self.suppliers, _("Owed to suppliers, typed"), "payable", replaces, correcting)
        stock: list[NamedStock] = []
        if not correcting or self.stock.touched:
            stock = [
                NamedStock(str(p), _int(q), _int(c) if c is not None else None)
                for p, q, c in self.stock.values(_("Stock, typed or counted"))
            ]
            if self.stock.touched:
                replaces.add("stock")
        day = self.day.date()
        return OpeningPlan(
            dt.date(day.year(), day.month(), day.day()),
            tuple(balances),
            tuple(NamedDebt(str(n), _int(a), since=_day(d)) for n, a, d in customers),
            tuple(NamedDebt(str(n), _int(a), due=_day(d)) for n, a, d in suppliers),
            tuple(stock),
            self.stock_file.source(),
            self.customers_file.source(),
            self.suppliers_file.source(),
            self.stock_file.wants_sku_barcodes(),
            frozenset(replaces),
        )

    @staticmethod
    def _debts(table: EntryTable, what: str, kind: str, replaces: set[str], correcting: bool) -> list[list[object]]:
        if correcting and not table.touched:
            return []
        replaces.add(kind)
        return table.values(what)

    # --- checking and posting -----------------------------------------------------------------------------------

    def check(self) -> None:
        self._run(False)

    def post(self) -> None:
        if self.done_posting:
            self.accept()
            return
        self._run(True)

    def _run(self, keep: bool) -> None:
        if self.busy or self.state is None:
            return
        try:
            plan = self.plan()
        except InvalidInput as problem:
            self.say(str(problem), error=True)
            return
        actor, correcting, reason = self.actor, self.correcting, self.reason.text()
        self._set_busy(True)
        self._show_problems(())
        if keep:
            self.say(_("Posting the opening balances…"))
            self.tasks.write(
                lambda session: post_opening(session, actor, plan, correcting, reason),
                OPENING_CHANGES,
                self._posted,
                self._failed,
            )
        else:
            self.say(_("Checking…"))
            # A write transaction the core rolls back: nothing changes, nothing is announced.
            self.tasks.write(
                lambda session: check_opening(session, actor, plan, correcting), (), self._checked, self._failed
            )

    def _outcome(self, entered: Entered) -> None:
        view = entered.view
        if view is not None:
            self._show_totals(view.total_assets, view.total_debts, view.day)
        self._show_problems(tuple((file, note) for file, note in entered.notes), notes=True)

    def _checked(self, entered: Entered) -> None:
        self._set_busy(False)
        self._outcome(entered)
        self.say(_("Checked: nothing is kept yet. Post when the figures are right."), ok=True)

    def _posted(self, entered: Entered) -> None:
        self._set_busy(False)
        self._outcome(entered)
        self.done_posting = True
        self.say(_("The opening balances are posted."), ok=True)
        self.post_button.setText(_("Close"))
        self.check_button.setEnabled(False)
        self.posted.emit(entered)

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, SheetRejected):
            self.say(_(error.msgid).format(**error.params), error=True)
            self._show_problems(tuple(("", p) for p in error.problems))
            return
        self.say(failure_message(error), error=True)

    # --- showing ------------------------------------------------------------------------------------------------

    def _changed(self) -> None:
        if not self.busy and self.state is not None and not self.done_posting:
            self.say(_("Press Check to see the capital with these figures."))

    def _show_totals(self, assets: int, debts: int, day: dt.date) -> None:
        self.totals.setText(
            _("Assets {assets} − debts {debts} = owner's capital {capital}").format(
                assets=fmt.rupiah(assets), debts=fmt.rupiah(debts), capital=fmt.rupiah(assets - debts)
            )
        )
        self.explained.setText(capital_explained(assets, debts, day))

    def _show_problems(self, rows: tuple[tuple[str, Any], ...], *, notes: bool = False) -> None:
        self.problems.setHorizontalHeaderLabels(
            [_("File"), _("Row"), _("Column"), _("Note") if notes else _("Problem")]
        )
        self.problems.setRowCount(len(rows))
        for n, (file, problem) in enumerate(rows):
            for c, text in enumerate((file, str(problem.row), problem.column or "–", problem.problem)):
                self.problems.setItem(n, c, QTableWidgetItem(text))
        self.problems.resizeColumnsToContents()
        self.problems.setVisible(bool(rows))

    def say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_TEXT if error else OK_TEXT if ok else MUTED_TEXT)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.check_button.setEnabled(not busy and not self.done_posting)
        self.post_button.setEnabled(not busy)


def _int(value: object) -> int:
    assert isinstance(value, int)
    return value


def _day(value: object) -> dt.date | None:
    assert value is None or isinstance(value, dt.date)
    return value
