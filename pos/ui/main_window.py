"""The main window: the counter screen, and for the owner a second tab with the state of the books.

Everything shown is read through ledger services on the database worker (`TaskManager.read`); this module
only lays out what comes back. Each screen reads again by itself when a write changes what it shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from pos import i18n
from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.base.clock import business_date, local, utc_now
from pos.ledger.books import checkpoints
from pos.ledger.books.approvals import Actor
from pos.ledger.books.balances import AccountBalance, trial_balance
from pos.ledger.books.check import check_books, seal_after
from pos.ledger.books.checkpoints import Seal
from pos.ledger.shop import settings
from pos.ui.channels import ChannelsScreen
from pos.ui.counter.screen import CounterScreen
from pos.ui.customers import CustomersScreen
from pos.ui.dashboard import DashboardScreen
from pos.ui.icons import icon
from pos.ui.models import AccountsModel
from pos.ui.money import MoneyScreen
from pos.ui.nav_bar import NavBar, PageTabs
from pos.ui.orders import OrdersScreen
from pos.ui.outreach import OutreachScreen
from pos.ui.prices import PricesScreen
from pos.ui.print_queue import PrintQueueStatus
from pos.ui.products import ProductsScreen
from pos.ui.reports import ReportsScreen
from pos.ui.settings.screen import SettingsScreen
from pos.ui.sync_status import SyncStatus
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.columns import share_columns
from pos.ui.window_placement import COMFORTABLE, WindowPlacement

_OK_STYLE = "background: #e7f5ec; color: #1d6b3a; border: 1px solid #b9e0c6;"
_PROBLEM_STYLE = "background: #fdecec; color: #a32020; border: 1px solid #f2c2c2;"
_NEUTRAL_STYLE = "background: #f1f2f4; color: #555b66; border: 1px solid #dcdfe4;"
_PILL = "border-radius: 6px; padding: 8px 14px;"
# Cells get room to breathe so amounts do not touch the frame; the header is drawn to match.
_TABLE_STYLE = """
QTableView { border: 1px solid #d5d8dd; background: #ffffff; alternate-background-color: #f6f7f9; }
QTableView::item { padding: 0px 12px; }
QHeaderView::section {
    background: #eef0f3; color: #3b4150; font-weight: bold;
    border: none; border-bottom: 1px solid #d5d8dd; padding: 6px 15px;
}
"""


class OwnerScreen(Protocol):
    """What the window needs of an owner's screen."""

    def set_actor(self, actor: Actor | None) -> None: ...

    def refresh(self) -> None: ...


@dataclass(frozen=True, slots=True)
class LedgerStatus:
    """One consistent read of what the window shows, taken on the worker."""

    shop_name: str
    accounts: tuple[AccountBalance, ...]
    total_debit: int
    total_credit: int
    problems: tuple[str, ...]
    read_at: dt.datetime

    @property
    def books_ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class BooksRead:
    """The window's figures, and the checkpoint the check found due (a closed day has passed), if any."""

    status: LedgerStatus
    seal: Seal | None


def read_ledger_status(session: Session) -> BooksRead:
    """The shop's name, the trial balance and the books check in one snapshot; the check reads what came after
    the last checkpoint, and says when a new one is due."""
    shop = settings.load(session)
    tb = trial_balance(session)
    report = check_books(session, full=False)
    seal = seal_after(session, report, business_date(utc_now(), shop.timezone))
    status = LedgerStatus(
        shop_name=shop.shop_name,
        accounts=tb.accounts,
        total_debit=tb.total_debit,
        total_credit=tb.total_credit,
        problems=tuple(str(problem) for problem in report.problems),
        read_at=local(utc_now(), shop.timezone),
    )
    return BooksRead(status, seal)


def books_status_text(status: LedgerStatus) -> str:
    if status.books_ok:
        return _("The books are in order.")
    n = len(status.problems)
    return i18n.ngettext("{n} problem found in the books.", "{n} problems found in the books.", n).format(n=n)


class MainWindow(QMainWindow):
    """The shop's window: the counter (`counter`) first; the books tab for an owner. `refresh()` (F5) reads
    the books again."""

    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.status: LedgerStatus | None = None
        self.restore_from: Path | None = None  # a backup the owner chose to put back when the window closes
        self._loading = False
        self._stale = False
        self.setWindowTitle("Laci")
        self.resize(COMFORTABLE)  # until `show_placed` fits it to the screen
        self.placement = WindowPlacement(self, tasks.db.path.parent)

        self._build_actions()
        self._build_books()
        self._build_screens()
        self._connect_screens()
        self._build_central()
        self._build_status_bar()

        self.tasks.failed.connect(self.show_error)
        # An error in the status bar stays until the next thing that works, then goes: no stale red.
        self._error_shown = ""
        self.tasks.succeeded.connect(self._clear_error)

    def _build_actions(self) -> None:
        """F5 reads the books again; Ctrl+Q closes Laci."""
        self.refresh_action = QAction(_("&Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.refresh_action.setToolTip(_("Read the books again (F5)"))
        self.refresh_action.triggered.connect(self.refresh)
        # No menu bar: its height is the counter's on a small screen. Closing Laci is Ctrl+Q, the window's close
        # button, or "Close Laci" on the login screen; logging out is the counter's own button.
        self.quit_action = QAction(_("Close Laci"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))  # the same on every system (Windows has none)
        self.quit_action.triggered.connect(self.close)
        self.addAction(self.quit_action)

    def _build_books(self) -> None:
        """The Books tab: the shop's name, whether the books are in order, the accounts and the trial balance."""
        self.shop_name = QLabel("Laci")
        self.shop_name.setObjectName("shopName")
        name_font = QFont(self.font())
        name_font.setPointSizeF(name_font.pointSizeF() * 2.2)
        name_font.setBold(True)
        self.shop_name.setFont(name_font)
        self.shop_name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        subtitle = QLabel(_("The books at a glance"))
        subtitle.setStyleSheet("color: #6b7280;")
        title_box = QVBoxLayout()
        title_box.setSpacing(2)
        title_box.addWidget(self.shop_name)
        title_box.addWidget(subtitle)
        refresh_button = QToolButton()
        refresh_button.setDefaultAction(self.refresh_action)
        refresh_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        refresh_button.setMinimumHeight(36)
        header = QHBoxLayout()
        header.addLayout(title_box, 1)
        header.addWidget(refresh_button, 0, Qt.AlignmentFlag.AlignTop)

        self.books_status = QLabel(_("Reading the books…"))
        self.books_status.setObjectName("booksStatus")
        self.books_status.setStyleSheet(_NEUTRAL_STYLE + _PILL)
        self.books_status.setWordWrap(True)
        status_font = QFont(self.font())
        status_font.setPointSizeF(status_font.pointSizeF() * 1.15)
        status_font.setBold(True)
        self.books_status.setFont(status_font)

        self.accounts_model = AccountsModel(self)
        self.accounts_view = QTableView()
        self.accounts_view.setModel(self.accounts_model)
        self.accounts_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.accounts_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.accounts_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.accounts_view.setAlternatingRowColors(True)
        self.accounts_view.setStyleSheet(_TABLE_STYLE)
        self.accounts_view.setShowGrid(False)
        self.accounts_view.setWordWrap(False)
        self.accounts_view.verticalHeader().hide()
        # Compact enough that the whole chart fits at 1280x800 without scrolling.
        self.accounts_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.accounts_view.horizontalHeader().setHighlightSections(False)
        self.accounts_view.setProperty("wholeCells", True)
        share_columns(self.accounts_view, AccountsModel.NAME, least=200)

        self.totals = QLabel()
        self.totals.setObjectName("totals")
        self.totals.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        totals_font = QFont(self.font())
        totals_font.setBold(True)
        self.totals.setFont(totals_font)

        summary = QHBoxLayout()
        summary.setSpacing(20)
        summary.addWidget(self.books_status, 1)
        summary.addWidget(self.totals)

        body = QVBoxLayout()
        body.setContentsMargins(28, 16, 28, 12)
        body.setSpacing(12)
        body.addLayout(header)
        body.addLayout(summary)
        body.addWidget(self.accounts_view, 1)
        self.books = QWidget()
        self.books.setLayout(body)
        # F5 reads the books only from the Books tab: at the counter the full check would hold the database
        # worker, and with it the scanner, for as long as it takes on a shop with a long history.
        self.refresh_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.books.addAction(self.refresh_action)

    def _build_screens(self) -> None:
        """The counter first, then the owner's screens and the Books and Settings tabs, and the bar that switches
        between them."""
        self.counter = CounterScreen(self.tasks)
        self.tabs = PageTabs()
        self.tabs.setObjectName("mainTabs")
        self.counter_tab = self.tabs.add_screen(self.counter, icon("pay"), _("Counter"))
        # The owner's screens: built now (cheap), read when first looked at, so the counter starts at once.
        self.dashboard = DashboardScreen(self.tasks)
        self.products = ProductsScreen(self.tasks)
        self.customers = CustomersScreen(self.tasks)
        self.orders = OrdersScreen(self.tasks)
        self.outreach = OutreachScreen(self.tasks)
        self.channels = ChannelsScreen(self.tasks)
        self.prices = PricesScreen(self.tasks)
        self.money = MoneyScreen(self.tasks)
        self.reports = ReportsScreen(self.tasks)
        self.settings = SettingsScreen(self.tasks)
        self.owner_screens: dict[int, OwnerScreen] = {}
        for screen, icon_name, title in (
            (self.dashboard, "reports", _("Today")),
            (self.products, "product", _("Products")),
            (self.customers, "kasbon", _("Customers")),
            (self.orders, "hold", _("Orders")),
            (self.outreach, "customer", _("Outreach")),
            (self.channels, "sync", _("Channels")),
            (self.prices, "product", _("Prices")),
            (self.money, "stock", _("Money")),
            (self.reports, "reports", _("Reports")),
        ):
            self.owner_screens[self.tabs.add_screen(screen, icon(icon_name), title, scroll=True)] = screen
        self.books_tab = self.tabs.add_screen(self.books, icon("backup"), _("Books"))
        self.settings_tab = self.tabs.add_screen(self.settings, icon("settings"), _("Settings"), scroll=True)
        self.owner_screens[self.settings_tab] = self.settings
        self.owner_tabs = (*self.owner_screens, self.books_tab)
        self.nav = NavBar(self.tabs)

    def _connect_screens(self) -> None:
        """What one screen's work means for another, and the counter's login and logout for the owner's tabs."""
        # A user added, changed or deactivated in the settings shows at the next login at once.
        self.settings.users.changed.connect(self.counter.login.load)
        # A QRIS, rounding or PPN saved by the owner reaches the counter at once, without logging in again.
        self.settings.saved.connect(lambda _keys: self.counter.reload_rules())
        self.money.receive_goods_requested.connect(self._receive_goods)
        self.settings.backup.restore_chosen.connect(self._restore_and_reopen)
        self._show_books_tab(False)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.counter.logged_in.connect(self._logged_in)
        self.counter.login.shop_named.connect(self._shop_named)
        self.counter.logged_out.connect(lambda: self._show_books_tab(False))
        self.counter.login.quit_requested.connect(self.close)

    def _build_central(self) -> None:
        """The bar of tabs over the screen shown."""
        central = QWidget()
        central_box = QVBoxLayout(central)
        central_box.setContentsMargins(0, 0, 0, 0)
        central_box.setSpacing(0)
        central_box.addWidget(self.nav)
        central_box.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

    def _build_status_bar(self) -> None:
        """Sync's state and the print queue's button."""
        self.sync = SyncStatus(self.tasks, self)
        self.statusBar().addPermanentWidget(self.sync.label)
        # The print queue's state and its own worker (started with the window, by `app.run_gui`).
        self.printing = PrintQueueStatus(self.tasks, self)
        self.statusBar().addPermanentWidget(self.printing.button)
        self.counter.logged_in.connect(self.printing.set_actor)
        self.counter.logged_out.connect(lambda: self.printing.set_actor(None))

    def _logged_in(self, actor: Actor) -> None:
        for screen in self.owner_screens.values():
            screen.set_actor(actor if actor.is_owner else None)
        self._show_books_tab(actor.is_owner)

    def _restore_and_reopen(self, path: Path) -> None:
        # The database cannot be replaced under an open window: the app closes it, restores, and opens again.
        self.restore_from = path
        self.close()

    def _receive_goods(self, supplier_id: object) -> None:
        # Receiving is done where the products are; the money screen's button leads there.
        self.tabs.setCurrentWidget(self.products)
        self.products.receive_goods()

    def _shop_named(self, name: str) -> None:
        self.setWindowTitle(_("Laci — {shop}").format(shop=name))

    def _show_books_tab(self, visible: bool) -> None:
        """Show or hide the owner's tabs. A cashier sees only the counter; the tab bar itself goes when there is
        nothing to switch to."""
        for index in self.owner_tabs:
            self.tabs.setTabVisible(index, visible)
        self.nav.sync()
        self.nav.setVisible(visible)
        if not visible:
            for screen in self.owner_screens.values():
                screen.set_actor(None)
            self.tabs.setCurrentIndex(self.counter_tab)

    def show_placed(self) -> None:
        """Show the window as it was left, or maximised on a screen smaller than its comfortable size."""
        self.placement.show()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.placement.remember()
        super().closeEvent(event)

    def _tab_changed(self, index: int) -> None:
        # The owner's screens read when first shown and again when a write changes what they show (their `Watch`).
        if index == self.counter_tab and self.counter.currentWidget() is self.counter.checkout:
            self.counter.checkout.refocus()
        elif index == self.books_tab and self.status is None and not self._loading:
            # Read on first look, not at start: see `app.create_main_window` for why.
            self.refresh()

    def refresh(self) -> None:
        """Read the books again on the worker; a refresh asked for while one is running follows it."""
        if self._loading:
            self._stale = True
            return
        self._loading = True
        self.refresh_action.setEnabled(False)
        self.statusBar().showMessage(_("Reading the books…"))
        self.tasks.read(read_ledger_status, self._read, self._refresh_failed)

    def _read(self, read: BooksRead) -> None:
        seal = read.seal
        if seal is not None:
            # A checkpoint is the check's own bookmark: no screen shows it, so the write announces nothing.
            self.tasks.write(lambda session: checkpoints.make(session, seal, utc_now()), ())
        self._show_status(read.status)

    def _clear_error(self) -> None:
        if self._error_shown and self.statusBar().currentMessage() == self._error_shown:
            self.statusBar().clearMessage()
        self._error_shown = ""

    def show_error(self, message: str) -> None:
        """Tell the person what went wrong without blocking the window; it stays until something works."""
        self.statusBar().showMessage(message)
        self._error_shown = message
        box = QMessageBox(QMessageBox.Icon.Warning, "Laci", message, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _show_status(self, status: LedgerStatus) -> None:
        self.status = status
        self.setWindowTitle(_("Laci — {shop}").format(shop=status.shop_name))
        self.shop_name.setText(status.shop_name)
        self.accounts_model.set_accounts(status.accounts)
        self.books_status.setText(books_status_text(status))
        self.books_status.setToolTip("\n".join(status.problems))
        self.books_status.setStyleSheet((_OK_STYLE if status.books_ok else _PROBLEM_STYLE) + _PILL)
        self.totals.setText(
            _("Trial balance: debit {debit} · credit {credit}").format(
                debit=fmt.rupiah(status.total_debit), credit=fmt.rupiah(status.total_credit)
            )
        )
        self.statusBar().showMessage(_("Updated {time}").format(time=fmt.datetime(status.read_at)))
        self._loaded()

    def _refresh_failed(self, error: BaseException) -> None:
        message = failure_message(error)
        self.books_status.setText(_("Could not read the books: {error}").format(error=message))
        self.books_status.setStyleSheet(_PROBLEM_STYLE + _PILL)
        self._loaded()
        self.show_error(message)

    def _loaded(self) -> None:
        self._loading = False
        self.refresh_action.setEnabled(True)
        if self._stale:
            self._stale = False
            self.refresh()
