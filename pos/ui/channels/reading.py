"""What the channels screen reads and writes, as functions of a session for `TaskManager.read` / `write` (no widget
is touched here): the channels with what each platform owes, their terms, prices per product, payouts, the channel
report and the catalogue's products; and what the screen shows, to read again when it changes."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from sqlalchemy.orm import Session

from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.errors import LedgerError
from pos.ledger.base.ids import ProductId
from pos.ledger.base.money import Money
from pos.ledger.base.period import Period, named
from pos.ledger.books.approvals import Actor
from pos.ledger.channels import catalogue
from pos.ledger.channels.channels import (
    ChannelInfo,
    add_channel,
    edit_channel,
    list_channels,
    prices_on,
)
from pos.ledger.channels.payouts import PlatformSettlement, platform_balance, settle_platform
from pos.ledger.channels.platform_owed import PayoutMatch, PlatformOwed, match_payout, platform_owed
from pos.ledger.reports.channels import ChannelReport, channel_report
from pos.ledger.reports.dashboard import shop_today
from pos.ledger.shop import settings
from pos.ledger.stock.products import categories
from pos.ledger.stock.search import ProductRow, search_products
from pos.ui.changes import Change

PRICE_ROWS = 200
CATALOGUE_ROWS = 5000

# The channels and their terms, prices and catalogue; what platforms owe and the report (sales); the products the
# prices and the catalogue list; the payouts' money.
SHOWS: Final = {Change.CHANNELS, Change.SALES, Change.PRODUCTS, Change.MONEY}
PAYOUT_CHANGES: Final = {Change.CHANNELS, Change.MONEY}


@dataclass(frozen=True, slots=True)
class ChannelLine:
    """A channel and, for a platform, what it still owes the shop."""

    info: ChannelInfo
    owed: int | None


@dataclass(frozen=True, slots=True)
class ChannelDraft:
    """What the add/edit dialog holds; `code` is None for a new channel."""

    code: str | None
    name: str
    kind: str
    commission_bp: int
    markup_bp: int
    price_round: int
    is_active: bool = True


def read_channels(session: Session) -> tuple[ChannelLine, ...]:
    return tuple(
        ChannelLine(c, platform_balance(session, c.code).rupiah if c.is_platform else None)
        for c in list_channels(session, active_only=False)
    )


def save_channel(session: Session, actor: Actor, draft: ChannelDraft) -> ChannelInfo:
    if draft.code is None:
        return add_channel(
            session,
            actor,
            draft.name,
            draft.kind,
            commission_bp=draft.commission_bp,
            markup_bp=draft.markup_bp,
            price_round=draft.price_round,
        )
    return edit_channel(
        session,
        actor,
        draft.code,
        name=draft.name,
        commission_bp=draft.commission_bp,
        markup_bp=draft.markup_bp,
        price_round=draft.price_round,
        is_active=draft.is_active,
    )


@dataclass(frozen=True, slots=True)
class PayoutView:
    """Every sale a platform owes for, and what the sales a payout names owe (None when they cannot be matched,
    with the core's reason)."""

    owed: PlatformOwed
    match: PayoutMatch | None
    problem: str = ""


def read_payout(
    session: Session, code: str, receipts: Sequence[str], start: dt.date | None, end: dt.date | None
) -> PayoutView:
    owed = platform_owed(session, code)
    try:
        return PayoutView(owed, match_payout(session, code, receipts=receipts, start=start, end=end))
    except LedgerError as error:
        return PayoutView(owed, None, str(error))


@dataclass(frozen=True, slots=True)
class PayoutForm:
    """What the payout box holds: the sales it names, the money, where it went, and any difference's home."""

    code: str
    received: Money
    receipts: tuple[str, ...]
    start: dt.date | None
    up_to: dt.date | None
    difference: str
    method: str
    reference: str
    note: str


def record_payout(session: Session, actor: Actor, form: PayoutForm) -> PlatformSettlement:
    """The platform's payout as the box says it."""
    return settle_platform(
        session,
        actor,
        form.code,
        form.received,
        receipts=form.receipts,
        start=form.start,
        up_to=form.up_to,
        difference=form.difference,
        method=form.method,
        reference=form.reference,
        note=form.note,
    )


# --- prices per channel ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PriceRow:
    """A product's price at the counter and on the channel: its own set price, or the channel's markup."""

    product_id: uuid.UUID
    name: str
    unit: str
    counter_price: int
    set_price: int | None
    price: int  # what the channel sells one piece (or one unit) for
    marked_up: bool  # the channel's markup makes the price (no set price, and the channel has a markup)


def read_prices(session: Session, code: str, query: str) -> tuple[PriceRow, ...]:
    """The products matching `query` with their price on channel `code`, by the core's one rule for it."""
    rows = search_products(session, query, limit=PRICE_ROWS)
    prices = prices_on(session, code, {ProductId(p.id): p.price for p in rows})
    return tuple(
        PriceRow(
            p.id,
            p.name,
            p.unit,
            p.price.rupiah,
            on.set_price.rupiah if on.set_price is not None else None,
            on.price.rupiah,
            on.marked_up,
        )
        for p in rows
        for on in (prices[ProductId(p.id)],)
    )


# --- the report ----------------------------------------------------------------------------------------------------


def read_report(session: Session, choice: str, custom: Period | None) -> ChannelReport:
    """The report for the period chosen, with "today" as the shop's own calendar day."""
    period = custom if choice == "custom" and custom is not None else named(choice, shop_today(session))
    return channel_report(session, period)


# --- the catalogue -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CatalogueChoice:
    """The products on sale (by category, then name) with their prices on the chosen channel, the categories, the
    owner's saved selection, and the channels a catalogue can be made for (the default first)."""

    products: tuple[ProductRow, ...]
    categories: tuple[str, ...]
    selected: tuple[ProductId, ...]
    channel: str = ""
    prices: dict[ProductId, int] = field(default_factory=dict)
    channels: tuple[ChannelInfo, ...] = ()


@dataclass(frozen=True, slots=True)
class CatalogueToMake:
    """A catalogue read from the books, ready to be laid out off the database worker."""

    catalogue: catalogue.Catalogue
    lang: str
    made_on: dt.date


def read_catalogue_choice(session: Session, channel: str | None = None) -> CatalogueChoice:
    """What the catalogue tab offers, priced for `channel` (default: the one a catalogue is made for unnamed)."""
    code = channel or catalogue.default_channel(session)
    rows = {r.id: r for r in search_products(session, "", limit=CATALOGUE_ROWS)}
    ordered = tuple(rows[p] for p in catalogue.all_products(session) if p in rows)
    # A product with variants is priced as its card is: from its cheapest variant on sale.
    prices = catalogue.card_prices(session, code, [r.id for r in ordered])
    return CatalogueChoice(
        ordered,
        tuple(name for _id, name in categories(session)),
        tuple(catalogue.saved_selection(session)),
        code,
        {pid: price.rupiah for pid, price in prices.items()},
        tuple(list_channels(session)),
    )


def read_catalogue(
    session: Session, shop_folder: Path, product_ids: Sequence[uuid.UUID], channel: str
) -> CatalogueToMake:
    """The chosen products as the catalogue for `channel` shows them, with pictures from `shop_folder` (the
    database's own folder)."""
    values = settings.load(session)
    made = catalogue.build_catalogue(session, shop_folder, product_ids, lang=values.language, channel=channel)
    return CatalogueToMake(made, values.language, business_date(utc_now(), values.timezone))


def render(to_make: CatalogueToMake, folder: Path) -> list[Path]:
    """Runs on the I/O pool: the PDF and the pictures written into `folder`."""
    from pos.printing.catalogue.render import (
        render_catalogue,  # ReportLab and Pillow load only when a catalogue is made
    )

    return render_catalogue(to_make.catalogue, folder, lang=to_make.lang, made_on=to_make.made_on)
