"""`laci products options PRODUCT "Ukuran=S,M,L" ...`, `laci products variants PRODUCT` and `laci products variant
VARIANT --price ...`: a product's options, the variants their values make, and each variant's own SKU, barcode,
price and cost. Added to the `products` command's actions; every change is one transaction, or nothing."""

from __future__ import annotations

import argparse
import uuid
from typing import Any

from sqlalchemy.orm import Session

from pos.commands.common import EXIT_OK, shop_session, table
from pos.commands.product_lookup import owner, pairs, product_named
from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import MILLI, Money
from pos.ledger.stock import products
from pos.ledger.stock.product_records import BarcodeSpec, get_product
from pos.ledger.stock.variant_form import variant_rows
from pos.ledger.stock.variants import Option, options_of, parents_of, set_options


def register_actions(actions: Any) -> None:
    """Added to `laci products`."""
    options = actions.add_parser("options", help=_("give a product options such as size or colour: its variants"))
    options.add_argument("product", metavar="PRODUCT", help=_("the product's SKU, a barcode or its name"))
    options.add_argument(
        "options", metavar="OPTION=VALUES", nargs="+", help=_("an option and its values, such as 'Ukuran=S,M,L'")
    )
    options.set_defaults(handler=run_options)
    listed = actions.add_parser("variants", help=_("list a product's variants with their stock"))
    listed.add_argument("product", metavar="PRODUCT", help=_("the product's SKU, a barcode or its name"))
    listed.set_defaults(handler=run_variants)
    one = actions.add_parser("variant", help=_("set one variant's price, cost, SKU or barcode"))
    one.add_argument("variant", metavar="VARIANT", help=_("the variant's SKU, a barcode or its full name"))
    one.add_argument("--price", help=_("selling price in rupiah"))
    one.add_argument("--cost", help=_("cost in rupiah"))
    one.add_argument("--sku", help=_("its own SKU"))
    one.add_argument("--barcode", help=_("a barcode to add to it"))
    one.set_defaults(handler=run_variant)


def _listing(session: Session, parent_id: uuid.UUID) -> str:
    unit = get_product(session, parent_id).unit
    rows = [
        [r.label, r.sku, r.barcode, fmt.rupiah(r.price), fmt.rupiah(r.cost), f"{fmt.qty(r.on_hand_milli)} {unit}"]
        for r in variant_rows(session, parent_id)
    ]
    header = [_("Variant"), _("SKU"), _("Barcode"), _("Price"), _("Cost"), _("On hand")]
    return table(rows, header)


def run_options(args: argparse.Namespace) -> int:
    given = [Option(name, tuple(value.split(","))) for name, value in pairs(args.options)]
    with shop_session(args, write=True) as session:
        parent = product_named(session, args.product)
        set_options(session, owner(session), parent.id, given)
        text = _listing(session, parent.id)
    print(_("{name} now has these variants:").format(name=parent.name) + "\n\n" + text)
    return EXIT_OK


def run_variants(args: argparse.Namespace) -> int:
    with shop_session(args) as session:
        parent = product_named(session, args.product)
        options = options_of(session, parent.id)
        if not options:
            raise InvalidInput(N_("{name} has no variants."), name=parent.name)
        heading = "; ".join(f"{o.name}: {', '.join(o.values)}" for o in options)
        text = _listing(session, parent.id)
    print(f"{parent.name} ({heading})\n\n{text}")
    return EXIT_OK


def run_variant(args: argparse.Namespace) -> int:
    with shop_session(args, write=True) as session:
        variant = product_named(session, args.variant)
        if not parents_of(session, [variant.id]):
            raise InvalidInput(N_("{name} is not a variant; edit it as a product."), name=variant.name)
        edit = products.ProductEdit(
            sku=args.sku,
            price=Money.parse(args.price) if args.price is not None else None,
            cost=Money.parse(args.cost) if args.cost is not None else None,
        )
        after = products.edit_product(session, owner(session), variant.id, edit)
        if args.barcode:
            products.add_barcode(session, variant.id, BarcodeSpec(args.barcode.strip(), MILLI))
    print(
        _("{name}: price {price}, cost {cost}.").format(
            name=after.name, price=fmt.rupiah(after.price), cost=fmt.rupiah(after.cost)
        )
    )
    return EXIT_OK
