"""What the prices screen reads and writes, as functions for the database worker (no widget is touched here).

Each returns plain values from the core's `pos.ledger.prices` services, with the names the owner reads.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from pos.ledger.base.clock import business_date, local, utc_now
from pos.ledger.base.db import Database
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


def _today(db: Database) -> tuple[dt.date, Moment]:
    with db.read() as session:
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


def read_promotions(db: Database) -> PromotionsView:
    today, moment = _today(db)
    with db.read() as session:
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


def save_promotion(db: Database, info: promotions.PromotionInfo) -> uuid.UUID:
    with db.write() as session:
        return promotions.save_promotion(session, info)


def set_promotion_active(db: Database, promo_id: uuid.UUID, active: bool) -> None:
    with db.write() as session:
        promotions.set_active(session, promo_id, active)


def set_rule(db: Database, mode: str) -> None:
    with db.write() as session:
        settings.put(session, "prices.rule", mode)


# --- vouchers -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VouchersView:
    items: tuple[vouchers.VoucherInfo, ...]
    too_often: tuple[vouchers.VoucherUsedTooOften, ...]


def read_vouchers(db: Database) -> VouchersView:
    with db.read() as session:
        return VouchersView(tuple(vouchers.list_vouchers(session)), tuple(vouchers.vouchers_used_beyond_limit(session)))


def save_voucher(db: Database, info: vouchers.VoucherInfo) -> None:
    with db.write() as session:
        vouchers.save_voucher(session, info)


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


def read_groups(db: Database) -> GroupsView:
    with db.read() as session:
        return GroupsView(tuple(groups.list_groups(session)), tuple(products.categories(session)))


def read_group(db: Database, group_id: uuid.UUID) -> GroupDetail:
    with db.read() as session:
        return GroupDetail(
            group_id, tuple(groups.price_list(session, group_id)), tuple(groups.members(session, group_id))
        )


def save_group(db: Database, group_id: uuid.UUID | None, name: str, limit: Money, active: bool) -> uuid.UUID:
    with db.write() as session:
        return groups.save_group(session, group_id, name, credit_limit=limit.rupiah, is_active=active)


def set_group_price(
    db: Database,
    group_id: uuid.UUID,
    target: tuple[str, uuid.UUID],
    price: int | None,
    percent_bp: int | None,
) -> None:
    kind, target_id = target
    with db.write() as session:
        groups.set_group_price(
            session,
            group_id,
            product_id=target_id if kind == "product" else None,
            category_id=target_id if kind == "category" else None,
            price=price,
            percent_bp=percent_bp,
        )


def remove_group_price(db: Database, group_id: uuid.UUID, target: uuid.UUID) -> None:
    with db.write() as session:
        groups.remove_group_price(session, group_id, target)


def set_member(db: Database, customer_id: uuid.UUID, group_id: uuid.UUID | None) -> None:
    with db.write() as session:
        groups.set_customer_group(session, customer_id, group_id)


# --- tiers --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TierView:
    product_id: uuid.UUID
    name: str
    price: int
    packs: tuple[tuple[int, int], ...]  # (pack size in thousandths, its price) the product is sold in
    tiers: tuple[Tier, ...]


def read_tiers(db: Database, product_id: uuid.UUID) -> TierView:
    with db.read() as session:
        product = get_product(session, product_id)
        return TierView(
            product_id,
            product.name,
            product.price.rupiah,
            tuple(tiers.packs_of(session, product_id)),
            tuple(tiers.tiers_of(session, product_id)),
        )


def save_tiers(db: Database, product_id: uuid.UUID, pack_milli: int, steps: list[tuple[int, int]]) -> None:
    with db.write() as session:
        tiers.set_tiers(session, product_id, pack_milli, steps)


# --- points -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PointsView:
    rule: loyalty.PointsRule
    holders: tuple[loyalty.CustomerPoints, ...]
    today: dt.date


def read_points(db: Database) -> PointsView:
    today, _moment = _today(db)
    with db.read() as session:
        rule = loyalty.points_rule(settings.load(session))
        return PointsView(rule, tuple(loyalty.customers_with_points(session, today)), today)


def read_points_ledger(db: Database, customer_id: uuid.UUID, today: dt.date) -> tuple[loyalty.PointsLine, ...]:
    with db.read() as session:
        return tuple(loyalty.points_ledger(session, customer_id, today))


def save_points_rule(db: Database, rule: loyalty.PointsRule) -> None:
    with db.write() as session:
        loyalty.save_points_rule(session, rule)
