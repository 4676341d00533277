"""The product sheet carries wholesale steps and customer group prices: imported, checked, refused readably,
changed only by the owner, removed with `hapus`, and exported in the same layout."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from test_spreadsheet import ean, owner_of, write_csv

from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.prices import groups, tiers
from pos.ledger.spreadsheet.spreadsheet import SheetRejected, export_products, import_products
from pos.ledger.stock.search import search_products

AT = dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.UTC)
HEADER = ["Nama", "Barcode", "Harga Jual", "Harga Grosir", "Barcode Karton", "Isi Karton", "Harga Grosir Karton",
          "Harga kelompok Member"]  # fmt: skip


def member_group(db: Database) -> object:
    with db.write() as s:
        return groups.save_group(s, None, "Member")


def product_id(db: Database, name: str) -> object:
    with db.read() as s:
        [found] = [p for p in search_products(s, name) if p.name == name]
        return found.id


def test_steps_and_a_groups_prices_come_in_with_the_products(db: Database, tmp_path: Path) -> None:
    member = member_group(db)
    sheet = write_csv(
        tmp_path / "produk.csv",
        [
            HEADER,
            ["Indomie Goreng", ean(1), "3.500", "12: 3.200; 40: 3.000", ean(2), "40", "5: 118.000", "3.300"],
            ["Kopi Sachet", ean(3), "2000", None, None, None, None, "10%"],
        ],
    )
    with db.write() as s:
        assert import_products(s, sheet, actor=None, at=AT).created == 2
    indomie, kopi = product_id(db, "Indomie Goreng"), product_id(db, "Kopi Sachet")
    with db.read() as s:
        assert [(t.pack_milli, t.min_milli, t.price) for t in tiers.tiers_of(s, indomie)] == [  # type: ignore[arg-type]
            (1_000, 12_000, 3_200),
            (1_000, 40_000, 3_000),
            (40_000, 5_000, 118_000),
        ]
        assert {(r.name, r.price, r.percent_bp) for r in groups.price_list(s, member)} == {  # type: ignore[arg-type]
            ("Indomie Goreng", 3_300, None),
            ("Kopi Sachet", None, 1_000),
        }
    assert kopi is not None


def test_a_bad_step_list_is_refused_with_its_row_and_nothing_is_written(db: Database, tmp_path: Path) -> None:
    sheet = write_csv(
        tmp_path / "produk.csv",
        [HEADER[:4], ["Indomie Goreng", ean(1), "3.500", "12 = tiga ribu"], ["Kopi", ean(3), "2000", "1: 1.900"]],
    )
    with pytest.raises(SheetRejected) as refused, db.write() as s:
        import_products(s, sheet, actor=None, at=AT)
    assert [(p.row, p.msgid) for p in refused.value.problems] == [
        (2, "'{text}' is not an amount in rupiah."),
        (3, "A wholesale price starts from more than one piece or pack."),
    ]
    with db.read() as s:
        assert search_products(s, "Indomie") == []


def test_changing_steps_needs_the_owner_and_hapus_removes_them(db: Database, tmp_path: Path) -> None:
    first = write_csv(tmp_path / "a.csv", [HEADER[:4], ["Indomie Goreng", ean(1), "3.500", "12: 3.200"]])
    with db.write() as s:
        import_products(s, first, actor=None, at=AT)
    second = write_csv(tmp_path / "b.csv", [HEADER[:4], ["Indomie Goreng", ean(1), "3.500", "hapus"]])
    with pytest.raises(InvalidInput) as refused, db.write() as s:
        import_products(s, second, actor=None, at=AT)
    assert refused.value.msgid.startswith("{n} row(s) change products the shop already has")
    owner = owner_of(db)
    with db.write() as s:
        result = import_products(s, second, actor=owner, at=AT)
        assert result.updated == 1
        assert tiers.tiers_of(s, product_id(db, "Indomie Goreng")) == []  # type: ignore[arg-type]
    # The same sheet again changes nothing, and needs nobody.
    with db.write() as s:
        again = import_products(s, second, actor=None, at=AT)
    assert (again.updated, again.unchanged) == (0, 1)


def test_export_carries_the_steps_and_each_groups_price_and_reads_back_unchanged(db: Database, tmp_path: Path) -> None:
    member_group(db)
    sheet = write_csv(
        tmp_path / "produk.csv",
        [HEADER, ["Indomie Goreng", ean(1), "3.500", "12: 3.200; 40: 3.000", ean(2), "40", "5: 118.000", "3.300"]],
    )
    with db.write() as s:
        import_products(s, sheet, actor=None, at=AT)
    out = tmp_path / "keluar.csv"
    with db.read() as s:
        assert export_products(s, out) == 1
    with out.open(encoding="utf-8-sig") as f:
        header, row = list(csv.reader(f, delimiter=";"))
    shown = dict(zip(header, row, strict=True))
    assert shown["harga_grosir"] == "12: 3.200; 40: 3.000"
    assert shown["harga_grosir_karton"] == "5: 118.000"
    assert shown["harga kelompok Member"] == "3.300"
    owner = owner_of(db)
    with db.write() as s:
        again = import_products(s, out, actor=owner, at=AT)
    assert (again.updated, again.unchanged) == (0, 1)
