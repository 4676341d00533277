"""The owner's prices screen: promotions, vouchers, customer groups and their prices, wholesale tiers and
loyalty points, one page each. Every page reads and writes through the core on the database worker, and the
screen reads the page shown again whenever a write anywhere changes what the pages show."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from pos.i18n import _
from pos.ledger.books.approvals import Actor
from pos.ui.changes import Change, Watch
from pos.ui.prices.fields import Page
from pos.ui.prices.groups_page import GroupsPage
from pos.ui.prices.points_page import PointsPage
from pos.ui.prices.promotions_page import PromotionsPage
from pos.ui.prices.tiers_page import TiersPage
from pos.ui.prices.vouchers_page import VouchersPage
from pos.ui.tasks import TaskManager
from pos.ui.widgets.style import label


class PricesScreen(QWidget):
    """`set_actor` is the owner (or None), `refresh` reads the page shown again."""

    # Promotions count this month's sales and name products, channels and categories; groups list customers;
    # points are earned by sales and belong to customers.
    SHOWS = (Change.PRICES, Change.SALES, Change.PRODUCTS, Change.CUSTOMERS, Change.CHANNELS, Change.SETTINGS)

    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.actor: Actor | None = None
        self.promotions = PromotionsPage(tasks)
        self.vouchers = VouchersPage(tasks)
        self.groups = GroupsPage(tasks)
        self.tiers = TiersPage(tasks)
        self.points = PointsPage(tasks)
        self.pages = QTabWidget()
        self.pages.setObjectName("pricePages")
        self.pages.setDocumentMode(True)
        for page, title in (
            (self.promotions, _("Promotions")),
            (self.vouchers, _("Vouchers")),
            (self.groups, _("Customer groups")),
            (self.tiers, _("Wholesale prices")),
            (self.points, _("Points")),
        ):
            self.pages.addTab(page, title)
        self.pages.currentChanged.connect(lambda _i: self.refresh())
        box = QVBoxLayout(self)
        box.setContentsMargins(20, 12, 20, 12)
        box.setSpacing(6)
        box.addWidget(label(_("Prices and promotions"), factor=1.5, bold=True))
        box.addWidget(self.pages, 1)
        self.watch = Watch(self, tasks.changed, self.SHOWS, self.refresh)
        self.watch.stale = True  # read on first look, not when the window is built

    def set_actor(self, actor: Actor | None) -> None:
        self.actor = actor
        if actor is not None:
            # Nothing was read without an owner: read now if shown, else on the next look.
            if self.isVisible():
                self.refresh()
            else:
                self.watch.stale = True

    def refresh(self) -> None:
        page = self.pages.currentWidget()
        if isinstance(page, Page) and self.actor is not None:
            page.refresh()
