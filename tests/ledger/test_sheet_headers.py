"""The one alias table, header by header: every alias is read as its column in its kind of sheet, no alias stands
for two columns, and sheets shaped like other apps' exports are read without a column left unknown."""

from __future__ import annotations

import pytest

from pos.ledger.base.errors import InvalidInput
from pos.ledger.spreadsheet.sheet_headers import (
    CUSTOMER_ALIASES,
    PRODUCT_ALIASES,
    SUPPLIER_ALIASES,
    Aliases,
    norm_header,
)
from pos.ledger.spreadsheet.spreadsheet import Sheet, find_layout

KINDS: dict[str, tuple[Aliases, tuple[str, ...], str]] = {
    # (aliases, required columns, a second column that is certainly known)
    "products": (PRODUCT_ALIASES, ("nama",), "harga_jual"),
    "customers": (CUSTOMER_ALIASES, ("nama",), "telepon"),
    "suppliers": (SUPPLIER_ALIASES, ("nama",), "telepon"),
}
EVERY_ALIAS = [
    (kind, column, alias)
    for kind, (aliases, _r, _o) in KINDS.items()
    for column, names in aliases.items()
    for alias in names
]


def _layout(kind: str, headers: list[str]) -> dict[str, int]:
    aliases, required, _other = KINDS[kind]
    return find_layout(Sheet("x.csv", [(1, tuple(headers))]), aliases, required).index


@pytest.mark.parametrize(("kind", "column", "alias"), EVERY_ALIAS, ids=lambda v: str(v))
def test_each_alias_is_read_as_its_column(kind: str, column: str, alias: str) -> None:
    other = KINDS[kind][2]
    headers = [alias, other] if column == "nama" else ["nama", alias]
    assert _layout(kind, headers)[column] == headers.index(alias)


@pytest.mark.parametrize("kind", KINDS)
def test_no_alias_stands_for_two_columns_and_each_is_already_normalised(kind: str) -> None:
    aliases = KINDS[kind][0]
    seen: dict[str, str] = {}
    for column, names in aliases.items():
        for alias in names:
            assert norm_header(alias) == alias, alias
            assert seen.setdefault(alias, column) == column, f"{alias} is both {seen[alias]} and {column}"


def test_headers_match_ignoring_case_spaces_punctuation_and_notes() -> None:
    index = _layout("products", ["NAMA ITEM*", "Harga Jual (Rp)", "Harga_Dasar", "Stok Awal [pcs]", "Alert at"])
    assert index == {"nama": 0, "harga_jual": 1, "harga_modal": 2, "stok": 3, "stok_minimum": 4}


# Headers of sheets shaped like each app's export (iPos 5's from its manual; the others as the issue and shops
# name them), and a warung's own sheets. None may be left unknown but the ones Laci has no use for.
APPS = {
    "Moka": ("products", ["Item Name", "Variant Name", "Category", "SKU", "Price", "In Stock", "Alert at"], set()),
    "Majoo": ("products", ["Nama Produk", "SKU", "Kategori", "Satuan", "Harga Jual", "Harga Modal", "Stok",
                           "Stok Minimum"], set()),
    "Qasir": ("products", ["Nama Produk", "Kategori", "Harga Jual", "Harga Modal", "Stok", "SKU", "Barcode"], set()),
    "iReap": ("products", ["Kode Item", "Nama Item", "Kategori", "Satuan", "Harga Beli", "Harga Jual", "Stok"], set()),
    "iPos 5": ("products", ["Kode Item", "Barcode", "Nama Item", "Jenis", "Merek", "Satuan", "Harga Pokok",
                            "Harga Jual", "Stok awal", "Stok Minimum"], {"Merek"}),
    "Kasir Pintar": ("products", ["Nama Produk", "Kode Produk", "Kategori", "Harga Dasar", "Harga Jual", "Stok",
                                  "Stok Minimal", "Satuan"], set()),
    "Olsera": ("products", ["Name", "SKU", "Barcode", "Grup Produk", "Sell Price", "Buy Price", "Stock"], set()),
    "Pawoon": ("products", ["Nama Produk", "Kategori", "Harga", "SKU", "Barcode", "Stok", "HPP"], set()),
    "BukuWarung": ("customers", ["Nama", "Nomor HP", "Sisa Utang", "Tanggal"], set()),
    "warung customers": ("customers", ["Nama Pelanggan", "No. HP", "Alamat", "Kasbon", "Limit Kasbon"], set()),
    "warung suppliers": ("suppliers", ["Nama Supplier", "Telepon", "Alamat", "Sisa Hutang", "Jatuh Tempo"], set()),
}  # fmt: skip


@pytest.mark.parametrize("app", APPS)
def test_sheets_shaped_like_each_apps_export_are_read_whole(app: str) -> None:
    kind, headers, unused = APPS[app]
    aliases, required, _other = KINDS[kind]
    layout = find_layout(Sheet("x.csv", [(1, tuple(headers))]), aliases, required)
    assert set(layout.skipped) == unused
    assert len(layout.index) == len(headers) - len(unused)


def test_kasir_pintars_harga_dasar_is_the_cost_and_a_kasbon_column_is_what_is_owed() -> None:
    assert _layout("products", ["Nama Produk", "Harga Dasar", "Harga Jual"])["harga_modal"] == 1
    customers = _layout("customers", ["Nama", "Kasbon", "Batas Kasbon"])
    assert customers["utang"] == 1 and customers["batas_kasbon"] == 2


def test_a_sheet_without_a_known_header_row_names_the_headers_it_did_not_know() -> None:
    sheet = Sheet("menu.csv", [(1, ("Menu", "Harga Satuan", "Qty Gudang"))])
    with pytest.raises(InvalidInput) as caught:
        find_layout(sheet, PRODUCT_ALIASES, ("nama", "harga_jual"))
    assert str(caught.value) == (
        "menu.csv tidak punya baris judul yang dikenal Laci: baris pertama harus berisi nama kolom, misalnya "
        "nama, harga_jual. Judul kolom yang tidak dikenal Laci: Menu, Harga Satuan, Qty Gudang."
    )
    mapped = find_layout(sheet, PRODUCT_ALIASES, ("nama", "harga_jual"), {"Menu": "nama", "Harga Satuan": "harga_jual"})
    assert mapped.index == {"nama": 0, "harga_jual": 1} and mapped.skipped == ("Qty Gudang",)


def test_a_missing_required_column_names_the_unknown_headers() -> None:
    sheet = Sheet("p.csv", [(1, ("Nama", "Harga Satuan"))])
    with pytest.raises(InvalidInput) as caught:
        find_layout(sheet, PRODUCT_ALIASES, ("nama", "harga_jual"))
    assert "Harga Satuan" in str(caught.value) and "harga_jual" in str(caught.value)


def test_mapping_to_a_column_that_is_not_there_is_refused() -> None:
    sheet = Sheet("p.csv", [(1, ("Nama", "Harga"))])
    with pytest.raises(InvalidInput, match="Tidak ada kolom harga_diskon untuk judul Harga"):
        find_layout(sheet, PRODUCT_ALIASES, ("nama",), {"Harga": "harga_diskon"})
