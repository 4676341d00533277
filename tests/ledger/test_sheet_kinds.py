"""The product sheet carries products that are more than one thing: variants (a row each, naming their product
and values), recipes, made to order, add-on groups offered (and the groups themselves, with their recipes, in a
second table). Exported then imported into an empty shop it gives the same catalogue; a bad row is reported on
its row, in Indonesian, and nothing at all is imported."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from builders import add_item, counter, counter_template, fresh_db, row_counts
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from kinds_support import cafe
from openpyxl import load_workbook
from sheet_support import write_csv
from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.ledger.base.db import Database
from pos.ledger.base.errors import LedgerError
from pos.ledger.base.money import MILLI
from pos.ledger.spreadsheet.spreadsheet import SheetRejected, export_products, import_products
from pos.ledger.stock.modifiers import offer_groups
from pos.ledger.stock.recipes import Ingredient, set_made_to_order, set_recipe
from pos.ledger.stock.variants import Option, grid_of, set_options


@pytest.fixture(scope="module")
def paths(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(an empty shop with its counter open, a cafe and weaver's catalogue built through the core's services)."""
    empty = counter_template(template_db, tmp_path_factory.mktemp("empty"))
    db = fresh_db(empty, tmp_path_factory.mktemp("kinds"))
    with db.write() as s:
        owner = counter(s).owner
        c = cafe(s)
        es_kopi = add_item(s, "Es kopi", 15_000, n=520)
        for variant in set_options(s, owner, es_kopi.id, [Option("Ukuran", ("Reguler", "Besar"))]):
            grams = 18 if variant.values == ("Reguler",) else 27
            set_recipe(
                s, owner, variant.product_id, [Ingredient(c.beans.id, grams * MILLI), Ingredient(c.cup.id, MILLI)]
            )
            set_made_to_order(s, owner, variant.product_id, True)
            offer_groups(s, owner, variant.product_id, [c.sugar_level, c.extras])
        kain = add_item(s, "Kain tenun", 0, unit="m", n=701)
        thread = add_item(s, "Benang", 0, unit="m", n=702)
        mask = add_item(s, "Masker tenun", 25_000, n=703)
        options = [Option("Ukuran", ("S", "M")), Option("Motif", ("Songket", "Ikat"))]
        for variant in set_options(s, owner, mask.id, options):
            set_recipe(s, owner, variant.product_id, [Ingredient(kain.id, 100), Ingredient(thread.id, 500)])
    db.dispose()
    return empty, db.path


@pytest.fixture
def empty(paths: tuple[Path, Path], tmp_path: Path) -> Iterator[Database]:
    db = fresh_db(paths[0], tmp_path / "empty")
    yield db
    db.dispose()


@pytest.fixture
def built(paths: tuple[Path, Path], tmp_path: Path) -> Iterator[Database]:
    db = fresh_db(paths[1], tmp_path / "built")
    yield db
    db.dispose()


def catalogue(s: Session) -> dict[str, object]:
    """The catalogue by names, as a person would compare two shops: products, variants, recipes and add-ons."""
    name = {bytes(r[0]): r[1] for r in s.execute(text("SELECT id, name FROM products"))}
    name |= {bytes(r[0]): r[1] for r in s.execute(text("SELECT id, name FROM modifiers"))}
    groups = {bytes(r[0]): r[1] for r in s.execute(text("SELECT id, name FROM modifier_groups"))}
    return {
        "products": sorted(
            tuple(r)
            for r in s.execute(
                text(
                    "SELECT p.name, p.sku, p.unit, p.price, p.cost, p.made_to_order, p.is_active, b.barcode "
                    "FROM products p LEFT JOIN product_barcodes b ON b.product_id = p.id"
                )
            )
        ),
        "options": sorted(
            (name[bytes(r[0])], r[1], r[2], r[3])
            for r in s.execute(text('SELECT product_id, position, name, "values" FROM product_options'))
        ),
        "variants": sorted(
            (name[bytes(r[0])], name[bytes(r[1])], r[2])
            for r in s.execute(text('SELECT product_id, parent_id, "values" FROM product_variants'))
        ),
        "recipes": sorted(
            (name[bytes(r[0])], name[bytes(r[1])], r[2], r[3])
            for r in s.execute(text("SELECT owner_id, ingredient_id, qty_milli, position FROM recipe_lines"))
        ),
        "groups": sorted(
            tuple(r) for r in s.execute(text("SELECT name, min_choices, max_choices, is_active FROM modifier_groups"))
        ),
        "choices": sorted(
            (groups[bytes(r[0])], r[1], r[2], r[3], r[4])
            for r in s.execute(text("SELECT group_id, name, price, position, is_active FROM modifiers"))
        ),
        "offered": sorted(
            (name[bytes(r[0])], groups[bytes(r[1])], r[2])
            for r in s.execute(text("SELECT product_id, group_id, position FROM product_modifier_groups"))
        ),
    }


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_import_into_an_empty_shop_gives_the_same_catalogue(
    built: Database, empty: Database, tmp_path: Path, suffix: str
) -> None:
    sheet = tmp_path / f"produk{suffix}"
    with built.read() as s:
        export_products(s, sheet)
        before = catalogue(s)
    assert len(before["variants"]) == 2 + 4 and len(before["recipes"]) == 6 + 2 * 2 + 4 * 2  # type: ignore[arg-type]
    with empty.write() as s:
        result = import_products(s, sheet, actor=counter(s).owner)
        assert result.created == len({p[0] for p in before["products"]})  # type: ignore[attr-defined]
        after = catalogue(s)
        masks = next(r for r in s.execute(text("SELECT id FROM products WHERE name = 'Masker tenun'")))
        grid = grid_of(s, uuid.UUID(bytes=bytes(masks[0])))
    assert after == before
    if suffix == ".xlsx":
        book = load_workbook(sheet, read_only=True)
        assert book.sheetnames == ["Produk", "Tambahan", "Petunjuk"]
        lines = [row[0] for row in book["Petunjuk"].iter_rows(values_only=True)]
        assert lines[0] == "Cara mengisi spreadsheet barang" and any("nilai_opsi" in str(x) for x in lines)
        book.close()
    else:
        assert (tmp_path / "produk-tambahan.csv").read_text(encoding="utf-8-sig").startswith("grup;pilihan;harga")
    assert grid.rows == ("S", "M") and all(all(cell is not None for cell in row) for row in grid.cells)
    # Imported again into the shop it came from, nothing changes.
    with built.write() as s:
        again = import_products(s, sheet, actor=counter(s).owner)
        assert (again.created, again.updated) == (0, 0)
        assert catalogue(s) == before


HEADER = ["nama", "satuan", "harga_jual", "barcode", "induk", "opsi", "nilai_opsi", "resep", "dibuat_pesanan"]


def test_bad_rows_are_reported_on_their_rows_in_indonesian_and_nothing_is_imported(
    empty: Database, tmp_path: Path
) -> None:
    sheet = write_csv(
        tmp_path / "produk.csv",
        [
            HEADER,
            ["Gula", "g", 0, "8990000000013", "", "", "", "", ""],  # row 2
            ["Es teh", "pcs", 5_000, "", "", "", "", "Gula 10; Teh celup 1", "ya"],  # an unknown ingredient
            ["Kaos Merah L", "pcs", 50_000, "", "Kaos", "", "L", "", ""],  # a variant without its parent
            ["Roti", "pcs", 8_000, "", "", "", "", "Selai 0,02", ""],  # row 5: a recipe loop with row 6
            ["Selai", "kg", 40_000, "", "", "", "", "Roti 2", ""],
            ["Gula aren", "g", 0, "8990000000013", "", "", "", "", ""],  # row 7: the barcode of row 2
            ["Masker", "pcs", 25_000, "", "", "Ukuran: S, M", "", "", ""],
            ["Masker XL", "pcs", 25_000, "", "Masker", "", "XL", "", ""],  # row 9: a size Masker does not come in
        ],
    )
    with empty.write() as s:
        before = row_counts(s)
        with pytest.raises(SheetRejected) as err:
            import_products(s, sheet, actor=counter(s).owner)
        assert row_counts(s) == before
    found = [(p.row, p.column.split(" (")[0], str(p)) for p in err.value.problems]
    rows = {row for row, _column, _text in found}
    assert rows == {3, 4, 5, 6, 7, 9}, found
    text_of = {row: message for row, _column, message in found}
    assert text_of[3] == "Baris 3, kolom resep (H): Bahan Teh celup tidak ada di lembar ini maupun di toko."
    assert text_of[4] == "Baris 4, kolom induk (E): Kaos tidak ada di lembar ini maupun di toko."
    assert "Resepnya berputar kembali ke dirinya sendiri: Roti → Selai → Roti." in text_of[5]
    assert text_of[6].endswith("Roti → Selai → Roti.")  # the same loop, told on each of its rows
    assert text_of[7] == "Baris 7, kolom barcode (D): Barcode 8990000000013 juga ada di baris 2."
    assert text_of[9] == "Baris 9, kolom nilai_opsi (G): XL bukan salah satu pilihan opsi Masker."
    assert str(err.value).startswith(f"Ada {len(found)} masalah di berkas; tidak ada yang diimpor.")


def test_an_addon_table_beside_a_csv_gives_its_groups_and_their_recipes(empty: Database, tmp_path: Path) -> None:
    sheet = write_csv(
        tmp_path / "menu.csv",
        [
            ["nama", "satuan", "harga_jual", "resep", "dibuat_pesanan", "tambahan"],
            ["Biji kopi", "g", 0, "", "", ""],
            ["Es kopi susu", "pcs", 18_000, "Biji kopi 18", "ya", "Gula; Tambahan"],
        ],
    )
    write_csv(
        tmp_path / "menu-tambahan.csv",
        [
            ["grup", "pilihan", "harga", "pilih_min", "pilih_maks", "resep"],
            ["Gula", "Normal", 0, 1, 1, ""],
            ["Gula", "Tanpa gula", 0, "", "", ""],
            ["Tambahan", "Extra shot", 5_000, 0, 2, "Biji kopi 18"],
            ["Tambahan", "Oat milk", "Rp 6.000", "", "", "Susu oat 100"],  # row 5: no such ingredient
        ],
    )
    with empty.write() as s:
        with pytest.raises(SheetRejected) as err:
            import_products(s, sheet, actor=counter(s).owner)
        assert [(p.row, p.column) for p in err.value.problems] == [(5, "menu-tambahan.csv: resep (F)")]
    write_csv(
        tmp_path / "menu-tambahan.csv",
        [
            ["grup", "pilihan", "harga", "pilih_min", "pilih_maks", "resep"],
            ["Gula", "Normal", 0, 1, 1, ""],
            ["Gula", "Tanpa gula", 0, "", "", ""],
            ["Tambahan", "Extra shot", 5_000, 0, 2, "Biji kopi 18"],
            ["Tambahan", "Oat milk", "Rp 6.000", "", "", ""],
        ],
    )
    with empty.write() as s:
        import_products(s, sheet, actor=counter(s).owner)
        got = catalogue(s)
    assert got["groups"] == [("Gula", 1, 1, 1), ("Tambahan", 0, 2, 1)]
    assert ("Tambahan", "Oat milk", 6_000, 1, 1) in got["choices"]  # type: ignore[operator]
    assert got["recipes"] == [("Es kopi susu", "Biji kopi", 18_000, 0), ("Extra shot", "Biji kopi", 18_000, 0)]
    assert got["offered"] == [("Es kopi susu", "Gula", 0), ("Es kopi susu", "Tambahan", 1)]


def test_a_recipe_changed_on_the_sheet_updates_the_product_and_counts_as_an_update(
    empty: Database, tmp_path: Path
) -> None:
    rows = [
        ["nama", "satuan", "harga_jual", "resep", "dibuat_pesanan"],
        ["Biji kopi", "g", 0, "", ""],
        ["Susu segar", "ml", 0, "", ""],
        ["Es kopi susu", "pcs", 18_000, "Biji kopi 18", "ya"],
    ]
    with empty.write() as s:
        first = import_products(s, write_csv(tmp_path / "menu.csv", rows), actor=counter(s).owner)
        assert (first.created, first.updated) == (3, 0)
    rows[3][3] = "Biji kopi 20; Susu segar 150"
    with empty.write() as s:
        again = import_products(s, write_csv(tmp_path / "menu.csv", rows), actor=counter(s).owner)
        assert (again.created, again.updated, again.unchanged) == (0, 1, 2)
        assert catalogue(s)["recipes"] == [
            ("Es kopi susu", "Biji kopi", 20_000, 0),
            ("Es kopi susu", "Susu segar", 150_000, 1),
        ]


def test_a_new_size_added_on_the_sheet_joins_the_shops_variants(built: Database, tmp_path: Path) -> None:
    header = ["nama", "harga_jual", "induk", "opsi", "nilai_opsi"]
    sheet = write_csv(
        tmp_path / "baru.csv",
        [header, ["Es kopi Jumbo", 22_000, "Es kopi", "", "Jumbo"]],
    )
    with built.write() as s:
        before = row_counts(s)
        with pytest.raises(SheetRejected) as err:
            import_products(s, sheet, actor=counter(s).owner)
        assert [str(p) for p in err.value.problems] == [
            "Baris 2, kolom nilai_opsi (E): Jumbo bukan salah satu pilihan opsi Es kopi."
        ]
        assert row_counts(s) == before
    write_csv(
        sheet,
        [
            header,
            ["Es kopi", 15_000, "", "Ukuran: Reguler, Besar, Jumbo", ""],
            ["Es kopi Jumbo", 22_000, "Es kopi", "", "Jumbo"],
        ],
    )
    with built.write() as s:
        result = import_products(s, sheet, actor=counter(s).owner)
        assert (result.created, result.updated) == (1, 1)
        parent = uuid.UUID(bytes=bytes(s.execute(text("SELECT id FROM products WHERE name = 'Es kopi'")).scalar_one()))
        grid = grid_of(s, parent)
        assert grid.rows == ("Reguler", "Besar", "Jumbo")
        assert [row[0].name if row[0] else None for row in grid.cells] == [
            "Es kopi Reguler",
            "Es kopi Besar",
            "Es kopi Jumbo",
        ]


NAMES = ["Kopi", "Gula", "Susu", "Masker", "Masker S"]
BLANK = [""] * 20  # most cells are blank, so that some sheets go in and the writes are tried too
KIND_CELLS = {
    "induk": st.sampled_from([*BLANK, *NAMES, "Tidak ada"]),
    "opsi": st.sampled_from([*BLANK, "Ukuran: S, M", "Ukuran: S, M", "Ukuran S", "Ukuran: S, S", ": x", "Warna: M/L"]),
    "nilai_opsi": st.sampled_from([*BLANK, "S", "M", "L", "S / M"]),
    "resep": st.sampled_from([*BLANK, "Gula 10", "Kopi 1; Susu 0,5", "Masker 1", "Tidak ada 2", "Gula", "Gula -1"]),
    "dibuat_pesanan": st.sampled_from([*BLANK, "ya", "tidak", "mungkin"]),
    "tambahan": st.sampled_from([*BLANK, "Gula", "Topping; Gula"]),
}
# Rows of the names above (each once: a name twice is refused before any of this is read), any cells.
SHEETS = st.lists(
    st.tuples(st.sampled_from(NAMES), *(KIND_CELLS[c] for c in KIND_CELLS)),
    min_size=1,
    max_size=len(NAMES),
    unique_by=lambda row: row[0],
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=SHEETS)
def test_any_sheet_of_variants_and_recipes_goes_in_whole_or_not_at_all(
    paths: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[str, ...]]
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    db = fresh_db(paths[0], folder)
    sheet = write_csv(
        folder / "barang.csv", [["nama", "harga_jual", *KIND_CELLS], *([r[0], 1_000, *r[1:]] for r in rows)]
    )
    try:
        with db.read() as s:
            before = row_counts(s)
        try:
            with db.write() as s:
                import_products(s, sheet, actor=counter(s).owner)
            event("imported")
        except LedgerError as err:
            assert str(err).strip()
            with db.read() as s:
                assert row_counts(s) == before  # nothing half-imported
            return
        with db.read() as s:
            edges: dict[bytes, set[bytes]] = {}
            for owner, ingredient in s.execute(text("SELECT owner_id, ingredient_id FROM recipe_lines")):
                edges.setdefault(bytes(owner), set()).add(bytes(ingredient))
            # No recipe written comes back to itself.
            for start in edges:
                seen, todo = set(), list(edges[start])
                while todo:
                    node = todo.pop()
                    assert node != start
                    if node not in seen:
                        seen.add(node)
                        todo += edges.get(node, ())
            parents = {bytes(r[0]) for r in s.execute(text("SELECT product_id FROM product_options"))}
            assert {bytes(r[0]) for r in s.execute(text("SELECT parent_id FROM product_variants"))} <= parents
            made = s.execute(text("SELECT id FROM products WHERE made_to_order")).scalars().all()
            assert all(bytes(m) in edges for m in made)  # made to order always has its recipe
    finally:
        db.dispose()
