"""Products that are more than one thing, through the sync service between counters.

Variants, add-on lists and their prices, recipes and a product's consignment terms are the owner's: set at the
owner's counter, refused where a cashier's counter types them, refused by the service from a counter device, and
refused again by every counter should an older service have let them through. What a cashier records at the
counter (goods received in expiring batches, a production run, a write-off, a consignor's goods received and
settled, a supplier paid, and a sale of drinks with add-ons and of consigned goods) travels to the other counter
and is neither refused nor set aside.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from rogue import Rogue, enrol_rogue
from server import ThreadServer
from shops import Shop, shop_with_counters, sync_all
from sqlalchemy import text
from trust_support import store_as_an_older_service_did

from pos.cloud.auth import authenticate
from pos.cloud.db import CloudDB
from pos.ledger.base.db import Database
from pos.ledger.base.errors import NotAllowed
from pos.ledger.base.money import MILLI, Money, Qty
from pos.ledger.books.check import check_books
from pos.ledger.counter.cart import Cart, line_for_product
from pos.ledger.counter.line_choices import with_choices
from pos.ledger.counter.payments import cash
from pos.ledger.replication import quarantine
from pos.ledger.selling.sales import ppn_rule, ring_up
from pos.ledger.shop import settings
from pos.ledger.stock import modifiers
from pos.ledger.stock.batches import lots, set_tracks_expiry, write_off
from pos.ledger.stock.consignment import receive_consigned, set_consigned, settle
from pos.ledger.stock.modifiers import ChoiceSpec, choose, groups_for
from pos.ledger.stock.product_records import add_product, get_product
from pos.ledger.stock.production import produce
from pos.ledger.stock.purchases import PurchaseItem, add_supplier, pay_supplier, receive_goods
from pos.ledger.stock.recipes import Ingredient, set_made_to_order, set_recipe
from pos.ledger.stock.variants import Option, set_options
from pos.sync.client import SyncClient

# The tables this kind of shop adds, as every counter must hold them once all events have arrived.
NEW_TABLES = {
    "product_options": 'SELECT hex(id), hex(product_id), position, name, "values" FROM product_options',
    "product_variants": 'SELECT hex(product_id), hex(parent_id), "values", position FROM product_variants',
    "modifier_groups": "SELECT hex(id), name, min_choices, max_choices, is_active FROM modifier_groups",
    "modifiers": "SELECT hex(id), hex(group_id), name, price, is_active FROM modifiers",
    "product_modifier_groups": "SELECT hex(id), hex(product_id), hex(group_id), position FROM product_modifier_groups",
    "recipe_lines": "SELECT hex(id), hex(owner_id), hex(ingredient_id), qty_milli FROM recipe_lines",
    "products": "SELECT hex(id), made_to_order, tracks_expiry, hex(consignor_id), consign_price, consign_bp "
    "FROM products",
    "stock_batches": "SELECT hex(id), hex(product_id), batch_no, expires_on, hex(source_id) FROM stock_batches",
    "production_runs": "SELECT hex(id), hex(product_id), qty_milli, value FROM production_runs",
    "consignments": "SELECT hex(id), kind, hex(consignor_id), paid FROM consignments",
    "consignment_lines": "SELECT hex(consignment_id), line_no, hex(product_id), qty_milli FROM consignment_lines",
    "sale_line_options": "SELECT hex(sale_id), line_no, position, kind, name, price FROM sale_line_options",
    "sale_line_parts": "SELECT hex(sale_id), line_no, part_no, hex(product_id), qty_milli, cost FROM sale_line_parts",
    "sale_line_consignments": "SELECT hex(sale_id), line_no, hex(consignor_id), owed, commission "
    "FROM sale_line_consignments",
    "movements": "SELECT hex(id), qty_milli, value, hex(batch_id), reason FROM stock_movements",
    "party_payments": "SELECT hex(id), amount FROM party_payments",
    "stock": "SELECT hex(product_id), qty_milli, value FROM stock_levels",
    "journal": "SELECT hex(id), hash FROM journal_entries",
}


def new_tables(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    with db.read() as s:
        return {name: sorted(tuple(r) for r in s.execute(text(sql))) for name, sql in NEW_TABLES.items()}


@dataclass(frozen=True, slots=True)
class Cafe:
    beans: uuid.UUID
    milk: uuid.UUID
    latte: uuid.UUID  # made to order from beans and milk, offered with priced extras
    cookies: uuid.UUID  # baked in batches that expire
    kaos: uuid.UUID  # in sizes
    keripik: uuid.UUID  # a neighbour's, on consignment
    grosir: uuid.UUID  # the supplier
    tini: uuid.UUID  # the consignor
    extras: uuid.UUID


def set_up_at_the_owners_counter(shop: Shop) -> Cafe:
    owner = shop.owner
    with shop.counters[0].write() as s:
        beans = add_product(s, "Biji kopi", Money(0), unit="g")
        milk = add_product(s, "Susu segar", Money(0), unit="ml")
        latte = add_product(s, "Es kopi susu", Money(18_000))
        cookies = add_product(s, "Kue kering", Money(3_000))
        kaos = add_product(s, "Kaos Laci", Money(60_000))
        keripik = add_product(s, "Keripik Bu Tini", Money(2_000))
        grosir = add_supplier(s, "Toko Grosir")
        tini = add_supplier(s, "Bu Tini")
        set_recipe(s, owner, latte, [Ingredient(beans, 18 * MILLI), Ingredient(milk, 150 * MILLI)])
        set_made_to_order(s, owner, latte, True)
        set_recipe(s, owner, cookies, [Ingredient(beans, 5 * MILLI), Ingredient(milk, 20 * MILLI)])
        set_tracks_expiry(s, owner, cookies, True)
        set_tracks_expiry(s, owner, milk, True)
        extras = modifiers.save_group(
            s, owner, "Tambahan", [ChoiceSpec("Extra shot", 5_000), ChoiceSpec("Oat milk", 6_000)], max_choices=2
        )
        shot = next(c for c in modifiers.all_groups(s)[0].choices if c.name == "Extra shot")
        set_recipe(s, owner, shot.id, [Ingredient(beans, 18 * MILLI)])
        modifiers.offer_groups(s, owner, latte, [extras])
        set_options(s, owner, kaos, [Option("Ukuran", ("S", "M", "L"))])
        set_consigned(s, owner, keripik, tini, price=1_500)
    return Cafe(beans, milk, latte, cookies, kaos, keripik, grosir, tini, extras)


def test_what_a_cashier_records_travels_and_nothing_is_refused_or_set_aside(
    tmp_path: Path, cloud_db: CloudDB, service: ThreadServer
) -> None:
    shop = shop_with_counters(tmp_path, cloud_db, service.url, 2)
    cafe = set_up_at_the_owners_counter(shop)
    sync_all(shop)
    cashier_counter = shop.counters[1]
    shop_id = authenticate(cloud_db, _token(cashier_counter)).shop_id
    with cloud_db.transaction(shop_id) as conn:
        row = conn.execute("SELECT last_seq FROM shops WHERE shop_id = %s", (shop_id,)).fetchone()
        assert row is not None
        set_up = int(row[0])  # a new counter's own settings from before it joined are refused: not ours to judge
    today = dt.date.today()
    with cashier_counter.write() as s:
        receive_goods(
            s,
            shop.owner,
            [
                PurchaseItem(cafe.beans, Qty(1_000 * MILLI), Money(250_000)),
                PurchaseItem(cafe.milk, Qty(5_000 * MILLI), Money(100_000), today + dt.timedelta(days=5), "S-17"),
            ],
            supplier_id=cafe.grosir,
            paid_with="credit",
            due_on=today + dt.timedelta(days=14),
        )
        produce(s, shop.owner, cafe.cookies, Qty.units(20), expires_on=today + dt.timedelta(days=10), batch_no="K1")
        cookies_batch = lots(s, [cafe.cookies])[cafe.cookies][0].batch_id
        assert cookies_batch is not None
        write_off(s, shop.owner.user_id, cookies_batch, "rusak", qty=Qty.units(2))
        receive_consigned(s, shop.owner, cafe.tini, {cafe.keripik: Qty.units(10)})
        groups = groups_for(s, cafe.latte)
        shot = [c.id for g in groups for c in g.choices if c.name == "Extra shot"]
        two_lattes = line_for_product(get_product(s, cafe.latte), Qty.units(2))
        latte = with_choices(two_lattes, choose(groups, shot, "es dikit"))
        cart = Cart([latte, line_for_product(get_product(s, cafe.keripik), Qty.units(4))])
        cart.add(line_for_product(get_product(s, cafe.cookies), Qty.units(3)))
        due = cart.priced(ppn_rule(settings.load(s))).exact_due
        ring_up(s, shop.owner, cart, [cash(due)])
        settle(s, shop.owner, cafe.tini, returns={cafe.keripik: Qty.units(1)})
        pay_supplier(s, shop.owner, cafe.grosir, Money(100_000))
    reports = []
    for _ in range(2):
        for counter in shop.counters:
            with SyncClient(counter) as client:
                reports.append(client.sync())
    assert all(not r.rejected for r in reports), [r.rejected for r in reports]
    with cloud_db.transaction(shop_id) as conn:
        stored = conn.execute("SELECT kind, rejected FROM events WHERE server_seq > %s", (set_up,)).fetchall()
    kinds = {str(kind) for kind, _why in stored}
    refused = [why for kind, why in stored if kind == "refused"]
    assert not refused, refused
    assert {"stock.produced", "stock.consigned", "stock.consignment_settled", "party.paid"} <= kinds
    for db in shop.counters:
        with db.read() as s:
            assert quarantine.summary(s).held == 0
            assert [i for i in quarantine.items(s) if i.server_seq > set_up] == []
            assert check_books(s).ok, [str(p) for p in check_books(s).problems]
    there, here = (new_tables(db) for db in shop.counters)
    assert there == here
    for table in ("stock_batches", "production_runs", "consignment_lines", "sale_line_options", "sale_line_parts"):
        assert here[table], table
    assert len(here["consignments"]) == 2 and len(here["sale_line_consignments"]) == 1
    assert [row[4] for row in here["sale_line_options"]] == ["Extra shot", "es dikit"]


def _token(db: Database) -> str:
    with db.read() as s:
        return str(s.execute(text("SELECT value FROM sync_state WHERE key = 'token'")).scalar_one())


def owners_changes(rogue: Rogue, cafe: Cafe) -> dict[str, tuple[str, dict[str, Any]]]:
    """What a cashier's counter would send to change the menu, its prices and what goes into it."""
    change = rogue.change
    return {
        "a free add-on": change(
            "modifiers", uuid.uuid4().hex, {"group_id": cafe.extras.hex, "name": "Gratis", "price": 0}
        ),
        "a new add-on list": change(
            "modifier_groups", uuid.uuid4().hex, {"name": "Bonus", "min_choices": 0, "max_choices": 1}
        ),
        "an add-on offered": change(
            "product_modifier_groups", uuid.uuid4().hex, {"product_id": cafe.keripik.hex, "group_id": cafe.extras.hex}
        ),
        "a recipe": change(
            "recipe_lines",
            uuid.uuid4().hex,
            {"owner_id": cafe.latte.hex, "ingredient_id": cafe.beans.hex, "qty_milli": 1},
        ),
        "a variant": change(
            "product_variants", cafe.keripik.hex, {"parent_id": cafe.kaos.hex, "values": '["XL"]', "deleted": False}
        ),
        "an option": change(
            "product_options", uuid.uuid4().hex, {"product_id": cafe.kaos.hex, "name": "Warna", "values": '["Merah"]'}
        ),
        "made to order": change("products", cafe.cookies.hex, {"made_to_order": True}),
        "consignment terms": change("products", cafe.keripik.hex, {"consign_price": 1}),
    }


def test_the_menu_and_its_recipes_are_the_owners(tmp_path: Path, cloud_db: CloudDB, service: ThreadServer) -> None:
    shop = shop_with_counters(tmp_path, cloud_db, service.url, 3)
    cafe = set_up_at_the_owners_counter(shop)
    sync_all(shop)
    before = [new_tables(db) for db in shop.counters]
    # Where it is typed, a cashier's counter says the change is made at the owner's.
    cashiers = shop.counters[1]
    with pytest.raises(NotAllowed, match="kasir pemilik"), cashiers.write() as s:
        set_recipe(s, shop.owner, cafe.latte, [Ingredient(cafe.beans, MILLI)])
    with pytest.raises(NotAllowed, match="kasir pemilik"), cashiers.write() as s:
        modifiers.save_group(s, shop.owner, "Bonus", [ChoiceSpec("Gratis")])
    with pytest.raises(NotAllowed, match="kasir pemilik"), cashiers.write() as s:
        set_options(s, shop.owner, cafe.kaos, [Option("Warna", ("Merah",))])
    with pytest.raises(NotAllowed, match="kasir pemilik"), cashiers.write() as s:
        set_consigned(s, shop.owner, cafe.keripik, cafe.tini, price=1)
    # The service refuses them from a counter device, with the reason.
    rogue = enrol_rogue(shop.counters[0], service.url)
    tried = owners_changes(rogue, cafe)
    answer = rogue.push(*tried.values())
    assert answer.status_code == 200
    reasons = {r["device_seq"]: r["reason"] for r in answer.json()["rejected"]}
    assert len(reasons) == len(tried), reasons
    assert all("owner's device" in reason for reason in reasons.values()), reasons
    # An older service stored them as if accepted: every counter refuses them again.
    again = owners_changes(rogue, cafe)
    store_as_an_older_service_did(cloud_db, rogue, again.values(), after_device_seq=rogue.seq)
    sync_all(shop)
    assert [new_tables(db) for db in shop.counters] == before
    for db in shop.counters:
        with db.read() as s:
            # What the service refused is shown as refused; what it let through, the counter refused itself.
            found = [i for i in quarantine.items(s) if i.device == "R" and i.kind == "change"]
            assert quarantine.summary(s).held == 0 and check_books(s).ok
        assert len(found) == len(again) and {i.status for i in found} == {quarantine.REFUSED}
