"""What the counter asks before a line goes in the cart: nothing for a plain product (and no second query for it),
the variant grid for a product that comes in options, the add-ons of the product and of the product a variant
belongs to; and a line's add-ons keep their prices when the sale moves to another channel."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from builders import add_item, counter, counter_template, ean, fresh_db, readable
from channel_support import set_up_menu
from sqlalchemy import event

from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput, NotFound
from pos.ledger.base.money import Money, Qty
from pos.ledger.channels.channels import price_for_channel
from pos.ledger.counter.cart import Cart
from pos.ledger.counter.picking import addon_groups, line_with_addons, pick_product, pick_scan, preview
from pos.ledger.stock import modifiers
from pos.ledger.stock.barcodes import DEFAULT_FORMATS
from pos.ledger.stock.modifiers import ChoiceSpec
from pos.ledger.stock.product_records import BarcodeSpec
from pos.ledger.stock.products import add_barcode, set_active
from pos.ledger.stock.variants import Option, set_options


@pytest.fixture(scope="module")
def counter_path(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return counter_template(template_db, tmp_path_factory.mktemp("counter"))


@pytest.fixture
def db(counter_path: Path, tmp_path: Path) -> Iterator[Database]:
    database = fresh_db(counter_path, tmp_path / "shop")
    yield database
    database.dispose()


def test_a_plain_products_scan_asks_nothing_and_reads_one_query(db: Database) -> None:
    with db.write() as s:
        item = add_item(s, "Teh botol", 5_000, n=1)
    seen: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append(statement)

    with db.read() as s:
        event.listen(db.engine, "before_cursor_execute", note)
        try:
            pick = pick_scan(s, ean(1), DEFAULT_FORMATS)
        finally:
            event.remove(db.engine, "before_cursor_execute", note)
    assert pick.ready and pick.line.product_id == item.id
    queries = [q for q in seen if q != "BEGIN"]  # the read transaction's own start is not a query
    assert len(queries) == 1, queries


def test_a_product_with_variants_asks_for_one_and_a_variants_barcode_does_not(db: Database) -> None:
    with db.write() as s:
        owner = counter(s).owner
        kaos = add_item(s, "Kaos", 50_000, n=2)
        red, blue = set_options(s, owner, kaos.id, [Option("Warna", ("Merah", "Biru"))])
        add_barcode(s, red.product_id, BarcodeSpec(ean(3)))
        sugar = modifiers.save_group(s, owner, "Sablon", [ChoiceSpec("Nama", 10_000)])
        modifiers.offer_groups(s, owner, kaos.id, [sugar])
    with db.read() as s:
        by_parent = pick_scan(s, f"2*{ean(2)}", DEFAULT_FORMATS)  # the product's own barcode, two of them
        assert by_parent.grid is not None and by_parent.line.qty == Qty.units(2)
        assert [c.label if c else None for row in by_parent.grid.cells for c in row] == ["Merah", "Biru"]
        by_variant = pick_scan(s, ean(3), DEFAULT_FORMATS)
        # The variant is the product sold; the product's add-on groups are offered on it too.
        assert by_variant.grid is None and by_variant.line.product_id == red.product_id
        assert [g.name for g in by_variant.groups] == ["Sablon"]
        assert addon_groups(s, blue.product_id) == by_variant.groups
        chosen = pick_product(s, blue.product_id, Qty.units(2))
        assert chosen.line.name == "Kaos Biru" and chosen.line.qty == Qty.units(2)
    with db.write() as s:
        set_active(s, counter(s).owner, blue.product_id, False)
    with db.read() as s:
        with pytest.raises(NotFound) as err:
            pick_product(s, blue.product_id)
        assert readable(err.value, "{name} is no longer sold.") == "Kaos Biru is no longer sold."
        grid = pick_product(s, kaos.id).grid
        assert grid is not None and grid.cells[1][0] is not None and not grid.cells[1][0].is_active


def test_the_preview_and_the_line_follow_the_groups_limits(db: Database) -> None:
    with db.write() as s:
        owner = counter(s).owner
        kopi = add_item(s, "Es kopi", 18_000, n=4)
        level = modifiers.save_group(s, owner, "Gula", [ChoiceSpec("Normal"), ChoiceSpec("Sedikit")], min_choices=1)
        extra = modifiers.save_group(s, owner, "Tambahan", [ChoiceSpec("Shot", 5_000)])
        modifiers.offer_groups(s, owner, kopi.id, [level, extra])
    with db.read() as s:
        pick = pick_scan(s, f"2*{ean(4)}", DEFAULT_FORMATS)
        normal, _less = (c.id for c in pick.groups[0].choices)
        shot = pick.groups[1].choices[0].id
        waiting = preview(pick.line, pick.groups, [shot])
        assert waiting.problem and waiting.total == Money(46_000)  # two coffees with a shot each, not yet allowed
        ready = preview(pick.line, pick.groups, [normal, shot], "  es   dikit ")
        assert ready.problem == "" and ready.total == Money(46_000)
        line = line_with_addons(s, pick.line, [normal, shot], "es dikit")
        assert line == ready.line and line.unit_price == Money(23_000)
        with pytest.raises(InvalidInput):
            line_with_addons(s, pick.line, [shot])  # the required sugar level left out


def test_a_lines_add_ons_keep_their_price_on_another_channel(db: Database) -> None:
    with db.write() as s:
        owner = counter(s).owner
        menu = set_up_menu(s)
        extra = modifiers.save_group(s, owner, "Tambahan", [ChoiceSpec("Telur", 4_000)])
        modifiers.offer_groups(s, owner, menu.teh.id, [extra])
    with db.read() as s:
        pick = pick_product(s, menu.teh.id)
        egg = pick.groups[0].choices[0].id
        line = line_with_addons(s, pick.line, [egg])
        on_gofood = price_for_channel(s, Cart([line]), "gofood").lines[0]
        # Es teh is Rp 6.000 on GoFood (its markup); the add-on stays Rp 4.000 on top.
        assert on_gofood.unit_price == Money(10_000) and on_gofood.options == line.options
        back = price_for_channel(s, Cart([on_gofood]), "counter").lines[0]
        assert back.unit_price == Money(9_000)
