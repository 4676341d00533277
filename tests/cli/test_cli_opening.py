"""`laci opening`, `laci journal` and the imports that bring a shop over, run as a shopkeeper's terminal would:
right after `laci init`, with sheets and typed balances, checked first, corrected after."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest
from cli_support import laci

from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.books import accounts
from pos.ledger.books.balances import trial_balance
from pos.ledger.shop.opening import open_database

TODAY = business_date(utc_now())


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out, delimiter=";").writerows(rows)
    return path


def balance(shop: Path, code: str) -> int:
    db = open_database(shop / "laci.sqlite3")
    try:
        with db.read() as s:
            return trial_balance(s).balance(code)
    finally:
        db.dispose()


def init(shop: Path, pin: str | None = "2468\n") -> None:
    result = laci("--data-dir", str(shop), "init", "--shop-name", "Warung Sri", "--owner", "Bu Sri", stdin=pin)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A shop right after `laci init` with its owner, made once; the tests that start from it get a copy."""
    shop = tmp_path_factory.mktemp("fresh") / "shop"
    init(shop)
    return shop


def test_an_updated_price_list_right_after_init_goes_in(fresh: Path, tmp_path: Path) -> None:
    shop = Path(shutil.copytree(fresh, tmp_path / "shop"))
    first = write_csv(tmp_path / "p.csv", [["Nama Item", "Harga Jual"], ["Kopi", "5.000"], ["Teh", "3.000"]])
    assert laci("--data-dir", str(shop), "import", "products", str(first)).returncode == 0
    second = write_csv(tmp_path / "p2.csv", [["Nama Item", "Harga Jual"], ["Kopi", "5.500"], ["Teh", "3.000"]])
    result = laci("--data-dir", str(shop), "import", "products", str(second))
    assert result.returncode == 0, result.stderr
    assert "0 baru, 1 diperbarui, 1 tidak berubah" in result.stdout


def test_without_an_owner_the_refusal_comes_once_and_says_how_to_add_one(tmp_path: Path) -> None:
    shop = tmp_path / "shop"
    init(shop, pin=None)  # no PIN given: the shop has nobody yet
    first = write_csv(tmp_path / "p.csv", [["nama", "harga_jual"], ["Kopi", "5000"], ["Teh", "3000"]])
    assert laci("--data-dir", str(shop), "import", "products", str(first)).returncode == 0
    same = laci("--data-dir", str(shop), "import", "products", str(first))
    assert same.returncode == 0 and "2 tidak berubah" in same.stdout  # unchanged rows need nobody
    changed = write_csv(tmp_path / "p2.csv", [["nama", "harga_jual"], ["Kopi", "5500"], ["Teh", "3500"]])
    result = laci("--data-dir", str(shop), "import", "products", str(changed))
    assert result.returncode == 3  # nobody to act as: not found
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, result.stderr  # not a line per row
    assert "2 baris mengubah barang yang sudah ada" in lines[0]
    assert "laci user add NAMA --role owner" in lines[1]


def test_a_shop_comes_over_with_sheets_and_typed_balances_checked_then_posted_then_corrected(
    fresh: Path, tmp_path: Path
) -> None:
    shop = Path(shutil.copytree(fresh, tmp_path / "shop"))
    products = write_csv(
        tmp_path / "produk.csv",
        [["Nama Produk", "Harga Jual", "Harga Modal", "Stok"], ["Beras 5 kg", "78.000", "70.000", "8"]],
    )
    customers = write_csv(
        tmp_path / "pelanggan.csv",
        [["Nama", "No. HP", "Kasbon", "Tanggal"], ["Pak Budi", "0812-3456-7890", "150.000", "10/03/2026"]],
    )
    day = TODAY.isoformat()
    args = [
        "--data-dir", str(shop), "opening", "post", "--date", day, "--cash", "Laci 1=1.500.000",
        "--bank", "BCA=12.000.000", "--equipment", "Kulkas=3.600.000/36", "--loan", "KUR BRI=10.000.000",
        "--supplier", f"CV Sumber=2.500.000@{day}", "--stock-file", str(products), "--customers-file", str(customers),
    ]  # fmt: skip
    checked = laci(*args, "--check")
    assert checked.returncode == 0, checked.stderr
    assert "Hanya diperiksa: belum ada yang disimpan" in checked.stdout
    capital = 1_500_000 + 12_000_000 + 3_600_000 + 560_000 + 150_000 - 10_000_000 - 2_500_000
    assert f"Rp {capital:,}".replace(",", ".") in checked.stdout
    assert balance(shop, accounts.KAS) == 0
    posted = laci(*args)
    assert posted.returncode == 0, posted.stderr
    assert balance(shop, accounts.EKUITAS_SALDO_AWAL) == capital
    again = laci(*args)
    assert again.returncode == 4 and "Saldo awal sudah dimasukkan; koreksi saja." in again.stderr
    corrected = laci(
        "--data-dir", str(shop), "opening", "correct", "--cash", "Laci 1=1.600.000", "--reason", "hitung ulang"
    )
    assert corrected.returncode == 0, corrected.stderr
    assert balance(shop, accounts.KAS) == 1_600_000 and balance(shop, accounts.PERSEDIAAN) == 560_000
    shown = laci("--data-dir", str(shop), "opening", "show")
    assert "Sudah dikoreksi 1 kali" in shown.stdout and "CV Sumber" in shown.stdout
    assert laci("--data-dir", str(shop), "check").returncode == 0


def test_the_accountants_journal_entry_and_depreciation(fresh: Path, tmp_path: Path) -> None:
    shop = Path(shutil.copytree(fresh, tmp_path / "shop"))
    start = (TODAY - dt.timedelta(days=70)).replace(day=1)
    assert laci("--data-dir", str(shop), "opening", "post", "--date", start.isoformat(), "--equipment",
                "Kulkas=3.600.000/36").returncode == 0  # fmt: skip
    bad = laci(
        "--data-dir", str(shop), "journal", "post", "--memo", "x", "--debit", "1-500=100", "--credit", "3-900=90"
    )
    assert bad.returncode == 2 and "tidak seimbang" in bad.stderr
    good = laci("--data-dir", str(shop), "journal", "post", "--memo", "Modal awal dipindah",
                "--debit", "3-900=3.600.000", "--credit", "3-100=3.600.000")  # fmt: skip
    assert good.returncode == 0, good.stderr
    assert balance(shop, accounts.MODAL) == 3_600_000
    booked = laci("--data-dir", str(shop), "journal", "depreciation", "--book", f"{start:%Y-%m}")
    assert booked.returncode == 0, booked.stderr
    assert balance(shop, accounts.BEBAN_PENYUSUTAN) == 100_000
    twice = laci("--data-dir", str(shop), "journal", "depreciation", "--book", f"{start:%Y-%m}")
    assert twice.returncode == 4 and "sudah dibukukan" in twice.stderr  # the month is booked: refused


def test_suppliers_import_with_a_mapped_column(fresh: Path, tmp_path: Path) -> None:
    shop = Path(shutil.copytree(fresh, tmp_path / "shop"))
    sheet = write_csv(tmp_path / "pemasok.csv", [["Toko", "WA"], ["CV Sumber", "0812-3456-7890"]])
    refused = laci("--data-dir", str(shop), "import", "suppliers", str(sheet))
    assert refused.returncode == 2 and "Toko" in refused.stderr  # the unknown header is named
    mapped = laci("--data-dir", str(shop), "import", "suppliers", str(sheet), "--column", "Toko=nama")
    assert mapped.returncode == 0, mapped.stderr
    assert "1 baru" in mapped.stdout
