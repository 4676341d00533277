"""The catalogue's read side: choosing products (by category, by code, the saved selection) and the wa.me link."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from pos import i18n
from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput, NotFound
from pos.ledger.base.ids import UserId
from pos.ledger.base.money import Money
from pos.ledger.books.approvals import Actor
from pos.ledger.channels import catalogue
from pos.ledger.channels.channels import set_channel_price
from pos.ledger.people.users import add_user
from pos.ledger.shop import settings
from pos.ledger.stock import product_records, variants
from pos.ledger.stock.pictures import picture_path
from pos.ledger.stock.product_records import BarcodeSpec
from pos.ledger.stock.products import ProductEdit, add_category, edit_product, set_active, set_category


@dataclass
class Shelf:
    owner: Actor
    ids: Mapping[str, uuid.UUID]


@pytest.fixture
def shelf(db: Database) -> Shelf:
    """Warung Bu Sri with five products in two categories and one with none; one has a SKU, one a PLU."""
    with db.write() as s:
        owner = Actor(UserId(add_user(s, "Bu Sri", "owner", "2468")), "Bu Sri", "owner")
        settings.put(s, "shop.phone", "0812-2645-7781")
        settings.put(s, "shop.address", "Jl. Diponegoro No. 27, Ungaran")
        drinks, noodles = add_category(s, "Minuman"), add_category(s, "Mi instan")
        ids = {
            "teh": product_records.add_product(
                s, "Teh Kotak 300 ml", Money(5_000), barcodes=[BarcodeSpec("8992657000026")]
            ),
            "air": product_records.add_product(s, "Air Mineral 600 ml", Money(3_500), sku="AIR-600"),
            "goreng": product_records.add_product(
                s, "Mi Goreng Sate 85 g", Money(4_000), barcodes=[BarcodeSpec("899598")]
            ),
            "kuah": product_records.add_product(s, "Mi Kuah Baso 70 g", Money(3_000)),
            "gula": product_records.add_product(s, "Gula Pasir Curah", Money(17_500), plu="00101", unit="kg"),
        }
        for key in ("teh", "air"):
            set_category(s, ids[key], drinks)
        for key in ("goreng", "kuah"):
            set_category(s, ids[key], noodles)
    return Shelf(owner, ids)


def test_whatsapp_link_carries_the_ready_message() -> None:
    link = catalogue.whatsapp_link("0812-2645-7781", "Halo, saya mau pesan")
    assert link == "https://wa.me/6281226457781?text=Halo%2C%20saya%20mau%20pesan"
    assert catalogue.whatsapp_link("", "Halo") == ""


def test_catalogue_has_the_shop_its_link_in_the_catalogues_language_and_groups_by_category(
    db: Database, shelf: Shelf
) -> None:
    ids = shelf.ids
    with db.read() as s:
        made = catalogue.build_catalogue(s, db.path.parent, [ids["goreng"], ids["teh"], ids["kuah"], ids["gula"]])
        english = catalogue.build_catalogue(s, db.path.parent, [ids["teh"]], lang="en")
    assert (made.shop_name, made.address, made.phone) == (
        "Warung Bu Sri",
        "Jl. Diponegoro No. 27, Ungaran",
        "0812-2645-7781",
    )
    assert made.whatsapp == "https://wa.me/6281226457781?text=Halo%2C%20saya%20mau%20pesan"
    assert english.whatsapp.endswith("?text=Hello%2C%20I%20would%20like%20to%20order")
    # Mi instan came first, so it stays first, its two products together; the product with no category is last.
    assert [(i.category, i.name) for i in made.items] == [
        ("Mi instan", "Mi Goreng Sate 85 g"),
        ("Mi instan", "Mi Kuah Baso 70 g"),
        ("Minuman", "Teh Kotak 300 ml"),
        ("", "Gula Pasir Curah"),
    ]
    assert [name for name, _ in made.sections()] == ["Mi instan", "Minuman", ""]
    gula = made.items[-1]
    assert (gula.price, gula.unit, gula.picture) == (Money(17_500), "kg", None)


def test_a_shop_without_a_phone_has_no_ordering_link(db: Database, shelf: Shelf) -> None:
    with db.write() as s:
        settings.put(s, "shop.phone", "")
        made = catalogue.build_catalogue(s, db.path.parent, [shelf.ids["teh"]])
    assert made.whatsapp == ""


def test_an_item_shows_its_picture_when_the_file_is_there(db: Database, shelf: Shelf) -> None:
    path = picture_path(db.path.parent, shelf.ids["teh"], ".png")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"drawn elsewhere")
    with db.read() as s:
        made = catalogue.build_catalogue(s, db.path.parent, [shelf.ids["teh"], shelf.ids["air"]])
    assert [i.picture for i in made.items] == [path, None]


def test_products_by_code_accepts_skus_barcodes_and_scale_codes_in_the_order_given(db: Database, shelf: Shelf) -> None:
    with db.read() as s:
        found = catalogue.products_by_codes(s, ["00101", " AIR-600 ", "8992657000026", "AIR-600"])
    assert found == [shelf.ids["gula"], shelf.ids["air"], shelf.ids["teh"]]


def test_unknown_codes_are_all_named_in_the_shops_language(db: Database, shelf: Shelf) -> None:
    with db.read() as s, pytest.raises(NotFound) as refused:
        catalogue.products_by_codes(s, ["AIR-600", "123", "XYZ"])
    assert str(refused.value) == "Tidak ada barang dengan kode 123, XYZ."
    i18n.set_language("en")
    assert str(refused.value) == "No product has the code 123, XYZ."


def test_a_category_gives_its_products_on_sale_by_name_whatever_the_letter_case(db: Database, shelf: Shelf) -> None:
    with db.write() as s:
        set_active(s, shelf.owner, shelf.ids["kuah"], False)
        chosen = catalogue.products_in_categories(s, ["minuman", "MI INSTAN"])
    assert chosen == [shelf.ids["air"], shelf.ids["teh"], shelf.ids["goreng"]]


def test_an_unknown_category_is_refused(db: Database, shelf: Shelf) -> None:
    with db.read() as s, pytest.raises(NotFound, match="Tidak ada kategori bernama 'Rokok'"):
        catalogue.products_in_categories(s, ["Minuman", "Rokok"])


def test_all_products_lists_those_on_sale_by_category_with_the_uncategorised_last(db: Database, shelf: Shelf) -> None:
    with db.write() as s:
        set_active(s, shelf.owner, shelf.ids["air"], False)
        everything = catalogue.all_products(s)
    assert everything == [shelf.ids[k] for k in ("goreng", "kuah", "teh", "gula")]


def test_the_saved_selection_keeps_its_order_and_leaves_out_products_no_longer_on_sale(
    db: Database, shelf: Shelf
) -> None:
    ids = shelf.ids
    with db.write() as s:
        assert catalogue.saved_selection(s) == []
        kept = catalogue.save_selection(s, [ids["gula"], ids["teh"], ids["gula"], ids["goreng"]])
    assert kept == [ids["gula"], ids["teh"], ids["goreng"]]
    with db.write() as s:
        set_active(s, shelf.owner, ids["teh"], False)
    with db.read() as s:
        assert catalogue.saved_selection(s) == [ids["gula"], ids["goreng"]]
        assert list(settings.load(s).catalogue_products) == [str(ids[k]) for k in ("gula", "teh", "goreng")]


def test_saving_a_product_not_on_sale_is_refused_and_keeps_the_old_selection(db: Database, shelf: Shelf) -> None:
    ids = shelf.ids
    with db.write() as s:
        catalogue.save_selection(s, [ids["air"]])
        set_active(s, shelf.owner, ids["kuah"], False)
    for bad in ([ids["teh"], ids["kuah"]], [ids["teh"], uuid.uuid4()]):
        with pytest.raises(InvalidInput, match="Hanya barang yang masih dijual"), db.write() as s:
            catalogue.save_selection(s, bad)
    with db.read() as s:
        assert catalogue.saved_selection(s) == [ids["air"]]


def test_a_catalogue_of_nothing_on_sale_is_refused(db: Database, shelf: Shelf) -> None:
    with db.write() as s:
        set_active(s, shelf.owner, shelf.ids["teh"], False)
        with pytest.raises(InvalidInput, match="Tidak ada barang yang dijual"):
            catalogue.build_catalogue(s, Path(db.path.parent), [shelf.ids["teh"], uuid.uuid4()])


# --- products with variants -----------------------------------------------------------------------------------


@pytest.fixture
def kaos(db: Database, shelf: Shelf) -> dict[str, uuid.UUID]:
    """A T-shirt in three sizes and two colours: L costs more, and WhatsApp has its own price for S / Biru."""
    with db.write() as s:
        parent = product_records.add_product(s, "Kaos Tenun", Money(999_000))  # the parent's price is never paid
        made = variants.set_options(
            s,
            shelf.owner,
            parent,
            [variants.Option("Ukuran", ("S", "M", "L")), variants.Option("Warna", ("Merah", "Biru"))],
        )
        ids = {v.label: v.product_id for v in made}
        for label, price in (("S / Merah", 85_000), ("S / Biru", 85_000), ("M / Merah", 85_000)):
            edit_product(s, shelf.owner, ids[label], ProductEdit(price=Money(price)))
        for label in ("M / Biru", "L / Merah", "L / Biru"):
            edit_product(s, shelf.owner, ids[label], ProductEdit(price=Money(95_000)))
        set_channel_price(s, shelf.owner, "whatsapp", ids["S / Biru"], Money(80_000))
    return {"parent": parent, **ids}


def test_a_product_with_variants_is_one_card_from_its_lowest_channel_price_with_its_options(
    db: Database, shelf: Shelf, kaos: dict[str, uuid.UUID]
) -> None:
    with db.read() as s:
        # Chosen with two of its variants: they fold into its card rather than showing three times.
        made = catalogue.build_catalogue(
            s, db.path.parent, [shelf.ids["teh"], kaos["M / Biru"], kaos["parent"], kaos["S / Merah"]]
        )
        counter = catalogue.build_catalogue(s, db.path.parent, [kaos["parent"]], channel="counter")
    assert [(i.name, i.price, i.from_price, i.options) for i in made.items] == [
        ("Teh Kotak 300 ml", Money(5_000), False, ""),
        ("Kaos Tenun", Money(80_000), True, "S, M, L · Merah, Biru"),  # WhatsApp's own price for S / Biru
    ]
    assert (counter.items[0].price, counter.items[0].from_price) == (Money(85_000), True)
    # The catalogue tab lists the product at its card's price, and a variant at its own.
    with db.read() as s:
        listed = catalogue.card_prices(s, "whatsapp", [kaos["parent"], shelf.ids["teh"], kaos["L / Biru"]])
    assert listed == {kaos["parent"]: Money(80_000), shelf.ids["teh"]: Money(5_000), kaos["L / Biru"]: Money(95_000)}


def test_a_variant_chosen_without_its_product_is_a_card_of_its_own(
    db: Database, shelf: Shelf, kaos: dict[str, uuid.UUID]
) -> None:
    with db.read() as s:
        made = catalogue.build_catalogue(s, db.path.parent, [kaos["L / Biru"]])
    assert [(i.name, i.price, i.from_price, i.options) for i in made.items] == [
        ("Kaos Tenun L / Biru", Money(95_000), False, "")
    ]


def test_archived_variants_leave_the_card_and_a_product_with_none_left_has_no_card(
    db: Database, shelf: Shelf, kaos: dict[str, uuid.UUID]
) -> None:
    with db.write() as s:
        for label in ("S / Merah", "S / Biru", "M / Merah"):  # every 85.000 one, and with them all of S
            set_active(s, shelf.owner, kaos[label], False)
        made = catalogue.build_catalogue(s, db.path.parent, [kaos["parent"]])
        assert [(i.price, i.from_price, i.options) for i in made.items] == [
            (Money(95_000), False, "M, L · Merah, Biru")
        ]
        for label in ("M / Biru", "L / Merah", "L / Biru"):
            set_active(s, shelf.owner, kaos[label], False)
        # The product still says it is on sale, but there is nothing of it to sell: no card, and alone no catalogue.
        made = catalogue.build_catalogue(s, db.path.parent, [kaos["parent"], shelf.ids["air"]])
        assert [i.name for i in made.items] == ["Air Mineral 600 ml"]
        with pytest.raises(InvalidInput, match="Tidak ada barang yang dijual"):
            catalogue.build_catalogue(s, db.path.parent, [kaos["parent"]])
        assert catalogue.card_prices(s, "whatsapp", [kaos["parent"]]) == {}


def test_a_variant_whose_product_was_archived_is_still_on_sale_on_its_own(
    db: Database, shelf: Shelf, kaos: dict[str, uuid.UUID]
) -> None:
    with db.write() as s:
        assert kaos["M / Merah"] not in catalogue.all_products(s)  # shown on its product's card
        set_active(s, shelf.owner, kaos["parent"], False)
        for label in ("S / Merah", "S / Biru", "M / Biru", "L / Merah", "L / Biru"):
            set_active(s, shelf.owner, kaos[label], False)
        everything = catalogue.all_products(s)
        made = catalogue.build_catalogue(s, db.path.parent, [kaos["parent"], kaos["M / Merah"]])
    assert kaos["parent"] not in everything and kaos["M / Merah"] in everything
    assert [(i.name, i.price, i.options) for i in made.items] == [("Kaos Tenun M / Merah", Money(85_000), "")]


def test_all_products_gives_a_product_with_variants_once(
    db: Database, shelf: Shelf, kaos: dict[str, uuid.UUID]
) -> None:
    with db.read() as s:
        everything = catalogue.all_products(s)
        made = catalogue.build_catalogue(s, db.path.parent, everything)
    ids = {**shelf.ids, "kaos": kaos["parent"]}
    assert everything == [ids[k] for k in ("goreng", "kuah", "air", "teh", "gula", "kaos")]
    assert [i.name for i in made.items].count("Kaos Tenun") == 1
    assert not any(i.name.startswith("Kaos Tenun ") for i in made.items)
