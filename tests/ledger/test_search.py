"""Product search as a shopkeeper types: starts of names first, words anywhere, short words, codes, and pages."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests_support import copy_template

from pos.ledger.base.db import Database
from pos.ledger.base.ids import UserId
from pos.ledger.base.money import Money
from pos.ledger.books.approvals import Actor
from pos.ledger.stock.product_records import BarcodeSpec, add_product
from pos.ledger.stock.products import set_active
from pos.ledger.stock.search import count_products, search_products

OWNER = Actor(UserId(uuid.UUID(int=1)), "Bu Sri", "owner")

NAMES = (
    "Indomie Goreng Original 85 g",
    "Indomie Soto 75 g",
    "Mi Goreng Rasa Ayam 85 g",
    "Minyak Goreng Bimoli 1 l",
    "Gula Pasir 1 kg",
    "Gula Pasir 1/2 kg",
    "Gula Merah Aren 250 g",
    "Kopi Kapal Api Susu 25 g",
    "Teh Kotak 200 ml",
    "Air Mineral 600 ml",
    "Popok Bayi XL 10s",
    "Diskon 50% Sabun_Cair",
    "Sari Roti Tawar",
    "Roti Sari Gandum",
)


@pytest.fixture
def shop(db: Database) -> Database:
    with db.write() as s:
        for n, name in enumerate(NAMES, 1):
            add_product(
                s,
                name,
                Money(1_000 * n),
                sku=f"SKU-{n:03d}",
                plu=f"{n:05d}" if n == 5 else None,
                barcodes=[BarcodeSpec(f"899{n:010d}")],
            )
    return db


def names(db: Database, query: str, **kw: object) -> list[str]:
    with db.read() as s:
        return [row.name for row in search_products(s, query, **kw)]  # type: ignore[arg-type]


def test_names_starting_with_the_word_come_first_in_name_order(shop: Database) -> None:
    found = names(shop, "gula")
    assert found == ["Gula Merah Aren 250 g", "Gula Pasir 1 kg", "Gula Pasir 1/2 kg"]


def test_a_word_inside_a_name_is_found_in_any_case(shop: Database) -> None:
    # Neither starts with it: the shorter name, nearer to what was typed, comes first.
    assert names(shop, "NDOMIE") == ["Indomie Soto 75 g", "Indomie Goreng Original 85 g"]


def test_starts_of_words_rank_before_the_middle_of_a_word(shop: Database) -> None:
    # "goreng" starts a word in three names; none starts with it.
    found = names(shop, "goreng")
    assert set(found) == {"Indomie Goreng Original 85 g", "Mi Goreng Rasa Ayam 85 g", "Minyak Goreng Bimoli 1 l"}
    assert names(shop, "sari") == ["Sari Roti Tawar", "Roti Sari Gandum"]


def test_every_word_must_be_in_the_name(shop: Database) -> None:
    assert names(shop, "kopi sus") == ["Kopi Kapal Api Susu 25 g"]
    assert names(shop, "goreng ay") == ["Mi Goreng Rasa Ayam 85 g"]
    assert names(shop, "pasir 1/2") == ["Gula Pasir 1/2 kg"]


def test_one_or_two_letters_find_the_start_of_any_word(shop: Database) -> None:
    assert names(shop, "mi") == ["Mi Goreng Rasa Ayam 85 g", "Minyak Goreng Bimoli 1 l", "Air Mineral 600 ml"]
    assert names(shop, "ml") == ["Teh Kotak 200 ml", "Air Mineral 600 ml"]
    assert names(shop, "xl") == ["Popok Bayi XL 10s"]


def test_like_wildcards_typed_are_plain_characters(shop: Database) -> None:
    assert names(shop, "50%") == ["Diskon 50% Sabun_Cair"]
    assert names(shop, "n_c") == ["Diskon 50% Sabun_Cair"]
    assert names(shop, "%") == []
    assert names(shop, "_") == []


def test_digits_find_barcodes_skus_and_plus(shop: Database) -> None:
    assert names(shop, "8990000000003") == ["Mi Goreng Rasa Ayam 85 g"]
    # A barcode being typed: every product whose code starts so, in code order.
    assert names(shop, "899000000000") == list(NAMES[:9])
    assert len(names(shop, "899")) == len(NAMES)
    assert names(shop, "00005") == ["Gula Pasir 1 kg"]
    # Digits that are no code are looked for in names.
    assert names(shop, "85") == ["Mi Goreng Rasa Ayam 85 g", "Indomie Goreng Original 85 g"]


def test_archived_products_are_found_only_when_asked_for(shop: Database) -> None:
    with shop.read() as s:
        soto = search_products(s, "soto")[0]
    with shop.write() as s:
        set_active(s, OWNER, soto.id, False)
    assert names(shop, "indomie") == ["Indomie Goreng Original 85 g"]
    assert names(shop, "indomie", archived=True) == ["Indomie Soto 75 g"]


def test_pages_do_not_repeat_and_the_count_matches(shop: Database) -> None:
    for query in ("", "gula", "goreng", "g", "899", "ml", "o"):
        with shop.read() as s:
            total = count_products(s, query)
            pages = [search_products(s, query, limit=2, offset=o) for o in range(0, 40, 2)]
        found = [row.id for page in pages for row in page]
        assert len(found) == len(set(found)) == total, query


WORDS = ("gula", "Pasir", "mi", "goreng", "ML", "sari", "roti", "1", "kg", "xl", "a")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    catalogue=st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4), min_size=1, max_size=25),
    query=st.lists(st.sampled_from(WORDS), min_size=1, max_size=2),
)
@pytest.mark.slow
def test_every_name_found_holds_every_word_and_the_count_agrees(
    template_db: Path, tmp_path_factory: pytest.TempPathFactory, catalogue: list[list[str]], query: list[str]
) -> None:
    db = copy_template(template_db, tmp_path_factory)
    try:
        with db.write() as s:
            for n, words in enumerate(catalogue):
                add_product(s, f"{' '.join(words)} {n}", Money(1_000))
        typed = " ".join(query).lower()
        found = set(names(db, typed, limit=100))
        for name in found:
            assert all(w.lower() in name.lower() for w in typed.split()), (name, typed)
        with db.read() as s:
            assert count_products(s, typed) == len(found)
    finally:
        db.dispose()
