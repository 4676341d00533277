"""The terms the price engine reads, as immutable values: tiers, a customer group's price list, promotions with
their schedule, a voucher, the points rule, and the moment and place of the sale.

A `PriceBook` holds everything that may change a cart's prices; `pos.ledger.prices.price_book` reads one from
the database, and `pos.ledger.prices.engine.price_sale` prices a cart with it without touching the database.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, Literal

from pos.ledger.base.money import FULL_BP

Mode = Literal["best", "priority"]
MODES: Final[tuple[Mode, ...]] = ("best", "priority")
ALL_DAYS: Final = 127  # Monday = 1, Tuesday = 2, ... Sunday = 64
DAY_MINUTES: Final = 1440
FREE_BP: Final = FULL_BP  # a 'get' item at 100% off is free goods


@dataclass(frozen=True, slots=True)
class Tier:
    """Harga grosir: from `min_milli` packs of `pack_milli` of a product in the cart, each pack costs `price`."""

    id: uuid.UUID
    product_id: uuid.UUID
    pack_milli: int
    min_milli: int
    price: int


@dataclass(frozen=True, slots=True)
class GroupPrice:
    """A group's price for a product or a category: a price per piece (or per kg), or a percent off."""

    price: int | None = None
    percent_bp: int = 0


@dataclass(frozen=True, slots=True)
class Group:
    """A customer group with the price list that applies to its members."""

    id: uuid.UUID
    name: str
    by_product: Mapping[uuid.UUID, GroupPrice] = field(default_factory=dict)
    by_category: Mapping[uuid.UUID, GroupPrice] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ItemOff:
    """A percent or rupiah off each piece (or kg) of the products and categories named."""

    products: frozenset[uuid.UUID] = frozenset()
    categories: frozenset[uuid.UUID] = frozenset()
    percent_bp: int = 0
    rupiah: int = 0


@dataclass(frozen=True, slots=True)
class CartOff:
    """A percent or rupiah off the whole cart, when the cart is worth at least `min_spend`."""

    percent_bp: int = 0
    rupiah: int = 0
    min_spend: int = 0
    max_off: int = 0  # the most a percent takes off; 0 for no cap


@dataclass(frozen=True, slots=True)
class BuyGet:
    """Buy `buy_qty` of one product, get `get_qty` of another (or the same) at `percent_bp` off: free at 100%.

    "Second item half price" is buy 1 get 1 of the same product at 50%."""

    buy: uuid.UUID
    buy_qty: int
    get: uuid.UUID
    get_qty: int
    percent_bp: int = FREE_BP


@dataclass(frozen=True, slots=True)
class Bundle:
    """A paket: these products in these numbers of pieces, together for `price`."""

    items: tuple[tuple[uuid.UUID, int], ...]
    price: int


Offer = ItemOff | CartOff | BuyGet | Bundle


@dataclass(frozen=True, slots=True)
class Schedule:
    """When and where a promotion holds: dates (inclusive), days of the week, hours, channels and counters."""

    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    days: int = ALL_DAYS
    from_minute: int = 0
    to_minute: int = DAY_MINUTES  # from > to spans midnight (a night market from 22:00 to 02:00)
    channels: frozenset[str] = frozenset()  # empty: every channel
    counters: frozenset[str] = frozenset()  # empty: every counter


@dataclass(frozen=True, slots=True)
class Promotion:
    id: uuid.UUID
    name: str
    offer: Offer
    schedule: Schedule = field(default_factory=Schedule)
    priority: int = 100


@dataclass(frozen=True, slots=True)
class VoucherTerms:
    """A voucher as the counter found it, with how many times it was used already."""

    id: uuid.UUID
    code: str
    name: str = ""
    amount: int = 0
    percent_bp: int = 0
    max_off: int = 0
    min_spend: int = 0
    expires_on: dt.date | None = None
    use_limit: int = 1
    uses: int = 0
    is_active: bool = True


@dataclass(frozen=True, slots=True)
class PointsTerms:
    """The customer's points and the shop's points rule: `value` rupiah a point redeemed, a point earned for
    every `earn_per` rupiah paid (0: points are not given)."""

    balance: int
    value: int
    earn_per: int


@dataclass(frozen=True, slots=True)
class Moment:
    """When and where the cart is priced: the shop's local day and minute of the day, channel and counter."""

    day: dt.date
    minute: int
    channel: str = "counter"
    counter: str = ""

    @staticmethod
    def at(local_time: dt.datetime, channel: str = "counter", counter: str = "") -> Moment:
        return Moment(local_time.date(), local_time.hour * 60 + local_time.minute, channel, counter)


@dataclass(frozen=True, slots=True)
class PriceBook:
    """Every term that may change a cart's prices at one moment."""

    mode: Mode = "best"
    promotions: tuple[Promotion, ...] = ()
    tiers: Mapping[tuple[uuid.UUID, int], tuple[Tier, ...]] = field(default_factory=dict)  # (product, pack)
    categories: Mapping[uuid.UUID, uuid.UUID] = field(default_factory=dict)  # product -> its category
    names: Mapping[uuid.UUID, str] = field(default_factory=dict)  # products the promotions name, to explain them
    group: Group | None = None
    voucher_code: str = ""  # as the cashier typed it
    voucher: VoucherTerms | None = None  # None when no voucher has that code
    points: PointsTerms | None = None  # None without a customer or while points are off
    shop_prices: bool = True  # tiers and group prices hold (not on a delivery platform's or marketplace's prices)


EMPTY_BOOK: Final = PriceBook()
