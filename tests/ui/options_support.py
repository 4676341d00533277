"""A weaver's masks in sizes and motifs and a cafe's iced coffee with its add-ons, for the pictures and the fit
tests of the variant grid and the add-on choice. Everything goes through the core's services."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from pos.ledger.base.db import Database
from pos.ledger.base.money import MILLI, Money, Qty
from pos.ledger.books.approvals import Actor
from pos.ledger.stock import modifiers
from pos.ledger.stock.modifiers import ChoiceSpec
from pos.ledger.stock.product_records import add_product
from pos.ledger.stock.products import set_active
from pos.ledger.stock.purchases import PurchaseItem, add_supplier, receive_goods
from pos.ledger.stock.variants import Option, set_options


@dataclass(frozen=True)
class Menu:
    masker: uuid.UUID  # three sizes by three motifs; some in stock, one archived
    kopi: uuid.UUID  # a required sugar level, priced extras (up to two), optional ice


def weaver_and_cafe(db: Database, owner: Actor) -> Menu:
    with db.write() as s:
        masker = add_product(s, "Masker tenun tiga lapis", Money(25_000), cost=Money(9_000), sku="MSK")
        made = set_options(
            s, owner, masker, [Option("Ukuran", ("S", "M", "L")), Option("Motif", ("Songket", "Ikat", "Lurik"))]
        )
        supplier = add_supplier(s, "Penenun Bu Tini")
        stocked = [v for v in made if v.label not in ("L / Lurik", "S / Ikat")]
        receive_goods(
            s,
            owner,
            [PurchaseItem(v.product_id, Qty(n * MILLI), Money(n * 9_000)) for n, v in enumerate(stocked, 2)],
            supplier_id=supplier,
            paid_with="cash",
        )
        set_active(s, owner, next(v.product_id for v in made if v.label == "S / Ikat"), False)
        kopi = add_product(s, "Es kopi susu gula aren", Money(18_000))
        sugar = modifiers.save_group(
            s,
            owner,
            "Gula",
            [ChoiceSpec("Normal"), ChoiceSpec("Sedikit gula"), ChoiceSpec("Tanpa gula")],
            min_choices=1,
        )
        extras = modifiers.save_group(
            s,
            owner,
            "Tambahan",
            [ChoiceSpec("Extra shot", 5_000), ChoiceSpec("Oat milk", 6_000), ChoiceSpec("Boba", 4_000)],
            max_choices=2,
        )
        ice = modifiers.save_group(s, owner, "Es", [ChoiceSpec("Es sedikit"), ChoiceSpec("Tanpa es")])
        modifiers.offer_groups(s, owner, kopi, [sugar, extras, ice])
    return Menu(masker, kopi)
