"""`laci labels`, run as a separate process on a demo warung: an A4 sheet from a chosen label on, read back label
by label; labels on the receipt printer through the queue, printed once; and input that lies."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cli_support import laci
from label_support import cells, decode, raster_pictures, sheet_pages
from sqlalchemy import select

from pos.ledger.base.money import Money
from pos.ledger.schema import ProductBarcode
from pos.ledger.shop.opening import open_database
from pos.ledger.stock import product_records
from pos.printing.label_sheets import layout_named

pytestmark = pytest.mark.slow  # each test starts laci several times


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("demo")
    result = laci("--data-dir", str(data), "demo", "--products", "20", "--days", "1", "--today", "2026-11-23")
    assert result.returncode == 0, result.stderr
    db = open_database(data / "laci.sqlite3")
    try:
        with db.write() as s:
            product_records.add_product(s, "Rengginang Ketan Bu Har", Money(15_000), sku="RGN-01")
    finally:
        db.dispose()
    return data


@pytest.fixture
def shop(demo: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "shop"
    shutil.copytree(demo, copy)
    return copy


def _a_barcode(shop: Path) -> str:
    db = open_database(shop / "laci.sqlite3")
    try:
        with db.read() as s:
            codes = s.scalars(select(ProductBarcode.barcode).where(ProductBarcode.pack_milli == 1000)).all()
    finally:
        db.dispose()
    return next(c for c in codes if len(c) == 13 and not c.startswith("2"))


def test_a_sheet_from_label_3_scans_back_and_a_product_without_a_barcode_gets_one(shop: Path) -> None:
    code = _a_barcode(shop)
    pdf = shop / "label.pdf"
    args = ["--data-dir", str(shop), "labels", "sheet", f"{code}:2", "RGN-01", "--layout", "4x10", "--start", "3"]
    result = laci(*args, "--out", str(pdf))
    assert result.returncode == 0, result.stderr
    assert "3 label" in result.stdout and "4 x 10" in result.stdout
    (page,) = sheet_pages(pdf)
    read = cells(page, layout_named("4x10"))
    assert read[:2] == [[], []] and read[2:4] == [[code], [code]]
    (own,) = read[4]
    assert own.startswith("21") and all(found == [] for found in read[5:])
    # The new number is the product's now: the same command gives it again, not another.
    again = laci(*args, "--out", str(shop / "again.pdf"))
    assert again.returncode == 0, again.stderr
    assert cells(sheet_pages(shop / "again.pdf")[0], layout_named("4x10"))[4] == [own]


def test_labels_on_the_receipt_printer_print_once(shop: Path) -> None:
    code = _a_barcode(shop)
    roll = shop / "lp0"
    roll.write_bytes(b"")
    result = laci("--data-dir", str(shop), "labels", "print", f"{code}:2", "--printer", f"file:{roll}")
    assert result.returncode == 0, result.stderr
    assert [decode(p) for p in raster_pictures(roll.read_bytes())] == [[code], [code]]
    size = roll.stat().st_size
    pending = laci("--data-dir", str(shop), "print", "pending", "--printer", f"file:{roll}")
    assert pending.returncode == 0, pending.stderr
    assert roll.stat().st_size == size  # nothing was sent twice


def test_a_preview_shows_the_labels_and_queues_nothing(shop: Path) -> None:
    code = _a_barcode(shop)
    result = laci("--data-dir", str(shop), "labels", "print", code, "--printer", "preview:")
    assert result.returncode == 0, result.stderr
    assert f"[EAN-13 {code}]" in result.stdout and "8<" in result.stdout


def test_input_that_lies_is_refused_in_indonesian_and_writes_nothing(shop: Path) -> None:
    code = _a_barcode(shop)
    pdf = shop / "no.pdf"
    # Wrong input exits 2; a product no code names is not found, 3 (`laci --help` lists the codes).
    cases = (([f"{code}:abc"], "1", 2), (["TIDAK-ADA"], "1", 3), ([f"{code}:0"], "1", 2), ([code], "41", 2))
    for words, start, exit_code in cases:
        result = laci(
            "--data-dir", str(shop), "labels", "sheet", *words, "--layout", "4x10", "--start", start, "--out", str(pdf)
        )
        assert result.returncode == exit_code, (words, result.stdout, result.stderr)
        assert "Error" not in result.stderr and result.stderr.strip()
        assert not pdf.exists()
    layouts = laci("labels", "layouts")
    assert layouts.returncode == 0 and {"3x7", "3x8", "4x10", "5x13"} <= set(layouts.stdout.split())
