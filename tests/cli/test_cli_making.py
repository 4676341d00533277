"""`laci products options|variants|variant`, `laci addons`, `laci recipe`, `laci produce` and `laci waste` as a
shopkeeper's terminal runs them: each change shown and kept, and bad input told plainly with nothing changed."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from pathlib import Path

import pytest
from cli_support import laci
from pypdf import PdfReader
from sqlalchemy.orm import Session

from pos.i18n import _, set_language
from pos.ledger.base.ids import UserId
from pos.ledger.base.money import Money, Qty
from pos.ledger.books.approvals import Actor
from pos.ledger.people.users import add_user, list_users
from pos.ledger.schema import ProductionRun
from pos.ledger.shop.opening import init_shop, open_database
from pos.ledger.stock import modifiers, recipes, variants
from pos.ledger.stock.batches import lots, set_tracks_expiry
from pos.ledger.stock.product_records import add_product, find_by_barcode
from pos.ledger.stock.search import search_products
from pos.ledger.stock.stock_levels import adjust_stock, on_hand


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # The shop is made through the core (as `laci init` makes it): what is tested here are the commands after.
    # Made once; each test works on a copy.
    folder = tmp_path_factory.mktemp("made")
    db = open_database(folder / "laci.sqlite3")
    with db.write() as s:
        init_shop(s, "Tenun Bu Sri")
    with db.write() as s:
        owner = Actor(UserId(add_user(s, "Bu Sri", "owner", "1234")), "Bu Sri", "owner")
        for name, price, cost, unit, sku, stock in (
            ("Kain tenun ikat", 90_000, 60_000, "meter", "KAIN", 10),
            ("Benang jahit", 500, 200, "pcs", "BNG", 100),
            ("Masker tenun", 25_000, 0, "pcs", "MSK", 0),
            ("Kopi bubuk", 300, 200, "gram", "KOPI", 1000),
            ("Es kopi", 15_000, 0, "gelas", "ESK", 0),
        ):
            pid = add_product(s, name, Money(price), cost=Money(cost), unit=unit, sku=sku)
            if stock:
                adjust_stock(s, owner.user_id, pid, Qty.units(stock), "ditemukan")
    db.dispose()
    return folder


@pytest.fixture
def shop(made: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(made, tmp_path, dirs_exist_ok=True))


def owner_of(session: Session) -> Actor:
    user = next(u for u in list_users(session) if u.role == "owner")
    return Actor(user.id, user.name, "owner")


def _id(session: Session, name: str) -> uuid.UUID:
    return next(r.id for r in search_products(session, name) if r.name == name)


def test_options_make_variants_each_with_its_own_price_and_barcode(shop: Path) -> None:
    made = laci(
        "--data-dir", str(shop), "--lang", "en", "products", "options", "MSK", "Ukuran=S,M", "Motif=Sekar,Lurik"
    )
    assert made.returncode == 0, made.stderr
    assert "Masker tenun now has these variants:" in made.stdout and "M / Lurik" in made.stdout
    one = laci(
        "--data-dir", str(shop), "products", "variant", "MSK-M-LURIK", "--price", "27.500", "--barcode", "2000000000015"
    )
    assert one.returncode == 0, one.stderr
    listed = laci("--data-dir", str(shop), "--lang", "en", "products", "variants", "Masker tenun")
    assert "Ukuran: S, M; Motif: Sekar, Lurik" in listed.stdout and "Rp 27.500" in listed.stdout
    db = open_database(shop / "laci.sqlite3")
    with db.read() as s:
        hit = find_by_barcode(s, "2000000000015")
        assert hit is not None and hit.product.name == "Masker tenun M / Lurik"
        assert len(variants.variants_of(s, _id(s, "Masker tenun"))) == 4
    db.dispose()

    # A value given twice: told in Indonesian, and the options stay as they were.
    twice = laci("--data-dir", str(shop), "products", "options", "MSK", "Ukuran=S,M,s")
    assert twice.returncode == 2
    set_language("id")
    assert _("A value of the option {name} is listed twice.").format(name="Ukuran") in twice.stderr
    db = open_database(shop / "laci.sqlite3")
    with db.read() as s:
        assert [o.values for o in variants.options_of(s, _id(s, "Masker tenun"))] == [("S", "M"), ("Sekar", "Lurik")]
    db.dispose()


def test_an_add_on_group_is_saved_offered_and_refused_when_wrong(shop: Path) -> None:
    saved = laci(
        "--data-dir", str(shop), "--lang", "en", "addons", "save", "Topping", "Es krim=5000", "Cincau", "--max", "2"
    )
    assert saved.returncode == 0, saved.stderr
    offered = laci("--data-dir", str(shop), "--lang", "en", "addons", "offer", "Es kopi", "topping")
    assert offered.returncode == 0 and "Es kopi offers: Topping" in offered.stdout
    bad = laci("--data-dir", str(shop), "addons", "save", "Topping", "Boba=-3000")
    assert bad.returncode == 2
    set_language("id")
    assert _("A price cannot be negative.") in bad.stderr
    unknown = laci("--data-dir", str(shop), "addons", "offer", "Es kopi", "Gula")
    assert unknown.returncode == 3 and "Gula" in unknown.stderr  # not found
    db = open_database(shop / "laci.sqlite3")
    with db.read() as s:
        (topping,) = modifiers.all_groups(s)
        assert [(c.name, c.price) for c in topping.choices] == [("Es krim", 5_000), ("Cincau", 0)]
        assert [g.name for g in modifiers.groups_for(s, _id(s, "Es kopi"))] == ["Topping"]
    db.dispose()


def test_a_recipe_a_production_run_and_waste(shop: Path) -> None:
    put = laci("--data-dir", str(shop), "--lang", "en", "recipe", "set", "Es kopi", "KOPI=18", "--made-to-order")
    assert put.returncode == 0, put.stderr
    assert "Cost from the recipe: Rp 3.600" in put.stdout and "margin Rp 11.400" in put.stdout
    # The product in its own recipe, and a negative quantity: refused, the recipe as it was.
    for wrong, message in (
        (["ESK=1"], "A product cannot be an ingredient of itself."),
        (["KOPI=-18"], "The quantity must be more than zero."),
    ):
        result = laci("--data-dir", str(shop), "--lang", "en", "recipe", "set", "Es kopi", *wrong)
        assert result.returncode == 2 and message in result.stderr, result.stderr

    assert laci("--data-dir", str(shop), "recipe", "set", "MSK", "KAIN=0,1", "BNG=1").returncode == 0
    run = laci("--data-dir", str(shop), "--lang", "en", "produce", "MSK", "20", "--use", "KAIN=2", "--use", "BNG=24")
    assert run.returncode == 0, run.stderr
    assert "Materials worth Rp 124.800 went into the goods; Masker tenun now has 20 pcs." in run.stdout
    negative = laci("--data-dir", str(shop), "--lang", "en", "produce", "MSK", "-5")
    assert negative.returncode == 2 and "The quantity must be more than zero." in negative.stderr
    waste = laci("--data-dir", str(shop), "--lang", "en", "waste", "KAIN", "0,5", "--note", "Kena tinta")
    assert waste.returncode == 0 and "7,5 meter left" in waste.stdout, waste.stdout + waste.stderr
    # Goods that track expiry are made as a batch with the day they expire; a day not written as one is refused.
    db = open_database(shop / "laci.sqlite3")
    with db.write() as s:
        set_tracks_expiry(s, owner_of(s), _id(s, "Masker tenun"), True)
    db.dispose()
    undated = laci("--data-dir", str(shop), "--lang", "en", "produce", "MSK", "5", "--expires", "30/06/2027")
    assert undated.returncode == 2 and "is not a date" in undated.stderr, undated.stderr
    dated = laci("--data-dir", str(shop), "produce", "MSK", "5", "--expires", "2027-06-30")
    assert dated.returncode == 0, dated.stderr
    db = open_database(shop / "laci.sqlite3")
    with db.read() as s:
        kopi, masker, kain = _id(s, "Es kopi"), _id(s, "Masker tenun"), _id(s, "Kain tenun ikat")
        assert recipes.recipe_cost(s, kopi).cost == 3_600 and recipes.is_made_to_order(s, kopi)
        assert (on_hand(s, masker), on_hand(s, kain)) == (25_000, 7_000)
        assert [lot.expires_on for lot in lots(s, [masker])[masker]] == [dt.date(2027, 6, 30)]
        assert s.query(ProductionRun).count() == 2
    db.dispose()


def test_a_catalogue_shows_a_product_with_variants_as_one_card_from_its_lowest_price(shop: Path) -> None:
    folder = str(shop)
    assert laci("--data-dir", folder, "products", "options", "MSK", "Ukuran=S,M", "Motif=Sekar,Lurik").returncode == 0
    assert laci("--data-dir", folder, "products", "variant", "MSK-S-SEKAR", "--price", "22.500").returncode == 0
    codes = shop / "codes.txt"
    codes.write_text("MSK\nMSK-M-LURIK\nKAIN\n", encoding="utf-8")  # the product, one of its variants, a plain one
    args = ("catalogue", "--out", str(shop / "out"), "--format", "pdf", "--products-file", str(codes))
    made = laci("--data-dir", folder, "--lang", "en", *args, "--channel", "counter")
    assert made.returncode == 0, made.stderr
    assert "A catalogue of 2 products" in made.stdout  # the variant is on its product's card
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(shop / "out" / "catalogue.pdf").pages)
    assert "Masker tenun" in text and "Masker tenun M / Lurik" not in text
    assert "from Rp 22.500" in text and "S, M · Sekar, Lurik" in text
