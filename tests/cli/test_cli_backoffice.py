"""`laci products|customers import|export` and `laci demo`, run as a shopkeeper's terminal would run them."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from cli_support import laci
from sqlalchemy import func, select

from pos.ledger.schema import Customer, Product, Sale
from pos.ledger.shop.opening import open_database
from pos.ledger.stock.barcodes import ean13_with_check


def ean(n: int) -> str:
    return ean13_with_check(f"899{n:09d}")


def count(data_dir: Path, model: type[Product] | type[Customer] | type[Sale]) -> int:
    db = open_database(data_dir / "laci.sqlite3")
    try:
        with db.read() as s:
            return int(s.execute(select(func.count()).select_from(model)).scalar_one())
    finally:
        db.dispose()


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new shop with its owner, made once by `laci init`; the tests that start from one get a copy."""
    data = tmp_path_factory.mktemp("fresh")
    result = laci("--data-dir", str(data), "init", "--shop-name", "Warung", "--owner", "Bu Sri", stdin="2468\n")
    assert result.returncode == 0, result.stderr
    return data


def new_shop(fresh: Path, data_dir: Path) -> None:
    shutil.copytree(fresh, data_dir)


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out, delimiter=";").writerows(rows)
    return path


def test_products_import_reports_every_bad_row_then_imports_the_fixed_file(fresh: Path, tmp_path: Path) -> None:
    shop = tmp_path / "shop"
    new_shop(fresh, shop)
    header = ["Nama", "Barcode", "Harga Jual", "Harga Modal", "Kategori"]
    bad = write_csv(
        tmp_path / "bad.csv",
        [
            header,
            ["Mi Goreng Rasa Ayam 85 g", ean(1), "Rp 3.500", "2.900", "Mi instan"],
            ["Gula Pasir 1 kg", ean(1), "18.500", "", "Sembako"],
            ["Teh Celup 25s", ean(3), "", "", "Minuman"],
        ],
    )
    refused = laci("--lang", "en", "--data-dir", str(shop), "import", "products", str(bad))
    assert refused.returncode == 2
    assert "Row 3, column Barcode (B)" in refused.stderr and "Row 4, column Harga Jual (C)" in refused.stderr
    assert count(shop, Product) == 0
    good = write_csv(
        tmp_path / "good.csv",
        [
            header,
            ["Mi Goreng Rasa Ayam 85 g", ean(1), "Rp 3.500", "2.900", "Mi instan"],
            ["Gula Pasir 1 kg", ean(2), "18.500", "", "Sembako"],
        ],
    )
    done = laci("--lang", "en", "--data-dir", str(shop), "import", "products", str(good))
    assert done.returncode == 0, done.stderr
    assert "2 rows imported: 2 new, 0 updated, 0 unchanged." in done.stdout
    raised = write_csv(tmp_path / "raised.csv", [header, ["Gula Pasir 1 kg", ean(2), "19.000", "", "Sembako"]])
    again = laci("--lang", "en", "--data-dir", str(shop), "products", "import", str(raised))
    assert "1 rows imported: 0 new, 1 updated, 0 unchanged." in again.stdout, again.stderr


def test_export_then_import_into_another_shop(fresh: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    built = laci(
        "--lang", "en", "--data-dir", str(first), "demo", "--products", "25", "--days", "1", "--today", "2026-11-23"
    )
    assert built.returncode == 0, built.stderr
    new_shop(fresh, second)
    for noun in ("products", "customers"):
        # Both spellings: `laci export products FILE` and `laci products export FILE`.
        for suffix, words in ((".xlsx", ("export", noun)), (".csv", (noun, "export"))):
            path = tmp_path / f"{noun}{suffix}"
            written = laci("--lang", "en", "--data-dir", str(first), *words, str(path))
            assert written.returncode == 0 and path.exists(), written.stderr
        loaded = laci("--lang", "en", "--data-dir", str(second), "import", noun, str(tmp_path / f"{noun}.xlsx"))
        assert loaded.returncode == 0, loaded.stderr
        same = laci("--lang", "en", "--data-dir", str(second), noun, "import", str(tmp_path / f"{noun}.csv"))
        assert " 0 new, 0 updated," in same.stdout, same.stderr
    assert count(second, Product) == count(first, Product) == 25
    assert count(second, Customer) == count(first, Customer)


def test_demo_prints_the_pins_and_refuses_a_shop_with_sales(tmp_path: Path) -> None:
    shop = tmp_path / "demo"
    args = ("--data-dir", str(shop), "demo", "--products", "20", "--days", "2", "--seed", "3")
    built = laci("--lang", "en", *args, "--today", "2026-11-23")
    assert built.returncode == 0, built.stderr
    assert "Bu Sri (owner) with PIN 1234" in built.stdout and "Dewi (cashier) with PIN 5678" in built.stdout
    assert "Building the demo shop: 2 of 2 days" in built.stderr
    assert laci("--data-dir", str(shop), "check").returncode == 0
    sales = count(shop, Sale)
    assert sales >= 80
    refused = laci("--lang", "en", *args)
    assert refused.returncode == 4 and "already has data" in refused.stderr
    quiet = laci("--lang", "en", *args, "--if-empty")
    assert quiet.returncode == 0, quiet.stderr
    assert count(shop, Sale) == sales


def test_commands_without_a_shop_or_with_a_bad_file(fresh: Path, tmp_path: Path) -> None:
    empty = laci("--lang", "en", "--data-dir", str(tmp_path / "none"), "products", "export", str(tmp_path / "p.csv"))
    assert empty.returncode == 3 and "laci init" in empty.stderr
    shop = tmp_path / "shop"
    new_shop(fresh, shop)
    wrong = laci("--lang", "en", "--data-dir", str(shop), "customers", "import", str(tmp_path / "missing.xlsx"))
    assert wrong.returncode == 2 and "missing.xlsx" in wrong.stderr
    kind = laci("--lang", "en", "--data-dir", str(shop), "products", "export", str(tmp_path / "p.ods"))
    assert kind.returncode == 2 and ".csv or .xlsx" in kind.stderr
    nowhere = laci("--lang", "en", "--data-dir", str(shop), "export", "products")
    assert nowhere.returncode == 2 and "Say which file to write" in nowhere.stderr
    twice = laci("--lang", "en", "--data-dir", str(shop), "export", "customers", "a.csv", "--out", "b.csv")
    assert twice.returncode == 2 and "not both" in twice.stderr


def test_phone_numbers_from_the_terminal_are_checked_and_kept_in_one_form(fresh: Path, tmp_path: Path) -> None:
    shop = tmp_path / "shop"
    new_shop(fresh, shop)
    bad = write_csv(tmp_path / "bad.csv", [["nama", "telepon"], ["Pak Budi", "abc"]])
    refused = laci("--data-dir", str(shop), "customers", "import", str(bad))
    assert refused.returncode != 0 and "bukan nomor telepon" in refused.stdout + refused.stderr
    assert count(shop, Customer) == 0
    order = laci("--data-dir", str(shop), "order", "new", "--customer", "Bu Ani", "--phone", "abc", "--item", "x")
    assert order.returncode != 0 and count(shop, Customer) == 0
    good = write_csv(tmp_path / "good.csv", [["nama", "telepon"], ["Pak Budi", "+62 812 3456 7890"]])
    assert laci("--data-dir", str(shop), "customers", "import", str(good)).returncode == 0
    db = open_database(shop / "laci.sqlite3")
    try:
        with db.read() as s:
            assert s.execute(select(Customer.phone)).scalar_one() == "0812-3456-7890"
    finally:
        db.dispose()
