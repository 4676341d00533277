"""Promotions as the owner keeps them: what each offers (stored as JSON by kind), when and where it holds, and
its place in the owner's order. Promotions are shared master data: every change travels to the other counters.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.clock import utc_now
from pos.ledger.base.errors import InvalidInput, NotFound
from pos.ledger.base.ids import new_id
from pos.ledger.prices.terms import (
    ALL_DAYS,
    DAY_MINUTES,
    FREE_BP,
    Bundle,
    BuyGet,
    CartOff,
    ItemOff,
    Offer,
    Promotion,
    Schedule,
)
from pos.ledger.replication.changes import record_change
from pos.ledger.schema import Product, core
from pos.ledger.schema import Promotion as PromotionRow

KIND_OF: Final[dict[type, str]] = {ItemOff: "item_off", CartOff: "cart_off", BuyGet: "buy_get", Bundle: "bundle"}
NAME_LENGTH: Final = 80
# Promotions that ended this long ago are still read with a cart, so the counter can say why they no longer apply.
RECENTLY_ENDED: Final = dt.timedelta(days=31)
ALWAYS: Final = Schedule()


def _hex(ids: Iterable[uuid.UUID]) -> list[str]:
    return sorted(i.hex for i in ids)


def offer_to_json(offer: Offer) -> str:
    rule: dict[str, Any]
    if isinstance(offer, ItemOff):
        rule = {
            "products": _hex(offer.products),
            "categories": _hex(offer.categories),
            "percent_bp": offer.percent_bp,
            "rupiah": offer.rupiah,
        }
    elif isinstance(offer, CartOff):
        rule = {
            "percent_bp": offer.percent_bp,
            "rupiah": offer.rupiah,
            "min_spend": offer.min_spend,
            "max_off": offer.max_off,
        }
    elif isinstance(offer, BuyGet):
        rule = {
            "buy": offer.buy.hex,
            "buy_qty": offer.buy_qty,
            "get": offer.get.hex,
            "get_qty": offer.get_qty,
            "percent_bp": offer.percent_bp,
        }
    else:
        rule = {"items": [[p.hex, q] for p, q in offer.items], "price": offer.price}
    return json.dumps(rule, sort_keys=True)


@lru_cache(maxsize=2048)
def offer_from_json(kind: str, rule: str) -> Offer:
    """The offer a stored rule describes. Cached: a shop's few hundred promotions are read with every sale."""
    data = json.loads(rule)
    if kind == "item_off":
        return ItemOff(
            frozenset(uuid.UUID(hex=x) for x in data["products"]),
            frozenset(uuid.UUID(hex=x) for x in data["categories"]),
            int(data["percent_bp"]),
            int(data["rupiah"]),
        )
    if kind == "cart_off":
        return CartOff(int(data["percent_bp"]), int(data["rupiah"]), int(data["min_spend"]), int(data["max_off"]))
    if kind == "buy_get":
        return BuyGet(
            uuid.UUID(hex=data["buy"]),
            int(data["buy_qty"]),
            uuid.UUID(hex=data["get"]),
            int(data["get_qty"]),
            int(data["percent_bp"]),
        )
    if kind == "bundle":
        return Bundle(tuple((uuid.UUID(hex=p), int(q)) for p, q in data["items"]), int(data["price"]))
    raise InvalidInput(N_("Unknown kind of promotion '{kind}'."), kind=kind)


def _one_of(percent_bp: int, rupiah: int) -> None:
    if (percent_bp > 0) == (rupiah > 0) or percent_bp < 0 or rupiah < 0:
        raise InvalidInput(N_("Give the reduction either in rupiah or in percent."))
    if percent_bp > FREE_BP:
        raise InvalidInput(N_("A discount cannot be more than 100%."))


def check_offer(offer: Offer) -> None:
    """Refuse an offer that cannot be applied, with a reason the owner can act on."""
    if isinstance(offer, ItemOff):
        if not offer.products and not offer.categories:
            raise InvalidInput(N_("Choose the products or categories the promotion is for."))
        _one_of(offer.percent_bp, offer.rupiah)
    elif isinstance(offer, CartOff):
        _one_of(offer.percent_bp, offer.rupiah)
        if offer.min_spend < 0 or offer.max_off < 0:
            raise InvalidInput(N_("An amount cannot be negative."))
    elif isinstance(offer, BuyGet):
        if offer.buy_qty < 1 or offer.get_qty < 1:
            raise InvalidInput(N_("Buy and get need at least one piece each."))
        if not 0 < offer.percent_bp <= FREE_BP:
            raise InvalidInput(N_("The 'get' items need a discount from 1% to 100% (free)."))
    else:
        if not offer.items or any(q < 1 for _p, q in offer.items) or sum(q for _p, q in offer.items) < 2:
            raise InvalidInput(N_("A bundle needs at least two pieces."))
        if len({p for p, _q in offer.items}) != len(offer.items):
            raise InvalidInput(N_("A product is listed twice in the bundle; give it a number of pieces instead."))
        if offer.price < 0:
            raise InvalidInput(N_("A price cannot be negative."))


def check_schedule(schedule: Schedule) -> None:
    if schedule.starts_on and schedule.ends_on and schedule.ends_on < schedule.starts_on:
        raise InvalidInput(N_("The promotion ends before it starts."))
    if not 1 <= schedule.days <= ALL_DAYS:
        raise InvalidInput(N_("Choose at least one day of the week."))
    if not (0 <= schedule.from_minute <= DAY_MINUTES and 0 <= schedule.to_minute <= DAY_MINUTES):
        raise InvalidInput(N_("Hours run from 00:00 to 24:00."))


def _codes(text: str) -> frozenset[str]:
    return frozenset(x.strip() for x in text.split(",") if x.strip())


@dataclass(frozen=True, slots=True)
class PromotionInfo:
    """A promotion as the owner's screen shows and edits it."""

    id: uuid.UUID | None
    name: str
    offer: Offer
    schedule: Schedule = ALWAYS
    priority: int = 100
    is_active: bool = True


def _fields(info: PromotionInfo) -> dict[str, Any]:
    s = info.schedule
    return {
        "name": info.name.strip(),
        "kind": KIND_OF[type(info.offer)],
        "rule": offer_to_json(info.offer),
        "starts_on": s.starts_on,
        "ends_on": s.ends_on,
        "days": s.days,
        "from_minute": s.from_minute,
        "to_minute": s.to_minute,
        "channels": ",".join(sorted(s.channels)),
        "counters": ",".join(sorted(s.counters)),
        "priority": info.priority,
        "is_active": info.is_active,
    }


def save_promotion(session: Session, info: PromotionInfo) -> uuid.UUID:
    """Add a promotion (`info.id` None) or change one; returns its id."""
    name = info.name.strip()
    if not name:
        raise InvalidInput(N_("The promotion needs a name."))
    if len(name) > NAME_LENGTH:
        raise InvalidInput(N_("The name is longer than {n} characters."), n=NAME_LENGTH)
    if not 0 <= info.priority <= 9999:
        raise InvalidInput(N_("The order is a number from 0 to 9999."))
    check_offer(info.offer)
    check_schedule(info.schedule)
    fields = _fields(info)
    now = utc_now()
    if info.id is None:
        promo_id = new_id()
        session.execute(core(PromotionRow).insert().values(id=promo_id, hlc="", **fields))
        record_change(session, "promotions", promo_id, fields, now)
        return promo_id
    current = session.get(PromotionRow, info.id)
    if current is None:
        raise NotFound(N_("Promotion not found."))
    changed = {k: v for k, v in fields.items() if getattr(current, k) != v}
    if changed:
        session.execute(update(PromotionRow).where(PromotionRow.id == info.id).values(**changed))
        record_change(session, "promotions", info.id, changed, now)
    return info.id


def _info(row: PromotionRow) -> PromotionInfo:
    schedule = Schedule(
        row.starts_on,
        row.ends_on,
        row.days,
        row.from_minute,
        row.to_minute,
        _codes(row.channels),
        _codes(row.counters),
    )
    return PromotionInfo(row.id, row.name, offer_from_json(row.kind, row.rule), schedule, row.priority, row.is_active)


def list_promotions(session: Session) -> list[PromotionInfo]:
    """Every promotion, active ones first, in the owner's order."""
    rows = session.scalars(
        select(PromotionRow).order_by(PromotionRow.is_active.desc(), PromotionRow.priority, PromotionRow.name)
    )
    return [_info(row) for row in rows]


def get_promotion(session: Session, promo_id: uuid.UUID) -> PromotionInfo:
    row = session.get(PromotionRow, promo_id)
    if row is None:
        raise NotFound(N_("Promotion not found."))
    return _info(row)


_LIVE = text(
    "SELECT id, name, kind, rule, starts_on, ends_on, days, from_minute, to_minute, channels, counters, priority "
    "FROM promotions WHERE is_active AND (ends_on IS NULL OR ends_on >= :since)"
)


@lru_cache(maxsize=4096)
def _promotion(row: tuple[Any, ...]) -> Promotion:
    # Keyed by the whole stored row, so an edit (or one from another counter) is a new entry, never a stale one.
    pid, name, kind, rule, starts, ends, days, start, end, channels, counters, priority = row
    schedule = Schedule(
        dt.date.fromisoformat(starts) if starts else None,
        dt.date.fromisoformat(ends) if ends else None,
        days,
        start,
        end,
        _codes(channels),
        _codes(counters),
    )
    return Promotion(uuid.UUID(bytes=bytes(pid)), name, offer_from_json(kind, rule), schedule, priority)


def live_promotions(session: Session, day: dt.date) -> tuple[Promotion, ...]:
    """The active promotions that may hold around `day` (or ended lately, to say why they no longer apply).

    Read as plain rows and built once per distinct row: a sale reads them all, so this is on the sale's path."""
    rows = session.connection().execute(_LIVE, {"since": (day - RECENTLY_ENDED).isoformat()})
    return tuple(_promotion(tuple(row)) for row in rows)


def set_active(session: Session, promo_id: uuid.UUID, active: bool) -> None:
    get_promotion(session, promo_id)
    session.execute(update(PromotionRow).where(PromotionRow.id == promo_id).values(is_active=active))
    record_change(session, "promotions", promo_id, {"is_active": active}, utc_now())


def describe(offer: Offer, names: dict[uuid.UUID, str]) -> str:
    """What a promotion gives, in a few words for a list: `Beli 2 Kopi, gratis 1 Kopi`."""

    def name(product: uuid.UUID) -> str:
        return names.get(product, "?")

    def off(percent_bp: int, rupiah: int) -> str:
        return fmt.percent(percent_bp) if percent_bp else fmt.rupiah(rupiah)

    if isinstance(offer, ItemOff):
        what = ", ".join(sorted(name(p) for p in offer.products)) or _("a category")
        if offer.categories and offer.products:
            what = _("{products} and categories").format(products=what)
        return _("{off} off {what}").format(off=off(offer.percent_bp, offer.rupiah), what=what)
    if isinstance(offer, CartOff):
        text = _("{off} off the cart").format(off=off(offer.percent_bp, offer.rupiah))
        if offer.min_spend:
            text += " " + _("from {amount}").format(amount=fmt.rupiah(offer.min_spend))
        return text
    if isinstance(offer, BuyGet):
        if offer.percent_bp >= FREE_BP:
            return _("Buy {n} {buy}, get {m} {get} free").format(
                n=offer.buy_qty, buy=name(offer.buy), m=offer.get_qty, get=name(offer.get)
            )
        return _("Buy {n} {buy}, get {m} {get} at {percent} off").format(
            n=offer.buy_qty,
            buy=name(offer.buy),
            m=offer.get_qty,
            get=name(offer.get),
            percent=fmt.percent(offer.percent_bp),
        )
    items = " + ".join(f"{q} {name(p)}" for p, q in offer.items)
    return _("{items} for {price}").format(items=items, price=fmt.rupiah(offer.price))


def product_names(session: Session, offers: Iterable[Offer]) -> dict[uuid.UUID, str]:
    """The names of the products these offers name, to describe them."""
    ids: set[uuid.UUID] = set()
    for offer in offers:
        if isinstance(offer, ItemOff):
            ids |= offer.products
        elif isinstance(offer, BuyGet):
            ids |= {offer.buy, offer.get}
        elif isinstance(offer, Bundle):
            ids |= {p for p, _q in offer.items}
    if not ids:
        return {}
    rows = session.execute(select(Product.id, Product.name).where(Product.id.in_(list(ids))))
    return {pid: name for pid, name in rows}
