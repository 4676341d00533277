"""Variants in the reports: by product, shown under their product with the product's total; among the best
sellers, ranked on their own with their product named beside them; every figure the same as before (the day's
net sales, the totals, the CLI's JSON and text)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cli_support import laci
from hypothesis import given
from hypothesis import strategies as st
from ledger.builders import ean, fresh_db, pay
from ledger.test_dashboard import DAY, Shop, at, read, ring_the_week

from pos.ledger.base.money import Money, Qty
from pos.ledger.base.period import day as one_day
from pos.ledger.counter.shifts import open_shift
from pos.ledger.reports.daily import daily_report
from pos.ledger.reports.sales import sales_by
from pos.ledger.reports.sales_rows import SalesRow, group_variants
from pos.ledger.stock.product_records import BarcodeSpec, add_product
from pos.ledger.stock.products import ProductEdit, add_barcode, edit_product
from pos.ledger.stock.purchases import PurchaseItem, receive_goods
from pos.ledger.stock.variants import Option, set_options


@dataclass
class Tenun:
    shop: Shop
    kaos: str  # the product's key, as the report keys rows


@pytest.fixture
def tenun(template_db: Path, tmp_path: Path) -> Iterator[Tenun]:
    """The dashboard's Wednesday, and three T-shirts sold in two sizes: M / Merah twice, L / Merah once."""
    db = fresh_db(template_db, tmp_path / "shop")
    shop = ring_the_week(db)
    with db.write() as s:
        kaos = add_product(s, "Kaos Tenun", Money(90_000), cost=Money(40_000))
        made = {
            v.label: v.product_id
            for v in set_options(s, shop.owner, kaos, [Option("Ukuran", ("M", "L")), Option("Warna", ("Merah",))])
        }
        edit_product(s, shop.owner, made["L / Merah"], ProductEdit(price=Money(95_000)))
        for n, label in enumerate(("M / Merah", "L / Merah"), start=900):
            add_barcode(s, made[label], BarcodeSpec(ean(n)))
        items = [PurchaseItem(made[label], Qty.units(5), Money(200_000)) for label in made]
        receive_goods(s, shop.owner, items, at=at(DAY, 7))
        open_shift(s, shop.cashier, Money(200_000), at=at(DAY, 21, 30))  # a late shift, after the day's close
    shop.sell(at(DAY, 21, 45), [(ean(900), 2), (ean(901), 1)], [pay("cash", 275_000)])
    yield Tenun(shop, kaos.hex)
    db.dispose()


def test_sales_by_product_show_variants_under_their_product_and_keep_every_total(tenun: Tenun) -> None:
    with tenun.shop.db.read() as s:
        report = sales_by(s, one_day(DAY), "product")
        by_category = sales_by(s, one_day(DAY), "category")
        day = daily_report(s, DAY)
    entries = [(top.label, [v.label for v in under]) for top, under in report.entries()]
    # Kaos sold Rp 275.000: more than rice, so its total comes first, its better-selling size first under it.
    assert entries[:2] == [("Kaos Tenun", ["Kaos Tenun M / Merah", "Kaos Tenun L / Merah"]), ("Beras 5 kg", [])]
    [group] = report.groups
    assert (group.total.key, group.total.net_revenue, group.total.qty_milli) == (tenun.kaos, 275_000, 3_000)
    assert group.total.net_revenue == sum(v.net_revenue for v in group.variants)
    assert group.total.gross_profit == 275_000 - 3 * 40_000
    assert group.total.sales == 0  # one sale of two sizes: adding the variants' counts would make it two
    # The group's total is beside the rows, not among them: nothing is counted twice.
    assert tenun.kaos not in {r.key for r in report.rows}
    assert report.total.net_revenue == by_category.total.net_revenue == sum(r.net_revenue for r in report.rows)
    # The Wednesday's Rp 206.000 by hand (test_dashboard) and the shirts' Rp 275.000: the same with or without groups.
    assert report.total.net_revenue == 206_000 + 275_000
    assert day.sales_count == 6


def test_the_dashboards_best_sellers_name_a_variants_product_beside_it(tenun: Tenun) -> None:
    view = read(tenun.shop)
    # Each variant ranks on its own, as the owner's web ranks it, with its product and values beside it.
    assert [(b.name, b.product, b.values, b.revenue) for b in view.best_by_revenue][:3] == [
        ("Kaos Tenun M / Merah", "Kaos Tenun", "M / Merah", 180_000),
        ("Beras 5 kg", "", "", 156_000),
        ("Kaos Tenun L / Merah", "Kaos Tenun", "L / Merah", 95_000),
    ]
    assert [(b.name, b.qty_milli) for b in view.best_by_qty][:3] == [
        ("Kopi sachet", 8_000),
        ("Kaos Tenun M / Merah", 2_000),  # as many as the rice, and worth more (Rp 180.000 against 156.000)
        ("Beras 5 kg", 2_000),
    ]
    # Six entries, fewer than the ten places: the list adds up to the day's net sales, each rupiah once.
    assert sum(b.revenue for b in view.best_by_revenue) == 206_000 + 275_000


def test_laci_report_sales_by_product_nests_variants_in_text_and_json(tenun: Tenun) -> None:
    folder = str(tenun.shop.db.path.parent)
    dates = ("--from", DAY.isoformat(), "--to", DAY.isoformat())
    shown = laci("--data-dir", folder, "--lang", "en", "report", "sales", *dates, "--by", "product")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    at_kaos = next(i for i, line in enumerate(lines) if line.startswith("Kaos Tenun"))
    assert "Rp 275.000" in lines[at_kaos]
    assert lines[at_kaos + 1].startswith("  M / Merah") and "Rp 180.000" in lines[at_kaos + 1]
    assert lines[at_kaos + 2].startswith("  L / Merah") and "Rp 95.000" in lines[at_kaos + 2]
    data = json.loads(laci("--data-dir", folder, "report", "sales", *dates, "--by", "product", "--json").stdout)
    [group] = data["groups"]
    assert (group["label"], group["total"]["net_revenue"]) == ("Kaos Tenun", 275_000)
    assert data["total"]["net_revenue"] == sum(r["net_revenue"] for r in data["rows"])
    by_key = {r["key"]: r for r in data["rows"]}
    assert sum(by_key[k]["net_revenue"] for k in group["variants"]) == 275_000


@given(
    st.lists(
        st.tuples(st.integers(0, 5), st.integers(-50_000, 500_000), st.integers(0, 100_000), st.integers(0, 9_000)),
        max_size=12,
    ),
    st.dictionaries(st.integers(0, 5), st.integers(4, 8), max_size=6),
)
def test_grouping_rows_by_product_moves_no_rupiah(
    sold: list[tuple[int, int, int, int]], parent_of: dict[int, int]
) -> None:
    rows = {
        f"p{k}": SalesRow(f"p{k}", f"Barang {k}", 1, qty, revenue + returned, revenue, revenue, cost, 0, 0, returned, 0)
        for k, revenue, cost, qty in sold
        for returned in (revenue // 7,)
    }
    # A product is a variant or a parent, never both; a parent may have a row of its own from before its variants.
    links = {k: p for k, p in parent_of.items() if k != p and p not in parent_of}
    parents = {f"p{k}": (f"p{p}", f"Induk {p}") for k, p in links.items() if f"p{k}" in rows}
    owners = {p for p, _name in parents.values()}
    ordered, groups = group_variants(list(rows.values()), parents)
    # Every row once, in one place; each group's total is its variants' sum; no total is a row.
    assert sorted(r.key for r in ordered) == sorted(rows)
    for group in groups:
        assert group.total.net_revenue == sum(v.net_revenue for v in group.variants)
        assert group.total.gross_profit == sum(v.gross_profit for v in group.variants)
        assert group.total.qty_milli == sum(v.qty_milli for v in group.variants)
        keys = [r.key for r in ordered]
        at = keys.index(group.variants[0].key)
        assert keys[at : at + len(group.variants)] == [v.key for v in group.variants]  # next to each other
    assert sum(len(g.variants) for g in groups) == len(parents) + len(owners & set(rows))
