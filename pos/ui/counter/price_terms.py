"""The checkout's prices beyond the catalogue: the terms (`PriceBook`) the cart is priced with, read on the
worker whenever what they depend on changes (a new product, the customer, the channel, a voucher), the notes
under the total, and F10's dialog for the voucher, the points and the reasons.

A read of the terms counts as a scan on its way, so F12 waits for the prices the sale will be booked at.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy.orm import Session

from pos.i18n import _
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.errors import LedgerError
from pos.ledger.counter.cart import Cart, CartLine
from pos.ledger.prices.price_book import load_book, terms_in_use
from pos.ledger.prices.terms import PriceBook
from pos.ui.counter.context import CounterSession
from pos.ui.counter.payment import PaymentDialog
from pos.ui.counter.price_notes import PriceNotes
from pos.ui.counter.promo_dialog import PromoDialog
from pos.ui.tasks import failure_message
from pos.ui.widgets.buttons import COMPACT_HEIGHT
from pos.ui.widgets.style import TOUCH_HEIGHT

QUIET_LINE = (
    "QPushButton { text-align: left; border: none; background: transparent; color: #6b7280; padding: 2px 0px; }"
)

if TYPE_CHECKING:
    from pos.ui.counter.checkout import CheckoutPage


def read_book(session: Session, cart: Cart, channel: str, timezone: str) -> PriceBook:
    """The terms for `cart` today on `channel`."""
    return load_book(session, cart, business_date(utc_now(), timezone), channel=channel)


class PriceTerms(QObject):
    def __init__(self, page: CheckoutPage) -> None:
        super().__init__(page)
        self.page = page
        self.notes = PriceNotes()
        page.model.prices_changed.connect(self.notes.show_sale)
        # A quiet line, like the channel's: the counter's row of keys has no room for another button.
        self.button = QPushButton(_("Promotions, voucher, points (F10)"))
        self.button.setObjectName("promoLine")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.button.setStyleSheet(QUIET_LINE)
        # As the channel's line: a thumb can reach it, and on a small screen it gives up height before the total.
        self.button.setMinimumHeight(COMPACT_HEIGHT)
        self.button.setMaximumHeight(TOUCH_HEIGHT)
        self.button.clicked.connect(lambda _checked=False: self.open_promo())
        self.button.hide()  # until the shop is known to give something F10 offers
        self._known: set[object] = set()

    def start(self, session: CounterSession) -> None:
        model = self.page.model
        model.timezone = session.rules.timezone
        model.counter = session.rules.counter_code
        self._known = set()
        self.reload()
        # The line shows in a shop that gives promotions, vouchers or points (F10 works in any): a shop without
        # them keeps the room for the total, which a small screen needs.
        self.page.tasks.read(terms_in_use, self.button.setVisible)

    def after_add(self, line: CartLine) -> None:
        """A product the terms were not read for needs its tiers and group price."""
        if line.product_id not in self._known:
            self.reload()

    def reload(self) -> None:
        """Read the terms for the cart as it is now; the model prices with them when they come."""
        page = self.page
        if page.session is None:
            return
        cart, channel, timezone = page.model.snapshot(), page.channels.code, page.session.rules.timezone
        page.pending_scans += 1

        def read(book: PriceBook) -> None:
            page.pending_scans -= 1
            self._known |= {line.product_id for line in cart.lines}
            page.model.channel = channel
            page.model.set_book(book)
            if isinstance(page.dialog, PaymentDialog):
                # The customer chosen while paying may have a group's prices or points: the amount follows.
                page.dialog.set_exact_due(page.model.sale.priced.exact_due)
            page.after_lookup()

        def failed(error: BaseException) -> None:
            page.pending_scans -= 1
            page.say(failure_message(error), error=True)
            page.after_lookup()

        page.tasks.read(lambda session: read_book(session, cart, channel, timezone), read, failed)

    def open_promo(self) -> None:
        """F10: what applies and why, and the voucher and points to use."""
        page = self.page
        if page.session is None or page.dialog is not None:
            return
        book = page.model.book
        held = book.points.balance if book.points is not None and page.model.cart.customer_id is not None else None
        dialog = PromoDialog(page.model.sale, held, page)
        dialog.submitted.connect(lambda: self._apply(dialog))
        page.open_dialog(dialog)

    def _apply(self, dialog: PromoDialog) -> None:
        page = self.page
        try:
            points = dialog.points()
            trial = page.model.snapshot()
            trial.set_voucher(dialog.voucher_code())
            trial.set_points(points)
        except LedgerError as error:
            dialog.say(str(error), error=True)
            return
        assert page.session is not None
        channel, timezone = page.channels.code, page.session.rules.timezone
        dialog.set_busy(True)

        def read(book: PriceBook) -> None:
            dialog.set_busy(False)
            page.model.book = book
            try:
                sale = page.model.price(trial)
            except LedgerError as error:
                dialog.say(str(error), error=True)
                return
            refused = [s for s in sale.skipped if trial.voucher and s.name == trial.voucher]
            if refused:
                dialog.say(refused[0].why.text(), error=True)
                return
            page.model.set_voucher_and_points(trial.voucher, trial.points)
            dialog.accept()
            if sale.voucher is not None or sale.points_used:
                page.say(_("Voucher and points applied."), ok=True)

        def failed(error: BaseException) -> None:
            dialog.set_busy(False)
            dialog.say(failure_message(error), error=True)

        page.tasks.read(lambda session: read_book(session, trial, channel, timezone), read, failed)
