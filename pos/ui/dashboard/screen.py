"""The owner's daily dashboard: the day's takings against yesterday and last week, payment methods, sales by hour,
best sellers, gross profit, the drawers' counts, stock running low and kasbon to collect; and what needs acting on:
goods about to expire (write them off) and supplier bills falling due (pay them), in `stock_panels`.

Everything is read by `pos.ledger.reports.dashboard` on the database worker (`TaskManager.read`); this module
only lays out what comes back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from pos import i18n
from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.base.clock import local
from pos.ledger.books.approvals import Actor
from pos.ledger.reports.daily import ShiftLine
from pos.ledger.reports.dashboard import Dashboard, DayFigures, change_bp, dashboard, shop_today
from pos.ledger.reports.sales import METHODS
from pos.ledger.reports.stock_warnings import StockWarnings, stock_warnings
from pos.ui.changes import Change, Watch
from pos.ui.dashboard.stock_panels import StockPanels
from pos.ui.dashboard.text import change, hour_span, long_day, quantity, weekday
from pos.ui.dashboard.widgets import BORDER, FigureCard, ListTable, MethodList, Panel, ShiftList, cell
from pos.ui.reports.chart import BarChart
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.style import BAD, GOOD, INK, MUTED, PLAIN_BUTTON, scaled

BACKGROUND = "#f4f5f7"
_THREE_COLUMNS = 1180  # the width the four cards and three columns of panels need
_TWO_COLUMNS = 640
_SMALL_BUTTON = PLAIN_BUTTON + "QPushButton { padding: 6px 12px; }"
_TOGGLE = (
    f"QPushButton {{ background: #ffffff; color: {MUTED}; border: 1px solid {BORDER}; padding: 3px 12px; }}"
    f"QPushButton:checked {{ background: #dbe7fb; color: #1857b6; border-color: #1857b6; font-weight: bold; }}"
)


@dataclass(frozen=True, slots=True)
class DashboardRead:
    """What one read brings back: the dashboard of the day asked (today when none) and the shop's today."""

    dashboard: Dashboard
    today: dt.date
    warnings: StockWarnings


def read_dashboard(session: Session, day: dt.date | None) -> DashboardRead:
    today = shop_today(session)
    return DashboardRead(dashboard(session, day or today), today, stock_warnings(session, today))


# What the day's figures and the warnings are made of.
SHOWS = {
    Change.SALES,
    Change.STOCK,
    Change.PRODUCTS,
    Change.CUSTOMERS,
    Change.SUPPLIERS,
    Change.MONEY,
    Change.SHIFTS,
    Change.SETTINGS,
}


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class DashboardScreen(QWidget):
    """One business day at a glance for the owner; `refresh()` reads it again (it also reads whenever shown)."""

    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.actor: Actor | None = None
        self.view: Dashboard | None = None
        self.today: dt.date | None = None
        self._asked: dt.date | None = None  # None follows the shop's today, also past midnight
        self._request = 0
        self._reading = False

        header = self._build_header()
        self._build_cards()
        self._build_panels()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {BAD};")
        self.message.hide()

        content = QWidget()
        content.setObjectName("dashboard")
        content.setStyleSheet(f"QWidget#dashboard {{ background: {BACKGROUND}; }}")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(20, 14, 20, 16)
        layout.setSpacing(12)
        layout.addLayout(header)
        layout.addWidget(self.message)
        layout.addLayout(self.cards)
        layout.addLayout(self.panels, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        # While shown, what others write reads again at once; hidden, the next show reads anyway (below).
        self.watch = Watch(self, tasks.changed, SHOWS, self.refresh)

    def _build_header(self) -> QHBoxLayout:
        """The day shown, and the buttons to go to another day or read it again."""
        self.title = QLabel(_("Daily summary"))
        scaled(self.title, 1.7, bold=True)
        self.title.setStyleSheet(f"color: {INK};")
        self.subtitle = QLabel()
        self.subtitle.setStyleSheet(f"color: {MUTED};")
        self.prev_button = QPushButton("‹")
        self.prev_button.setToolTip(_("The day before"))
        self.next_button = QPushButton("›")
        self.next_button.setToolTip(_("The day after"))
        self.today_button = QPushButton(_("Today"))
        self.refresh_button = QPushButton(_("Refresh"))
        for button in (self.prev_button, self.next_button, self.today_button, self.refresh_button):
            button.setStyleSheet(_SMALL_BUTTON)
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        if i18n.language() == "id":
            self.date_edit.setLocale(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
        self.date_edit.setDisplayFormat("d MMM yyyy")
        self.date_edit.setDate(QDate.currentDate())
        self.date_edit.setMinimumWidth(130)
        self.prev_button.clicked.connect(lambda: self._step(-1))
        self.next_button.clicked.connect(lambda: self._step(1))
        self.today_button.clicked.connect(self.show_today)
        self.refresh_button.clicked.connect(self.refresh)
        self.date_edit.dateChanged.connect(self._date_chosen)

        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        header.addLayout(titles, 1)
        for widget in (self.prev_button, self.date_edit, self.next_button, self.today_button, self.refresh_button):
            header.addWidget(widget, 0, Qt.AlignmentFlag.AlignVCenter)
        return header

    def _build_cards(self) -> None:
        """The four figures of the day, each against yesterday and last week."""
        self.takings_card = FigureCard(_("Takings"))
        self.sales_card = FigureCard(_("Number of sales"))
        self.basket_card = FigureCard(_("Average basket"))
        self.profit_card = FigureCard(_("Gross profit"))
        self.cards = QGridLayout()
        self.cards.setSpacing(12)

    def _build_panels(self) -> None:
        """The panels, laid out in `panels` by `_arrange`."""
        self.hours_panel = Panel(_("Takings by hour"))
        self.hour_chart = BarChart()
        self.hour_chart.setMinimumHeight(150)
        self.hours_panel.body.addWidget(self.hour_chart, 1)
        self.methods_panel = Panel(_("Takings by payment method"))
        self.methods = MethodList(METHODS)
        self.methods_panel.body.addWidget(self.methods)
        self.methods_panel.body.addStretch(1)

        self.best_panel = Panel(_("Best sellers"))
        self.by_qty_button = QPushButton(_("By quantity"))
        self.by_revenue_button = QPushButton(_("By sales"))
        self._best_group = QButtonGroup(self)
        for i, button in enumerate((self.by_qty_button, self.by_revenue_button)):
            button.setCheckable(True)
            button.setStyleSheet(_TOGGLE)
            self._best_group.addButton(button, i)
            self.best_panel.header.addWidget(button)
            bold = QFont(button.font())
            bold.setBold(True)  # checked, the text turns bold: leave room for that
            button.setMinimumWidth(QFontMetrics(bold).horizontalAdvance(button.text()) + 32)
        self.by_qty_button.setChecked(True)
        self._best_group.idToggled.connect(self._ranking_chosen)
        self.best = ListTable(["#", _("Product"), _("Qty"), _("Sales")], _("Nothing sold on this day."), stretch=1)
        self.best_panel.body.addWidget(self.best, 1)

        self.shifts_panel = Panel(_("Drawer count"))
        self.shifts = ShiftList((_("Expected"), _("Counted"), _("Difference")), _("No shift was closed on this day."))
        self.shifts_panel.body.addWidget(self.shifts, 1)
        self.low_panel = Panel(_("Low stock"))
        self.low = ListTable([_("Product"), _("Left"), _("Minimum")], _("Every product is above its minimum."))
        self.low_panel.body.addWidget(self.low, 1)
        self.kasbon_panel = Panel(_("Kasbon to collect"))
        self.kasbon = ListTable([_("Customer"), _("Since"), _("Owed")], _("Nobody owes the shop anything."))
        self.kasbon_panel.body.addWidget(self.kasbon, 1)
        self.kasbon_total = QLabel()
        self.kasbon_total.setStyleSheet(f"color: {INK}; font-weight: bold;")
        self.kasbon_total.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.kasbon_panel.body.addWidget(self.kasbon_total)
        # What needs acting on: goods about to expire and supplier bills falling due, each with its action.
        self.stock = StockPanels(self.tasks, self)

        # One grid for the panels, so their edges line up: three columns on a wide screen, two or one on a
        # narrower one (`_arrange`), never a window wider than the screen.
        self.panels = QGridLayout()
        self.panels.setSpacing(12)
        self._columns = 0
        self._arrange(self.width())

    # --- fitting the width -------------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(event.size().width())

    def _arrange(self, width: int) -> None:
        """Lay the cards and panels out in as many columns as `width` takes: 4 cards and 3 panel columns on a
        laptop, 2 and 2 on a small screen, 1 and 1 on a very narrow one."""
        columns = 3 if width >= _THREE_COLUMNS else 2 if width >= _TWO_COLUMNS else 1
        if columns == self._columns:
            return
        self._columns = columns
        cards = (self.takings_card, self.sales_card, self.basket_card, self.profit_card)
        per_row = 4 if columns == 3 else columns
        for n, card in enumerate(cards):
            self.cards.addWidget(card, n // per_row, n % per_row)
        for column in range(4):
            self.cards.setColumnStretch(column, 1 if column < per_row else 0)
        # Row by row: the hours, methods and drawers first, then what sold, what runs low and who owes.
        order = (
            self.hours_panel,
            self.methods_panel,
            self.shifts_panel,
            self.best_panel,
            self.low_panel,
            self.kasbon_panel,
            self.stock.expiring_panel,
            self.stock.debts_panel,
        )
        for n, panel in enumerate(order):
            self.panels.addWidget(panel, n // columns, n % columns)
        for column in range(3):
            stretch = (4 if column == 0 else 3) if columns == 3 else 1
            self.panels.setColumnStretch(column, stretch if column < columns else 0)
        rows = -(-len(order) // columns)
        for row in range(8):
            # The lists (second row on a laptop) get the larger share of the height, as before.
            self.panels.setRowStretch(row, (5 if row == 0 else 7) if row < rows else 0)

    # --- reading ------------------------------------------------------------------------------------------------

    def set_actor(self, actor: Actor | None) -> None:
        """Who is logged in; the dashboard shows the same to anyone the window lets see it."""
        self.actor = actor
        self.stock.set_actor(actor)

    def showEvent(self, event: QShowEvent) -> None:
        # Read on every show, changed or not: "today" follows the shop's clock, also past midnight. When the watch
        # has just asked for a read of the changes made while hidden, that read is the one.
        super().showEvent(event)
        if not self._reading:
            self.refresh()

    def refresh(self) -> None:
        """Read the chosen day (today when none was chosen) on the database worker."""
        self._request += 1
        self._reading = True
        request, day = self._request, self._asked
        self.tasks.read(
            lambda session: read_dashboard(session, day),
            lambda read: self._show(request, read),
            lambda error: self._failed(request, error),
        )

    def show_day(self, day: dt.date) -> None:
        """Read `day`, as choosing it in the date field does (today's date keeps following today)."""
        self._asked = None if day == self.today else day
        self._set_picker(day)
        self.refresh()

    def show_today(self) -> None:
        self._asked = None
        self.refresh()

    def _step(self, days: int) -> None:
        current = self.view.day if self.view is not None else self.date_edit.date().toPython()
        if isinstance(current, dt.date):
            self.show_day(current + dt.timedelta(days=days))

    def _date_chosen(self, chosen: QDate) -> None:
        day = chosen.toPython()
        if isinstance(day, dt.date) and (self.view is None or day != self.view.day):
            self._asked = None if day == self.today else day
            self.refresh()

    def _set_picker(self, day: dt.date) -> None:
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(_qdate(day))
        self.date_edit.blockSignals(False)

    def _failed(self, request: int, error: BaseException) -> None:
        if request == self._request:
            self._reading = False
            self.message.setText(failure_message(error))
            self.message.show()

    # --- showing ------------------------------------------------------------------------------------------------

    def _show(self, request: int, read: DashboardRead) -> None:
        if request != self._request:
            return  # a later read is on its way: showing this one would flash an older day
        self._reading = False
        self.message.hide()
        self.today = read.today
        view = self.view = read.dashboard
        self.date_edit.blockSignals(True)
        self.date_edit.setMaximumDate(_qdate(max(read.today, view.day)))
        self.date_edit.setDate(_qdate(view.day))
        self.date_edit.blockSignals(False)
        self.next_button.setEnabled(view.day < read.today)
        self.today_button.setEnabled(view.day != read.today)
        self.subtitle.setText(long_day(view.day) + (f"  ·  {_('Today')}" if view.day == read.today else ""))
        self._show_cards(view)
        # What customers owed, hour by hour: the bars add up to the takings card above.
        self.hour_chart.set_bars([(str(h.hour), h.takings) for h in view.by_hour])
        busiest = view.busiest_hour
        self.hours_panel.note.setText(
            i18n.ngettext("Busiest {hours} · {n} sale", "Busiest {hours} · {n} sales", busiest.sales).format(
                hours=hour_span(busiest.hour), n=busiest.sales
            )
            if busiest
            else ""
        )
        self.methods.show_amounts(view.by_method, _("Total"))
        self._show_best()
        self._show_shifts(view)
        self._show_low_stock(view)
        self._show_kasbon(view)
        self.stock.show(read.warnings)

    def _compare(self, card: FigureCard, view: Dashboard, figure: str) -> None:
        def value(day: DayFigures) -> int:
            return int(getattr(day, figure))

        def text(amount: int) -> str:
            return fmt.number(amount) if figure == "sales" else fmt.rupiah(amount)

        card.value.setText(text(value(view.today)))
        for row, (label, other) in enumerate(
            (
                (_("Yesterday"), view.yesterday),
                (_("Last {weekday}").format(weekday=weekday(view.last_week.day)), view.last_week),
            )
        ):
            bp = change_bp(value(view.today), value(other))
            card.set_compare(row, label, text(value(other)), change(bp), bp)
            card.compare[row][0].setToolTip(fmt.date(other.day))

    def _show_cards(self, view: Dashboard) -> None:
        self._compare(self.takings_card, view, "takings")
        self._compare(self.sales_card, view, "sales")
        self._compare(self.basket_card, view, "average_basket")
        notes = []
        if view.voids:
            notes.append(i18n.ngettext("{n} voided", "{n} voided", view.voids).format(n=view.voids))
        if view.refunds:
            notes.append(_("returns {amount}").format(amount=fmt.rupiah(view.refunds)))
        # What takes the takings to the net sales of the profit card: rounding and PPN are in one, not the other.
        if view.rounding:
            notes.append(_("rounding {amount}").format(amount=fmt.rupiah(view.rounding)))
        if view.ppn:
            notes.append(_("PPN {amount}").format(amount=fmt.rupiah(view.ppn)))
        self.takings_card.note.setText(" · ".join(notes))
        profit = self.profit_card
        profit.value.setText(fmt.rupiah(view.gross_profit))
        profit.value.setStyleSheet(f"color: {BAD if view.gross_profit < 0 else INK};")
        profit.set_compare(0, _("Net sales"), fmt.rupiah(view.net_sales), "")
        profit.compare[0][0].setToolTip(_("Takings less returns, rounding and PPN"))
        profit.set_compare(1, _("Cost of goods sold"), fmt.rupiah(view.cogs), "")
        profit.note.setText(_("Margin {percent}").format(percent=fmt.percent(view.margin_bp)))
        profit.note.setStyleSheet(f"color: {BAD if view.margin_bp < 0 else GOOD}; font-weight: bold;")

    def _ranking_chosen(self, _id: int, checked: bool) -> None:
        if checked:
            self._show_best()

    def _show_best(self) -> None:
        if self.view is None:
            return
        sellers = self.view.best_by_qty if self.by_qty_button.isChecked() else self.view.best_by_revenue
        self.best.set_rows(
            [
                [
                    cell(str(rank), colour=MUTED),
                    cell(s.name, tip=s.name),
                    cell(quantity(s.qty_milli, s.unit), right=True),
                    cell(fmt.rupiah(s.revenue), right=True),
                ]
                for rank, s in enumerate(sellers, 1)
            ]
        )

    def _show_shifts(self, view: Dashboard) -> None:
        rows = [
            (_shift_name(s), _shift_hours(s, view.timezone), s.report.expected_cash, s.counted or 0, s.difference or 0)
            for s in view.shifts
        ]
        if len(rows) > 1:
            rows.append((_("Total"), "", view.expected_cash, view.counted_cash, view.cash_difference))
        self.shifts.set_shifts(rows, bold_last=len(rows) > 1)
        self.shifts_panel.note.setText(
            i18n.ngettext("{n} shift still open", "{n} shifts still open", view.open_shifts).format(n=view.open_shifts)
            if view.open_shifts
            else ""
        )

    def _show_low_stock(self, view: Dashboard) -> None:
        self.low.set_rows(
            [
                [
                    cell(line.name, tip=line.name),
                    cell(quantity(line.qty_milli, line.unit), right=True, colour=BAD if line.qty_milli <= 0 else None),
                    cell(quantity(line.low_stock_milli, line.unit), right=True, colour=MUTED),
                ]
                for line in view.low_stock
            ]
        )
        n = view.low_stock_count
        self.low_panel.note.setText(i18n.ngettext("{n} product", "{n} products", n).format(n=n) if n else "")

    def _show_kasbon(self, view: Dashboard) -> None:
        lang = i18n.language()
        self.kasbon.set_rows(
            [
                [
                    cell(a.name, tip=a.phone),
                    # Older than 30 days is worth a reminder: the date says so in red.
                    cell(
                        _since(a.oldest, view.day, lang),
                        right=True,
                        colour=BAD if sum(a.buckets[1:]) else MUTED,
                    ),
                    cell(fmt.rupiah(a.total), right=True),
                ]
                for a in view.kasbon_due
            ]
        )
        n = view.kasbon_customers
        self.kasbon_panel.note.setText(i18n.ngettext("{n} customer", "{n} customers", n).format(n=n) if n else "")
        self.kasbon_total.setText(_("Total owed {amount}").format(amount=fmt.rupiah(view.kasbon_total)) if n else "")


def _since(oldest: dt.date | None, day: dt.date, lang: str) -> str:
    """`15 Nov`, with the year only when it is not the day's."""
    if oldest is None:
        return ""
    text = fmt.date(oldest, lang)
    return text.rsplit(" ", 1)[0] if oldest.year == day.year else text


def _shift_name(shift: ShiftLine) -> str:
    """`A · Dewi`: the counter and who opened the shift."""
    return f"{shift.counter} · {shift.cashier}" if shift.counter else shift.cashier


def _shift_hours(shift: ShiftLine, timezone: str) -> str:
    """`05.55–21.20` on the shop's clock."""
    opened = local(shift.opened_at, timezone)
    closed = local(shift.closed_at, timezone) if shift.closed_at else None
    return f"{opened:%H.%M}–{closed:%H.%M}" if closed else f"{opened:%H.%M}"
