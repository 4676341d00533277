"""`laci recipe`, `laci produce` and `laci waste`: what a product is made of and what it costs from that, goods
made from materials, and goods thrown away. Each change is one transaction, or nothing.

laci recipe show PRODUCT                                     the ingredients, the cost and the margin
laci recipe set PRODUCT INGREDIENT=QTY... [--made-to-order]  the recipe of one unit, in each ingredient's unit
laci recipe clear PRODUCT                                    no recipe (and no longer made to order)
laci produce PRODUCT QTY [--use MATERIAL=QTY ...]            a production run: the recipe's materials, or these
             [--expires DATE]                                 (the day they expire, for goods that track expiry)
laci waste PRODUCT QTY --reason terbuang|rusak|kedaluwarsa   goods out of stock, booked as a loss
"""

from __future__ import annotations

import argparse
import uuid
from typing import Any, Final

from sqlalchemy.orm import Session

from pos.commands.common import EXIT_OK, shop_session, table
from pos.commands.product_lookup import owner, pairs, product_named
from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Qty
from pos.ledger.base.period import parse_date
from pos.ledger.stock.product_records import get_product
from pos.ledger.stock.production import produce
from pos.ledger.stock.recipes import Ingredient, is_made_to_order, recipe_cost, set_made_to_order, set_recipe
from pos.ledger.stock.stock_levels import adjust_stock, on_hand

WASTE_REASONS: Final = ("terbuang", "rusak", "kedaluwarsa")
_PRODUCT_HELP: Final = N_("the product's SKU, a barcode or its name")


def register(sub: Any) -> None:
    recipe = sub.add_parser("recipe", help=_("what a product is made of, and its cost from that"))
    what = recipe.add_subparsers(dest="recipe_command", metavar="ACTION", required=True)
    show = what.add_parser("show", help=_("the recipe with its cost and margin"))
    show.add_argument("product", metavar="PRODUCT", help=_(_PRODUCT_HELP))
    show.set_defaults(handler=run_show)
    put = what.add_parser("set", help=_("give a product its recipe (one unit's ingredients)"))
    put.add_argument("product", metavar="PRODUCT", help=_(_PRODUCT_HELP))
    put.add_argument(
        "ingredients",
        metavar="INGREDIENT=QTY",
        nargs="+",
        help=_("an ingredient and how much of its own unit one unit uses, such as 'Susu segar=150'"),
    )
    made = put.add_mutually_exclusive_group()
    made.add_argument("--made-to-order", action="store_true", help=_("a sale takes the ingredients from stock"))
    made.add_argument("--stocked", action="store_true", help=_("made ahead and kept in stock (the default)"))
    put.set_defaults(handler=run_set)
    clear = what.add_parser("clear", help=_("remove a product's recipe"))
    clear.add_argument("product", metavar="PRODUCT", help=_(_PRODUCT_HELP))
    clear.set_defaults(handler=run_clear)

    made_run = sub.add_parser("produce", help=_("book goods made from materials (a production run)"))
    made_run.add_argument("product", metavar="PRODUCT", help=_(_PRODUCT_HELP))
    made_run.add_argument("qty", metavar="QTY", help=_("how many were made"))
    made_run.add_argument(
        "--use",
        metavar="MATERIAL=QTY",
        action="append",
        default=[],
        help=_("a material really used (repeat it); without any, the recipe's materials for QTY"),
    )
    made_run.add_argument("--note", default="", help=_("a note kept with the run"))
    made_run.add_argument(
        "--expires", metavar="DATE", help=_("the day the goods expire (YYYY-MM-DD), for goods that track expiry")
    )
    made_run.set_defaults(handler=run_produce)

    waste = sub.add_parser("waste", help=_("take wasted, damaged or expired goods out of stock"))
    waste.add_argument("product", metavar="PRODUCT", help=_(_PRODUCT_HELP))
    waste.add_argument("qty", metavar="QTY", help=_("how much, in the product's unit"))
    waste.add_argument("--reason", choices=WASTE_REASONS, default="terbuang", help=_("why (default: terbuang)"))
    waste.add_argument("--note", default="", help=_("what happened"))
    waste.set_defaults(handler=run_waste)


def _ingredients(session: Session, texts: list[str]) -> list[Ingredient]:
    out = []
    for name, qty in pairs(texts):
        out.append(Ingredient(product_named(session, name).id, Qty.parse(qty).milli))
    return out


def _recipe_text(session: Session, product_id: uuid.UUID) -> str:
    figures = recipe_cost(session, product_id)
    if not figures.ingredients:
        return _("{name} has no recipe.").format(name=figures.name)
    rows = [[x.name, f"{fmt.qty(x.qty_milli)} {x.unit}", fmt.rupiah(x.cost)] for x in figures.ingredients]
    text = table(rows, [_("Ingredient"), _("Quantity"), _("Cost")])
    made = _("made to order") if is_made_to_order(session, product_id) else _("made ahead and stocked")
    return (
        f"{figures.name} ({made})\n\n{text}\n\n"
        + _("Cost from the recipe: {amount}").format(amount=fmt.rupiah(figures.cost))
        + "\n"
        + _("Price {price}, margin {margin}").format(price=fmt.rupiah(figures.price), margin=fmt.rupiah(figures.margin))
    )


def run_show(args: argparse.Namespace) -> int:
    with shop_session(args) as session:
        print(_recipe_text(session, product_named(session, args.product).id))
    return EXIT_OK


def run_set(args: argparse.Namespace) -> int:
    with shop_session(args, write=True) as session:
        product = product_named(session, args.product)
        actor = owner(session)
        set_recipe(session, actor, product.id, _ingredients(session, args.ingredients))
        set_made_to_order(session, actor, product.id, args.made_to_order)
        text = _recipe_text(session, product.id)
    print(text)
    return EXIT_OK


def run_clear(args: argparse.Namespace) -> int:
    with shop_session(args, write=True) as session:
        product = product_named(session, args.product)
        set_recipe(session, owner(session), product.id, [])
    print(_("{name} has no recipe.").format(name=product.name))
    return EXIT_OK


def _positive(text: str) -> Qty:
    qty = Qty.parse(text)
    if qty.milli <= 0:
        raise InvalidInput(N_("The quantity must be more than zero."))
    return qty


def run_produce(args: argparse.Namespace) -> int:
    qty = _positive(args.qty)
    with shop_session(args, write=True) as session:
        product = product_named(session, args.product)
        used = _ingredients(session, args.use) if args.use else None
        expires_on = parse_date(args.expires) if args.expires else None
        result = produce(session, owner(session), product.id, qty, used, note=args.note, expires_on=expires_on)
        names = {m.product_id: get_product(session, m.product_id).name for m in result.materials}
        stock = on_hand(session, product.id)
    lines = [[names[m.product_id], fmt.qty(m.qty_milli)] for m in result.materials]
    print(
        _("Made {qty} {unit} of {name} from:").format(qty=fmt.qty(qty.milli), unit=product.unit, name=product.name)
        + "\n\n"
        + table(lines, [_("Material"), _("Quantity used")])
        + "\n\n"
        + _("Materials worth {amount} went into the goods; {name} now has {stock} {unit}.").format(
            amount=fmt.rupiah(result.value), name=product.name, stock=fmt.qty(stock), unit=product.unit
        )
    )
    return EXIT_OK


def run_waste(args: argparse.Namespace) -> int:
    qty = _positive(args.qty)
    with shop_session(args, write=True) as session:
        product = product_named(session, args.product)
        adjust_stock(session, owner(session).user_id, product.id, -qty, args.reason, args.note)
        stock = on_hand(session, product.id)
    print(
        _("{qty} {unit} of {name} taken out of stock; {stock} {unit} left.").format(
            qty=fmt.qty(qty.milli), unit=product.unit, name=product.name, stock=fmt.qty(stock)
        )
    )
    return EXIT_OK
