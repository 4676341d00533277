"""`laci addons`: the shop's add-on groups (sugar level, extra shot, topping) and the products that offer them.

laci addons list                                         every group, its limits and its choices
laci addons save NAME CHOICE[=PRICE]... [--min N --max N]  make a group, or change the one of that name
laci addons offer PRODUCT [GROUP...]                     the groups a product offers, in order (none: stop)
laci addons retire NAME                                  no longer offer a group anywhere
"""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy.orm import Session

from pos.commands.common import EXIT_OK, shop_session
from pos.commands.product_lookup import owner, product_named
from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.errors import NotFound
from pos.ledger.base.money import Money
from pos.ledger.stock.modifiers import ChoiceSpec, Group, all_groups, groups_for, offer_groups, retire_group, save_group


def register(sub: Any) -> None:
    addons = sub.add_parser("addons", help=_("add-on groups such as sugar level or topping, and who offers them"))
    what = addons.add_subparsers(dest="addons_command", metavar="ACTION", required=True)
    what.add_parser("list", help=_("every add-on group with its choices")).set_defaults(handler=run_list)
    save = what.add_parser("save", help=_("make an add-on group, or change the one with this name"))
    save.add_argument("name", metavar="NAME", help=_("the group's name, such as 'Gula'"))
    save.add_argument(
        "choices", metavar="CHOICE[=PRICE]", nargs="+", help=_("a choice and what it adds, such as 'Extra shot=5000'")
    )
    save.add_argument("--min", type=int, default=0, help=_("how many must be chosen (0: optional)"))
    save.add_argument("--max", type=int, default=1, help=_("how many may be chosen"))
    save.set_defaults(handler=run_save)
    offer = what.add_parser("offer", help=_("the groups a product offers at the counter, in order"))
    offer.add_argument("product", metavar="PRODUCT", help=_("the product's SKU, a barcode or its name"))
    offer.add_argument("groups", metavar="GROUP", nargs="*", help=_("group names; none to offer none"))
    offer.set_defaults(handler=run_offer)
    retire = what.add_parser("retire", help=_("stop offering an add-on group anywhere"))
    retire.add_argument("name", metavar="NAME")
    retire.set_defaults(handler=run_retire)


def _group_named(session: Session, name: str) -> Group:
    for group in all_groups(session):
        if group.name.casefold() == " ".join(name.split()).casefold():
            return group
    raise NotFound(N_("There is no add-on group called '{name}'."), name=name.strip())


def _described(group: Group) -> str:
    limits = _("must choose {least}, may choose {most}").format(least=group.min_choices, most=group.max_choices)
    choices = ", ".join(f"{c.name} (+{fmt.rupiah(c.price)})" if c.price else c.name for c in group.choices)
    return f"{group.name}: {choices} [{limits}]"


def run_list(args: argparse.Namespace) -> int:
    with shop_session(args) as session:
        groups = all_groups(session)
    if not groups:
        print(_("No add-on groups yet; make one with 'laci addons save'."))
    for group in groups:
        print(_described(group))
    return EXIT_OK


def _choice(text: str) -> ChoiceSpec:
    name, sep, price = text.rpartition("=")
    if not sep:
        return ChoiceSpec(text)
    return ChoiceSpec(name, Money.parse(price).rupiah)


def run_save(args: argparse.Namespace) -> int:
    choices = [_choice(text) for text in args.choices]
    with shop_session(args, write=True) as session:
        existing = next((g for g in all_groups(session) if g.name.casefold() == args.name.strip().casefold()), None)
        if existing is not None:
            # Choices keep their identity (and any recipe) when the group is saved again with the same names.
            ids = {c.name.casefold(): c.id for c in existing.choices}
            choices = [ChoiceSpec(c.name, c.price, ids.get(c.name.strip().casefold())) for c in choices]
        gid = save_group(
            session,
            owner(session),
            args.name,
            choices,
            min_choices=args.min,
            max_choices=args.max,
            group_id=existing.id if existing else None,
        )
        saved = next(g for g in all_groups(session) if g.id == gid)
    print(_("Saved: {group}").format(group=_described(saved)))
    return EXIT_OK


def run_offer(args: argparse.Namespace) -> int:
    with shop_session(args, write=True) as session:
        product = product_named(session, args.product)
        ids = [_group_named(session, name).id for name in args.groups]
        offer_groups(session, owner(session), product.id, ids)
        offered = [g.name for g in groups_for(session, product.id)]
    if offered:
        print(_("{name} offers: {groups}").format(name=product.name, groups=", ".join(offered)))
    else:
        print(_("{name} offers no add-ons.").format(name=product.name))
    return EXIT_OK


def run_retire(args: argparse.Namespace) -> int:
    with shop_session(args, write=True) as session:
        group = _group_named(session, args.name)
        retire_group(session, owner(session), group.id)
    print(_("{name} is no longer offered.").format(name=group.name))
    return EXIT_OK
