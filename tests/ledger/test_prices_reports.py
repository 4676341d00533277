"""Reports of what prices gave away: each promotion's uptake and cost, margins before and after promotions, and
which customer groups and customers buy what."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from builders import cart_of, counter, counter_template, fresh_db, kasbon_customer, sell
from price_shop import INDOMIE, KOPI, ROTI, T0, pid, stock_price_shop

from pos.ledger.base.db import Database
from pos.ledger.base.period import Period
from pos.ledger.counter.payments import cash
from pos.ledger.prices import groups
from pos.ledger.prices.promotions import PromotionInfo, save_promotion
from pos.ledger.prices.terms import BuyGet, ItemOff
from pos.ledger.reports.promotions import margin_after_promotions, promotion_report, who_buys_what
from pos.ledger.selling.returns import void_sale

DAY = Period(dt.date(2026, 12, 7), dt.date(2026, 12, 7))


@pytest.fixture(scope="module")
def counter_path(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return counter_template(template_db, tmp_path_factory.mktemp("counter"))


@pytest.fixture
def shop(counter_path: Path, tmp_path: Path) -> Iterator[Database]:
    db = fresh_db(counter_path, tmp_path / "shop")
    with db.write() as s:
        stock_price_shop(s)
    yield db
    db.dispose()


def test_uptake_and_cost_of_each_promotion_and_the_margin_before_and_after(shop: Database) -> None:
    with shop.write() as s:
        save_promotion(s, PromotionInfo(None, "Kopi 2+1", BuyGet(pid(s, KOPI), 2, pid(s, KOPI), 1)))
        save_promotion(s, PromotionInfo(None, "Roti 10%", ItemOff(products=frozenset({pid(s, ROTI)}), percent_bp=1000)))
        sell(s, cart_of(s, f"3*{KOPI}", ROTI), [cash(10_000)], at=T0)
        sell(s, cart_of(s, f"3*{KOPI}"), [cash(10_000)], at=T0)
        sell(s, cart_of(s, INDOMIE), [cash(10_000)], at=T0)
        voided = sell(s, cart_of(s, f"3*{KOPI}"), [cash(10_000)], at=T0)
        void_sale(s, counter(s).owner, voided.receipt_no, reason="batal", at=T0)
        report = promotion_report(s, DAY)
        margins = margin_after_promotions(s, DAY)
    assert report.sales == 3
    rows = {(r.kind, r.name): r for r in report.rows}
    free = rows[("free", "Kopi 2+1")]
    # Two sales gave a kopi free: Rp 2.000 each to the customer, Rp 1.200 each (its HPP) to the shop.
    assert (free.sales, free.share_bp, free.qty_milli, free.saved, free.cost) == (2, 6667, 2000, 4_000, 2_400)
    roti = rows[("promo", "Roti 10%")]
    assert (roti.sales, roti.saved, roti.cost) == (1, 400, 400)
    assert report.cost == 2_800
    by_name = {p.name: p for p in margins.products}
    kopi = by_name["Kopi sachet"]
    # Four kopi paid (Rp 8.000) and two free, all six at cost Rp 1.200: margin 10% after, 40% had none been free.
    assert (kopi.qty_milli, kopi.revenue, kopi.free_cost, kopi.cost) == (6000, 8_000, 2_400, 7_200)
    assert (kopi.margin_after_bp, kopi.margin_before_bp) == (1000, 4000)
    assert by_name["Roti sobek"].margin_before_bp == 3750 and by_name["Roti sobek"].margin_after_bp == 3056
    assert "Indomie goreng" not in by_name
    assert margins.revenue == 8_000 + 3_600 + 3_500


def test_who_buys_what_by_group_and_by_customer(shop: Database) -> None:
    with shop.write() as s:
        grosir = groups.save_group(s, None, "Grosir")
        eko = kasbon_customer(s, "Warung Pak Eko")
        groups.set_customer_group(s, eko, grosir)
        c = cart_of(s, f"24*{INDOMIE}")
        c.customer_id = eko
        sell(s, c, [cash(100_000)], at=T0)
        sell(s, cart_of(s, ROTI), [cash(4_000)], at=T0)
        by_group = who_buys_what(s, DAY)
        by_customer = who_buys_what(s, DAY, by="customer")
    assert [(r.buyer, r.product, r.qty_milli, r.revenue) for r in by_group] == [
        ("Grosir", "Indomie goreng", 24_000, 84_000),
        ("", "Roti sobek", 1_000, 4_000),
    ]
    assert by_customer[0].buyer == "Warung Pak Eko" and by_customer[0].group == "Grosir"
