"""`laci` as a shopkeeper's machine runs it: a separate process on a data folder."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from cli_support import laci
from ledger.tampering import rehash_the_chain
from ledger.test_reports_shop import built_books

from pos import __version__


@pytest.fixture(scope="module")
def warung(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A shop as `laci init --shop-name Warung` makes it, made once; the tests that start from one get a copy."""
    data = tmp_path_factory.mktemp("warung")
    assert laci("--data-dir", str(data), "init", "--shop-name", "Warung").returncode == 0
    return data


def test_version() -> None:
    result = laci("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_init_then_check(tmp_path: Path) -> None:
    data = tmp_path / "x"
    init = laci("--data-dir", str(data), "init", "--shop-name", "Warung Bu Sri")
    assert init.returncode == 0, init.stderr
    assert (data / "laci.sqlite3").exists()
    check = laci("--data-dir", str(data), "check")
    assert check.returncode == 0, check.stderr


def test_laci_home_sets_the_data_folder(tmp_path: Path) -> None:
    result = laci("init", "--shop-name", "Toko Maju", env={"LACI_HOME": str(tmp_path / "home")})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "home" / "laci.sqlite3").exists()


def test_init_if_empty_keeps_an_existing_shop(tmp_path: Path) -> None:
    assert laci("--data-dir", str(tmp_path), "init", "--shop-name", "Pertama").returncode == 0
    assert laci("--data-dir", str(tmp_path), "init", "--shop-name", "Kedua", "--if-empty").returncode == 0
    raw = sqlite3.connect(tmp_path / "laci.sqlite3")
    assert raw.execute("SELECT value FROM settings WHERE key='shop.name'").fetchone() == ('"Pertama"',)
    raw.close()


def test_blank_shop_name_is_refused_in_indonesian(tmp_path: Path) -> None:
    result = laci("--data-dir", str(tmp_path), "init", "--shop-name", "  ")
    assert result.returncode == 2
    assert "Toko perlu nama" in result.stderr


def test_check_reports_tampering_and_exits_with_the_books_code(warung: Path, tmp_path: Path) -> None:
    shutil.copytree(warung, tmp_path, dirs_exist_ok=True)
    from pos.ledger.base.money import Money
    from pos.ledger.books import cash_entries
    from pos.ledger.shop.opening import open_database

    db = open_database(tmp_path / "laci.sqlite3")
    with db.write() as s:
        cash_entries.record_capital(s, Money(1_000_000))
    db.dispose()

    raw = sqlite3.connect(tmp_path / "laci.sqlite3")
    try:
        raw.execute("UPDATE journal_lines SET debit = 2000000 WHERE debit > 0")
        raise AssertionError("the trigger let a posted line change")
    except sqlite3.IntegrityError as err:
        assert "immutable" in str(err)
    raw.execute("DROP TRIGGER trg_journal_lines_no_update")
    raw.execute("UPDATE journal_lines SET debit = 2000000 WHERE debit > 0")
    raw.commit()
    raw.close()

    result = laci("--data-dir", str(tmp_path), "check")
    assert result.returncode == 5  # the books are damaged, as `laci --help` lists it
    assert "tidak seimbang" in result.stderr  # Indonesian by default
    english = laci("--data-dir", str(tmp_path), "--lang", "en", "check")
    assert english.returncode == 5
    assert "does not balance" in english.stderr


def test_check_names_an_order_rung_up_twice(warung: Path, tmp_path: Path) -> None:
    """Two counters offline completed one order (made here with the service both used): the books are in order,
    and `laci check` tells the owner which sales to look at."""
    from shop_support import set_up_counter

    from pos.ledger.counter.cart import Cart, line_for_scan
    from pos.ledger.counter.payments import cash
    from pos.ledger.people.customers import add_customer
    from pos.ledger.selling.orders import new_order
    from pos.ledger.selling.sales import ring_up
    from pos.ledger.shop.opening import open_database
    from pos.ledger.stock.barcodes import DEFAULT_FORMATS

    shutil.copytree(warung, tmp_path, dirs_exist_ok=True)
    db = open_database(tmp_path / "laci.sqlite3")
    counter = set_up_counter(db)
    with db.write() as s:
        ani = add_customer(s, "Bu Ani", phone="0812-1111-2222")
        cart = Cart(customer_id=ani)
        cart.add(line_for_scan(s, counter.codes[0], DEFAULT_FORMATS))
        order = new_order(s, counter.owner, cart)
        receipts = [ring_up(s, counter.owner, cart, [cash(5_000)], order_id=order.id).receipt_no for _ in range(2)]
    db.dispose()
    result = laci("--data-dir", str(tmp_path), "--lang", "en", "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "There is no checkpoint yet, so every entry was checked.",
        "The books are in order.",
        f"Order {order.number} was rung up more than once: sales {', '.join(receipts)}. Void or return the extra one.",
    ]


def test_check_seals_a_checkpoint_and_then_reads_only_what_came_after(
    template_db: Path, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    shutil.copyfile(built_books(template_db, tmp_path_factory), tmp_path / "laci.sqlite3")
    first = laci("--data-dir", str(tmp_path), "--lang", "en", "check")
    assert first.returncode == 0, first.stderr
    assert "There is no checkpoint yet, so every entry was checked." in first.stdout
    assert (tmp_path / "laci.key").exists()  # the shop's key, beside the database and not in it
    again = laci("--data-dir", str(tmp_path), "--lang", "en", "check")
    assert again.returncode == 0 and "Checked what came after the checkpoint" in again.stdout
    full = laci("--data-dir", str(tmp_path), "--lang", "en", "check", "--full")
    assert full.returncode == 0 and "Checked what came after" not in full.stdout
    rehash_the_chain(tmp_path / "laci.sqlite3")  # as the audit did it: a whole chain re-hashed with our code
    caught = laci("--data-dir", str(tmp_path), "--lang", "en", "check")
    assert caught.returncode == 5 and "not the one the last checkpoint sealed" in caught.stderr


def test_check_names_a_voucher_used_more_often_than_its_limit(warung: Path, tmp_path: Path) -> None:
    """Two uses of a one-use voucher (made here by lowering its limit after the second, as two counters offline
    would leave it): the books are in order, and `laci check` names the voucher and its sales."""
    from shop_support import set_up_counter

    from pos.ledger.counter.cart import Cart, line_for_scan
    from pos.ledger.counter.payments import cash
    from pos.ledger.prices.vouchers import VoucherInfo, save_voucher
    from pos.ledger.selling.sales import ring_up
    from pos.ledger.shop.opening import open_database
    from pos.ledger.stock.barcodes import DEFAULT_FORMATS

    shutil.copytree(warung, tmp_path, dirs_exist_ok=True)
    db = open_database(tmp_path / "laci.sqlite3")
    counter = set_up_counter(db)
    receipts = []
    with db.write() as s:
        save_voucher(s, VoucherInfo("HEMAT", amount=500, use_limit=2))
        for _ in range(2):
            cart = Cart()
            cart.add(line_for_scan(s, counter.codes[0], DEFAULT_FORMATS))
            cart.set_voucher("HEMAT")
            receipts.append(ring_up(s, counter.owner, cart, [cash(50_000)]).receipt_no)
        save_voucher(s, VoucherInfo("HEMAT", amount=500, use_limit=1))
    db.dispose()
    result = laci("--data-dir", str(tmp_path), "--lang", "en", "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == [
        "The books are in order.",
        f"Voucher HEMAT was used 2 times, more than its 1: sales {', '.join(receipts)}.",
    ]
