"""What the prices screen reads, and the few writes that are more than one core call: functions of a session,
run by the database worker through `TaskManager.read` / `write` (no widget is touched here).

Each returns plain values from the core's `pos.ledger.prices` services, with the names the owner reads.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from pos.ledger.base.clock import business_date, local, utc_now
from pos.ledger.base.money import Money
from pos.ledger.base.period import Period, month_of
from pos.ledger.channels.channels import ChannelInfo, list_channels
from pos.ledger.people.customers import CustomerRow
from pos.ledger.prices import groups, loyalty, promotions, tiers, vouchers
from pos.ledger.prices.outcome import Note
from pos.ledger.prices.schedule import why_not_now
from pos.ledger.prices.terms import CartOff, Moment, Tier
from pos.ledger.reports.promotions import promotion_report
from pos.ledger.shop import settings
from pos.ledger.stock import products
from pos.ledger.stock.product_records import get_product


def _today(session: Session) -> tuple[dt.date, Moment]:
    timezone = settings.load(session).timezone
    now = local(utc_now(), timezone)
    return business_date(utc_now(), timezone), Moment.at(now)


# --- promotions ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PromotionLine:
    info: promotions.PromotionInfo
    what: str  # the offer in a few words
    now: Note | None  # why it does not hold at this moment (at this counter), or None when it does
    sales: int  # sales it applied to this month
    saved: int  # what it took off this month


@dataclass(frozen=True, slots=True)
class PromotionsView:
    lines: tuple[PromotionLine, ...]
    channels: tuple[ChannelInfo, ...]
    names: dict[uuid.UUID, str]  # every product a promotion names
    categories: tuple[tuple[uuid.UUID, str], ...]
    mode: str  # the shop's rule: best or priority


def read_promotions(session: Session) -> PromotionsView:
    today, moment = _today(session)
    infos = promotions.list_promotions(session)
    names = promotions.product_names(session, [i.offer for i in infos])
    uptake = promotion_report(session, Period(month_of(today).start, today))
    used = {(r.kind, r.name): r for r in uptake.rows}
    lines = []
    for info in infos:
        kinds = ("cart",) if isinstance(info.offer, CartOff) else ("promo", "free")
        rows = [used[(k, info.name)] for k in kinds if (k, info.name) in used]
        lines.append(
            PromotionLine(
                info,
                promotions.describe(info.offer, names),
                why_not_now(info.schedule, moment) if info.is_active else None,
                max((r.sales for r in rows), default=0),
                sum(r.saved for r in rows),
            )
        )
    return PromotionsView(
        tuple(lines),
        tuple(list_channels(session)),
        names,
        tuple(products.categories(session)),
        settings.load(session).prices_rule,
    )


# --- vouchers -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VouchersView:
    items: tuple[vouchers.VoucherInfo, ...]
    too_often: tuple[vouchers.VoucherUsedTooOften, ...]


def read_vouchers(session: Session) -> VouchersView:
    return VouchersView(tuple(vouchers.list_vouchers(session)), tuple(vouchers.vouchers_used_beyond_limit(session)))


# --- customer groups ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GroupsView:
    groups: tuple[groups.GroupInfo, ...]
    categories: tuple[tuple[uuid.UUID, str], ...]


@dataclass(frozen=True, slots=True)
class GroupDetail:
    group_id: uuid.UUID
    prices: tuple[groups.GroupPriceRowInfo, ...]
    members: tuple[CustomerRow, ...]


def read_groups(session: Session) -> GroupsView:
    return GroupsView(tuple(groups.list_groups(session)), tuple(products.categories(session)))


def read_group(session: Session, group_id: uuid.UUID) -> GroupDetail:
    return GroupDetail(group_id, tuple(groups.price_list(session, group_id)), tuple(groups.members(session, group_id)))


def save_group(session: Session, group_id: uuid.UUID | None, name: str, limit: Money, active: bool) -> uuid.UUID:
    return groups.save_group(session, group_id, name, credit_limit=limit.rupiah, is_active=active)


def set_group_price(
    session: Session,
    group_id: uuid.UUID,
    target: tuple[str, uuid.UUID],
    price: int | None,
    percent_bp: int | None,
) -> None:
    kind, target_id = target
    groups.set_group_price(
        session,
        group_id,
        product_id=target_id if kind == "product" else None,
        category_id=target_id if kind == "category" else None,
        price=price,
        percent_bp=percent_bp,
    )


# --- tiers --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TierView:
    product_id: uuid.UUID
    name: str
    price: int
    packs: tuple[tuple[int, int], ...]  # (pack size in thousandths, its price) the product is sold in
    tiers: tuple[Tier, ...]


def read_tiers(session: Session, product_id: uuid.UUID) -> TierView:
    product = get_product(session, product_id)
    return TierView(
        product_id,
        product.name,
        product.price.rupiah,
        tuple(tiers.packs_of(session, product_id)),
        tuple(tiers.tiers_of(session, product_id)),
    )


# --- points -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PointsView:
    rule: loyalty.PointsRule
    holders: tuple[loyalty.CustomerPoints, ...]
    today: dt.date


def read_points(session: Session) -> PointsView:
    today, _moment = _today(session)
    rule = loyalty.points_rule(settings.load(session))
    return PointsView(rule, tuple(loyalty.customers_with_points(session, today)), today)
