"""What the product commands share: a product named as a shopkeeper names it (its SKU, a barcode, or its whole
name in any letter case), the owner the command works as, and `NAME=VALUE` pairs read from the command line."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.errors import InvalidInput, NotFound
from pos.ledger.books.approvals import Actor
from pos.ledger.channels.catalogue import product_by_code
from pos.ledger.people.users import list_users
from pos.ledger.stock.product_records import ProductInfo, get_product
from pos.ledger.stock.search import search_products


def product_named(session: Session, text: str) -> ProductInfo:
    """The product with this SKU or barcode, else the one (on sale or archived) whose whole name this is."""
    clean = " ".join(text.split())
    if not clean:
        raise InvalidInput(N_("Name the product by its SKU, a barcode or its name."))
    by_code = product_by_code(session, clean)
    if by_code is not None:
        return get_product(session, by_code)
    for archived in (False, True):
        for row in search_products(session, clean, limit=50, archived=archived):
            if row.name.casefold() == clean.casefold():
                return get_product(session, row.id)
    raise NotFound(N_("No product is called or has the code '{text}'."), text=clean)


def owner(session: Session) -> Actor:
    # Whoever runs the command holds the shop's files, so changes go in the name of the shop's first owner.
    found = next((u for u in list_users(session) if u.role == "owner"), None)
    if found is None:
        raise NotFound(N_("This shop has no owner yet: add one with 'laci user add NAME --role owner'."))
    return Actor(found.id, found.name, "owner")


def pairs(texts: Sequence[str]) -> list[tuple[str, str]]:
    """`Susu segar=150` as ("Susu segar", "150"): split at the last '=', so a name may hold one."""
    out = []
    for text in texts:
        name, sep, value = text.rpartition("=")
        if not sep or not name.strip() or not value.strip():
            raise InvalidInput(N_("'{text}' should read NAME=VALUE, such as 'Susu segar=150'."), text=text)
        out.append((name.strip(), value.strip()))
    return out
