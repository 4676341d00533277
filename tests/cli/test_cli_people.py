"""`laci init` with its first owner, `laci user add` with PINs from standard input, `laci shift report`."""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import laci

from pos.ledger.base.money import Money
from pos.ledger.counter.cart import Cart, line_for_scan
from pos.ledger.counter.payments import cash
from pos.ledger.counter.shifts import open_shift
from pos.ledger.people.users import authenticate, list_users
from pos.ledger.selling.sales import ring_up
from pos.ledger.shop.opening import open_database
from pos.ledger.stock import product_records
from pos.ledger.stock.barcodes import DEFAULT_FORMATS, ean13_with_check


def test_init_creates_the_first_owner_and_user_add_needs_the_owner(tmp_path: Path) -> None:
    assert (
        laci(
            "--data-dir", str(tmp_path), "init", "--shop-name", "Warung", "--owner", "Bu Sri", stdin="2468\n"
        ).returncode
        == 0
    )
    refused = laci("--data-dir", str(tmp_path), "user", "add", "Dewi", stdin="1111\n1357\n")
    assert refused.returncode == 4 and "PIN pemilik" in refused.stderr
    added = laci("--data-dir", str(tmp_path), "user", "add", "Dewi", stdin="2468\n1357\n")
    assert added.returncode == 0, added.stderr
    db = open_database(tmp_path / "laci.sqlite3")
    with db.read() as s:
        users = {u.name: u for u in list_users(s)}
    assert users["Bu Sri"].role == "owner" and users["Dewi"].role == "cashier"
    assert authenticate(db, users["Dewi"].id, "1357").name == "Dewi"
    db.dispose()
    # The PIN never appears in what the command printed.
    assert "1357" not in added.stdout + added.stderr


def test_init_without_a_pin_leaves_no_owner_and_still_checks(tmp_path: Path) -> None:
    result = laci("--data-dir", str(tmp_path), "init", "--shop-name", "Warung")
    assert result.returncode == 0
    assert "laci user add" in result.stdout
    assert laci("--data-dir", str(tmp_path), "check").returncode == 0


def test_a_bad_pin_is_refused(tmp_path: Path) -> None:
    result = laci("--data-dir", str(tmp_path), "init", "--shop-name", "Warung", stdin="12\n")
    assert result.returncode == 2
    assert "4 sampai 6 angka" in result.stderr


def test_shift_report_prints_the_x_report(tmp_path: Path) -> None:
    assert laci("--data-dir", str(tmp_path), "init", "--shop-name", "Warung", stdin="2468\n").returncode == 0
    assert "Belum ada shift" in laci("--data-dir", str(tmp_path), "shift", "report").stderr
    db = open_database(tmp_path / "laci.sqlite3")
    [owner_info] = list_users_of(db)
    owner = authenticate(db, owner_info, "2468")
    code = ean13_with_check("899000000017")
    with db.write() as s:
        product_records.add_product(
            s, "Teh botol", Money(5_000), cost=Money(3_500), barcodes=[product_records.BarcodeSpec(code)]
        )
        open_shift(s, owner, Money(100_000))
    with db.write() as s:
        cart = Cart()
        cart.add(line_for_scan(s, "3*" + code, DEFAULT_FORMATS))
        ring_up(s, owner, cart, [cash(20_000)])
    db.dispose()
    text = laci("--data-dir", str(tmp_path), "shift", "report")
    assert text.returncode == 0, text.stderr
    assert "Rp 115.000" in text.stdout  # 100.000 float + 15.000 cash sale
    figures = json.loads(laci("--data-dir", str(tmp_path), "shift", "report", "--json").stdout)
    assert figures["expected_cash"] == 115_000 and figures["by_method"] == {"cash": 15_000}


def list_users_of(db):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return [u.id for u in list_users(s)]
