"""`laci report expiring|payables|ingredients|recipe-cost|stock`, `laci supplier`, `laci consignor` and `laci stock
write-off`, run as a shopkeeper's terminal would; and each refusing a lie in Indonesian, writing nothing."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
import uuid
from pathlib import Path

import pytest
from cli_support import laci

from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.money import Money, Qty
from pos.ledger.books.approvals import Actor
from pos.ledger.counter.cart import Cart, line_for_product
from pos.ledger.counter.payments import Payment
from pos.ledger.counter.shifts import open_shift
from pos.ledger.people.users import list_users
from pos.ledger.selling.sales import ring_up
from pos.ledger.shop import settings
from pos.ledger.shop.opening import open_database
from pos.ledger.stock.batches import set_tracks_expiry
from pos.ledger.stock.consignment import receive_consigned, set_consigned
from pos.ledger.stock.product_records import get_product
from pos.ledger.stock.purchases import PurchaseItem, add_supplier, receive_goods
from pos.ledger.stock.recipes import Ingredient, set_made_to_order, set_recipe
from pos.ledger.stock.search import search_products


def run(shop: Path, *args: str) -> str:
    result = laci("--lang", "en", "--data-dir", str(shop), *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def refused(shop: Path, *args: str, said: str = "Kesalahan: ") -> str:
    """The command fails in Indonesian (the default language) and leaves the books as they were."""
    before = tables(shop)
    result = laci("--data-dir", str(shop), *args)
    assert result.returncode != 0
    assert said in result.stderr, result.stderr
    assert tables(shop) == before
    return result.stderr


def tables(shop: Path) -> dict[str, int]:
    with sqlite3.connect(shop / "laci.sqlite3") as con:
        names = ["journal_entries", "stock_movements", "party_payments", "consignments", "print_jobs"]
        return {n: con.execute(f"SELECT COUNT(*) FROM {n}").fetchone()[0] for n in names}


def product(s: object, name: str) -> uuid.UUID:
    return next(p.id for p in search_products(s, name) if p.name == name)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warung: milk that expires, bought on credit from CV Sumber due in 10 days; kopi susu made from it to order;
    Bu Tini's keripik on consignment at Rp 1.500 of the Rp 2.000; two kopi susu and four keripik sold."""
    data = tmp_path_factory.mktemp("stock") / "shop"
    made = laci("--data-dir", str(data), "init", "--shop-name", "Warung", "--owner", "Bu Sri", stdin="2468\n")
    assert made.returncode == 0, made.stderr
    sheet = data.parent / "menu.csv"
    with sheet.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out, delimiter=";").writerows(
            [
                ["Nama", "Harga Jual", "Harga Modal", "Satuan"],
                ["Susu UHT", "8000", "6000", "pcs"],
                ["Kopi susu", "12000", "0", "gelas"],
                ["Keripik Bu Tini", "2000", "0", "pcs"],
            ]
        )
    run(data, "import", "products", str(sheet))
    db = open_database(data / "laci.sqlite3")
    try:
        with db.write() as s:
            owner = next(u for u in list_users(s) if u.role == "owner")
            actor = Actor(owner.id, owner.name, "owner")
            today = business_date(utc_now(), settings.load(s).timezone)
            susu, kopi, keripik = (product(s, n) for n in ("Susu UHT", "Kopi susu", "Keripik Bu Tini"))
            set_tracks_expiry(s, actor, susu, True)
            sumber = add_supplier(s, "CV Sumber")
            goods = [PurchaseItem(susu, Qty.units(10), Money(60_000), today + dt.timedelta(days=3), "L01")]
            receive_goods(s, actor, goods, supplier_id=sumber, paid_with="credit", due_on=today + dt.timedelta(days=10))
            set_recipe(s, actor, kopi, [Ingredient(susu, 500)])
            set_made_to_order(s, actor, kopi, True)
            tini = add_supplier(s, "Bu Tini")
            set_consigned(s, actor, keripik, tini, price=1_500)
            receive_consigned(s, actor, tini, {keripik: Qty.units(20)})
            open_shift(s, actor, Money(100_000))
            cart = Cart([line_for_product(get_product(s, kopi), Qty.units(2))])
            cart.add(line_for_product(get_product(s, keripik), Qty.units(4)))
            ring_up(s, actor, cart, [Payment("cash", Money(50_000))])
    finally:
        db.dispose()
    return data


def test_the_reports_read_what_the_shop_did(shop: Path) -> None:
    expiring = run(shop, "report", "expiring")
    assert "Susu UHT" in expiring and "L01" in expiring and "9" in expiring  # 10 less the milk of two kopi susu
    as_json = json.loads(run(shop, "report", "expiring", "--days", "1", "--json"))
    assert as_json["lots"] == []  # three days away: not within one
    payables = run(shop, "report", "payables")
    assert "CV Sumber" in payables and "Rp 60.000" in payables
    ageing = json.loads(run(shop, "report", "payables", "--json"))["suppliers"][0]
    assert ageing["buckets"] == [60_000, 0, 0, 0, 0]
    used = json.loads(run(shop, "report", "ingredients", "--json"))["lines"]
    assert [(x["name"], x["by_recipes"], x["by_sales"], x["beyond_recipes"]) for x in used] == [
        ("Susu UHT", 1_000, 1_000, 0)
    ]
    costs = json.loads(run(shop, "report", "recipe-cost", "--json"))["products"]
    assert [(c["product"], c["price"], c["cost"], c["margin"]) for c in costs] == [("Kopi susu", 12_000, 3_000, 9_000)]
    assert "Kopi susu" in run(shop, "report", "recipe-cost")


def test_paying_part_of_a_supplier_debt_and_paying_too_much(shop: Path) -> None:
    error = refused(shop, "supplier", "pay", "CV Sumber", "70.000")
    assert "Rp 60.000" in error
    refused(shop, "supplier", "pay", "Tidak Ada", "1.000")
    refused(shop, "supplier", "pay", "CV Sumber", "dua ribu")
    out = run(shop, "supplier", "pay", "sumber", "25.000", "--with", "cash")
    assert "Rp 35.000" in out
    debts = json.loads(run(shop, "supplier", "debts", "--json"))
    assert [(d["supplier"], d["left"]) for d in debts] == [("CV Sumber", 35_000)]


def test_a_write_off_is_booked_and_shown_in_the_stock_report(shop: Path) -> None:
    refused(shop, "stock", "write-off", "Susu UHT", "--reason", "rusak", "--qty", "50")
    refused(shop, "stock", "write-off", "Susu UHT", "--reason", "dicuri", said="kedaluwarsa")
    out = run(shop, "stock", "write-off", "Susu UHT", "--reason", "rusak", "--qty", "2", "--note", "bocor")
    assert "Written off: 2" in out
    stock = run(shop, "report", "stock")
    assert "Written off" in stock and "Susu UHT (L01)" in stock and "damaged" in stock
    lost = json.loads(run(shop, "report", "stock", "--json"))["written_off"]
    assert [(x["product"], x["qty_milli"], x["value"], x["note"]) for x in lost["lines"]] == [
        ("Susu UHT", 2_000, 12_000, "bocor")
    ]


def test_settling_with_a_consignor_once_and_their_statement(shop: Path, tmp_path: Path) -> None:
    statement = json.loads(run(shop, "consignor", "statement", "Bu Tini", "--json"))
    assert statement["earned"] == 6_000 and statement["owed_after"] == 6_000
    line = statement["lines"][0]
    assert (line["received_milli"], line["sold_milli"], line["after_milli"]) == (20_000, 4_000, 16_000)
    out = run(shop, "consignor", "settle", "Bu Tini", "--no-print")
    assert "Rp 6.000" in out
    refused(shop, "consignor", "settle", "Bu Tini")  # settled already: nothing owed, nothing left to return
    pdf = tmp_path / "tini.pdf"
    after = json.loads(run(shop, "consignor", "statement", "Bu Tini", "--json", "--pdf", str(pdf)))
    assert after["paid"] == 6_000 and after["owed_after"] == 0
    assert after["lines"][0]["returned_milli"] == 16_000 and after["lines"][0]["after_milli"] == 0
    assert pdf.read_bytes().startswith(b"%PDF")
