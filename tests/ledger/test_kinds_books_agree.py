"""A shop that trades in everything that is more than one thing keeps its books whole: `laci check`, the journal
exports (CSV, hledger, beancount) and hledger itself agree with the trial balance to the rupiah after it sold
variants with priced add-ons and recipes, ran production, wrote off an expired batch, sold and settled a
neighbour's consigned snacks, and bought on credit and paid its supplier in part."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys
import uuid
from collections import defaultdict
from pathlib import Path

import pytest
from builders import Item, add_item, counter, counter_template, fresh_db, pay, sell
from cli_support import laci
from kinds_support import buy, cafe, drink, on_hand
from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.ledger.base.ids import ProductId
from pos.ledger.base.money import MILLI, Money, Qty
from pos.ledger.books import accounts
from pos.ledger.books.balances import trial_balance
from pos.ledger.books.check import check_books
from pos.ledger.books.exports import chart_accounts, export, hledger_account
from pos.ledger.counter.cart import Cart, CartLine, line_for_product
from pos.ledger.selling.returns import void_sale
from pos.ledger.shop.opening import open_database
from pos.ledger.stock.batches import lots, set_tracks_expiry, write_off
from pos.ledger.stock.consignment import owed_to, receive_consigned, set_consigned, settle
from pos.ledger.stock.modifiers import offer_groups
from pos.ledger.stock.product_records import get_product
from pos.ledger.stock.production import produce
from pos.ledger.stock.purchases import add_supplier, pay_supplier, supplier_balance
from pos.ledger.stock.recipes import Ingredient, set_made_to_order, set_recipe
from pos.ledger.stock.stock_levels import stock_value
from pos.ledger.stock.variants import Option, set_options

BEAN_CHECK = Path(sys.executable).with_name("bean-check.exe" if sys.platform == "win32" else "bean-check")


def trade_in_everything(s: Session) -> None:
    """Every kind of product, every way it moves; each step through the core's own services."""
    owner = counter(s).owner
    c = cafe(s)  # beans, milk, sugar and cups bought on credit from Toko Grosir; drinks with add-ons

    # An iced coffee in sizes, each size its own recipe, offered with the cafe's sugar levels and priced extras.
    es_kopi = add_item(s, "Es kopi", 15_000, n=520)
    sizes = {v.values[0]: v for v in set_options(s, owner, es_kopi.id, [Option("Ukuran", ("Reguler", "Besar"))])}
    for size, beans, milk in (("Reguler", 18, 120), ("Besar", 27, 200)):
        variant = sizes[size].product_id
        set_recipe(
            s,
            owner,
            variant,
            [Ingredient(c.beans.id, beans * MILLI), Ingredient(c.milk.id, milk * MILLI), Ingredient(c.cup.id, MILLI)],
        )
        set_made_to_order(s, owner, variant, True)
        offer_groups(s, owner, variant, [c.sugar_level, c.extras])
    big = get_product(s, sizes["Besar"].product_id)
    regular = get_product(s, sizes["Reguler"].product_id)
    sold_big = sell(
        s,
        Cart([drink_of(s, big.id, "Normal", "Extra shot", "Oat milk", qty=2), drink(s, c.tea, "Tanpa gula")]),
        [pay("cash", 100_000)],
    )
    sell(s, Cart([drink_of(s, regular.id, "Sedikit gula", qty=3)]), [pay("qris", 45_000)])
    # One iced coffee rung up by mistake and voided: its ingredients come back.
    mistake = sell(s, Cart([drink_of(s, regular.id, "Normal")]), [pay("cash", 20_000)])
    void_sale(s, owner, mistake.receipt_no, reason="salah input")
    assert sold_big.cost > 0

    # Masks in two sizes, made ahead from cloth and thread: a production run of the M size, then sales of it.
    kain = add_item(s, "Kain tenun", 0, unit="m", n=701)
    thread = add_item(s, "Benang", 0, unit="m", n=702)
    buy(s, kain.id, 5 * MILLI, 400_000)
    buy(s, thread.id, 100 * MILLI, 20_000)
    mask = add_item(s, "Masker tenun", 25_000, n=703)
    mask_sizes = {v.values[0]: v.product_id for v in set_options(s, owner, mask.id, [Option("Ukuran", ("S", "M"))])}
    set_recipe(s, owner, mask_sizes["M"], [Ingredient(kain.id, 100), Ingredient(thread.id, 500)])
    made = produce(s, owner, mask_sizes["M"], Qty.units(20), note="Masker M")
    assert made.value == 2 * 80_000 + 10 * 200
    sell(s, Cart([line_for_product(get_product(s, mask_sizes["M"]), Qty.units(4))]), [pay("cash", 100_000)])

    # Milk that expires: two batches, the first written off when it is past its day.
    uht = add_item(s, "Susu UHT 1L", 20_000, cost=15_000, n=601)
    set_tracks_expiry(s, owner, uht.id, True)
    today = dt.date.today()
    buy(s, uht.id, 3 * MILLI, 45_000, expires_on=today + dt.timedelta(days=1), batch_no="A7")
    buy(s, uht.id, 4 * MILLI, 64_000, expires_on=today + dt.timedelta(days=40))
    sell(s, Cart([line_for_product(get_product(s, uht.id), Qty.units(1))]), [pay("cash", 20_000)])
    first = min(lots(s, [uht.id])[uht.id], key=lambda lot: lot.expires_on)
    write_off(s, owner.user_id, first.batch_id, "kedaluwarsa", note="lewat tanggal")

    # A neighbour's snacks on consignment: some sold, then settled (paid for those, the rest handed back).
    tini = add_supplier(s, "Bu Tini")
    keripik = add_item(s, "Keripik Bu Tini", 2_000, n=901).id
    set_consigned(s, owner, keripik, tini, price=1_500)
    receive_consigned(s, owner, tini, {keripik: Qty.units(20)})
    sell(s, Cart([line_for_product(get_product(s, keripik), Qty.units(7))]), [pay("cash", 14_000)])
    assert owed_to(s, tini) == 7 * 1_500
    settle(s, owner, tini, paid_with="cash")
    assert owed_to(s, tini) == 0 and on_hand(s, keripik) == 0

    # The supplier of the cafe and the cloth, paid in part from the bank and in part in cash.
    supplier = uuid.UUID(
        bytes=bytes(s.execute(text("SELECT id FROM suppliers WHERE name = 'Toko Grosir'")).scalar_one())
    )
    owed = supplier_balance(s, supplier)
    pay_supplier(s, owner, supplier, Money(300_000), paid_with="bank")
    pay_supplier(s, owner, supplier, Money(50_000), paid_with="cash")
    assert supplier_balance(s, supplier) == owed - 350_000


def drink_of(s: Session, product_id: uuid.UUID, *names: str, qty: int = 1) -> CartLine:
    """A cart line of a variant sold with the add-ons named, as the counter makes it after the grid."""
    product = get_product(s, product_id)
    return drink(s, Item(ProductId(product.id), product.name, "", int(product.price), 0), *names, qty=qty)


@pytest.fixture(scope="module")
def shop(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = counter_template(template_db, tmp_path_factory.mktemp("every-kind"))
    db = fresh_db(path, tmp_path_factory.mktemp("every-kind-shop"))
    with db.write() as s:
        trade_in_everything(s)
    db.dispose()
    return db.path.parent


def _hledger_balances(journal: Path) -> dict[str, int]:
    check = subprocess.run(["hledger", "-f", str(journal), "check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    result = subprocess.run(
        ["hledger", "-f", str(journal), "balance", "--flat", "--no-total", "-O", "csv"],
        capture_output=True,
        text=True,
        check=True,
    )
    return {name: int(amount.removeprefix("IDR ")) for name, amount in list(csv.reader(result.stdout.splitlines()))[1:]}


@pytest.mark.slow
def test_check_the_exports_and_hledger_agree_to_the_rupiah(shop: Path, tmp_path: Path) -> None:
    db = open_database(shop / "laci.sqlite3")
    try:
        with db.read() as s:
            assert check_books(s).ok
            tb = trial_balance(s)
            chart = {a.code: hledger_account(a) for a in chart_accounts(s)}
            entries = s.execute(text("SELECT COUNT(*) FROM journal_entries")).scalar_one()
            # Everything the shop holds of its own is in Persediaan at its value; the consignor's never was.
            assert stock_value(s) == tb.balance(accounts.PERSEDIAAN)
            for code in (accounts.HPP, accounts.SELISIH_PERSEDIAAN, accounts.UTANG_USAHA):
                assert tb.balance(code) != 0, code
            journal, beans, lines = tmp_path / "buku.journal", tmp_path / "buku.beancount", tmp_path / "jurnal.csv"
            export(s, "hledger", journal)
            export(s, "beancount", beans)
            export(s, "csv", lines)
    finally:
        db.dispose()

    checked = laci("--data-dir", str(shop), "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr

    theirs = _hledger_balances(journal)
    for a in tb.accounts:
        assert theirs.get(chart[a.code], 0) == a.debit - a.credit, a.name
    assert sum(theirs.values()) == 0

    # The file asserts every account's closing balance (the trial balance's); bean-check proves each one.
    bean = subprocess.run([str(BEAN_CHECK), str(beans)], capture_output=True, text=True)
    assert bean.returncode == 0 and bean.stdout == "" and bean.stderr == "", bean.stdout + bean.stderr

    sums: dict[str, int] = defaultdict(int)
    ids: set[str] = set()
    with lines.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    header = rows[0]
    code_at, debit_at, credit_at, entry_at = (header.index(h) for h in ("account_code", "debit", "credit", "entry_id"))
    for row in rows[1:]:
        sums[row[code_at]] += int(row[debit_at] or 0) - int(row[credit_at] or 0)
        ids.add(row[entry_at])
    assert len(ids) == entries
    kept = {a.code: a.debit - a.credit for a in tb.accounts if a.debit != a.credit}
    assert {code: v for code, v in sums.items() if v} == kept
