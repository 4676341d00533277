"""The catalogue a shop shares: which products, at which channel's prices, with what picture, and how to order.

This is the read side only; `pos.printing.catalogue` lays it out as a PDF and as pictures for WhatsApp status
and Instagram. A product with variants is one card: its lowest price and the options it comes in. The owner's
usual choice of products is kept as a setting, so it travels to the other counters.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from pos import i18n
from pos.i18n import N_
from pos.ledger.base.errors import Conflict, NotFound
from pos.ledger.base.ids import ProductId
from pos.ledger.base.money import Money
from pos.ledger.base.phones import wa_number
from pos.ledger.channels.channels import COUNTER, get_channel, prices_on
from pos.ledger.schema import Category, Channel, Product, ProductBarcode, ProductVariant
from pos.ledger.shop import settings
from pos.ledger.stock.pictures import picture_of
from pos.ledger.stock.variants import VariantInfo, options_of, variants_of

SELECTION_KEY: Final = "catalogue.products"
WHATSAPP: Final = "whatsapp"  # the channel a catalogue's ordering code leads to
# The first words of the customer's message, ready in WhatsApp when they scan the code.
GREETING: Final = N_("Hello, I would like to order")


@dataclass(frozen=True, slots=True)
class CatalogueItem:
    id: ProductId
    name: str
    price: Money
    unit: str
    category: str  # "" for a product with no category
    picture: Path | None
    # A product with variants: `price` is the lowest of them, and `from_price` says so when they differ ("mulai");
    # `options` is what it comes in, each option's values in a short line ("S, M, L · Merah, Biru").
    from_price: bool = False
    options: str = ""


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The shop and its chosen products at one channel's prices, grouped by category (the groups in the order
    they were chosen)."""

    shop_name: str
    address: str
    phone: str
    # A wa.me link with the greeting filled in: only on a WhatsApp catalogue, and "" when the shop has no phone.
    whatsapp: str
    items: tuple[CatalogueItem, ...]
    channel: str = ""  # the name of the channel whose prices these are ("WhatsApp", "GoFood", "Toko")
    channel_code: str = ""
    order_on: str = ""  # where to order, for a channel other than the counter and WhatsApp ("GoFood")

    def sections(self) -> list[tuple[str, tuple[CatalogueItem, ...]]]:
        """(category, its items) in order; items of one category are always next to each other."""
        grouped: dict[str, list[CatalogueItem]] = {}
        for item in self.items:
            grouped.setdefault(item.category, []).append(item)
        return [(name, tuple(items)) for name, items in grouped.items()]


def whatsapp_link(phone: str, text: str) -> str:
    """`https://wa.me/62...?text=...`: opens a chat with the shop with `text` ready to send; "" without a phone."""
    number = wa_number(phone)
    if not number:
        return ""
    return f"https://wa.me/{number}?text={quote(text, safe='')}"


def _unique(ids: Iterable[uuid.UUID]) -> list[uuid.UUID]:
    return list(dict.fromkeys(ids))


def product_by_code(session: Session, code: str) -> ProductId | None:
    """The product with this SKU, barcode or scale item code (PLU), in that order; None when none has it."""
    clean = code.strip()
    if not clean:
        return None
    for query in (
        select(Product.id).where(Product.sku == clean),
        select(ProductBarcode.product_id).where(ProductBarcode.barcode == clean),
        select(Product.id).where(Product.plu == clean),
    ):
        found = session.scalar(query)
        if found is not None:
            return ProductId(found)
    return None


def products_by_codes(session: Session, codes: Iterable[str]) -> list[ProductId]:
    """The products these SKUs or barcodes name, in the order given; raises `NotFound` listing unknown codes."""
    found: list[ProductId] = []
    unknown: list[str] = []
    for code in codes:
        product = product_by_code(session, code)
        if product is None:
            unknown.append(code.strip())
        else:
            found.append(product)
    if unknown:
        raise NotFound(N_("No product has the code {codes}."), codes=", ".join(unknown))
    return [ProductId(p) for p in _unique(found)]


def products_in_categories(session: Session, names: Sequence[str]) -> list[ProductId]:
    """The active products of the named categories (any letter case), category by category, by name within one."""
    chosen: list[ProductId] = []
    for name in names:
        category = session.scalar(select(Category.id).where(func.lower(Category.name) == name.strip().lower()))
        if category is None:
            raise NotFound(N_("There is no category called '{name}'."), name=name.strip())
        rows = session.scalars(
            select(Product.id)
            .where(Product.category_id == category, Product.is_active.is_(True))
            .order_by(func.lower(Product.name))
        )
        chosen.extend(ProductId(r) for r in rows)
    return [ProductId(p) for p in _unique(chosen)]


def all_products(session: Session) -> list[ProductId]:
    """Every active product, by category name then product name (products with no category last).

    A variant is left out while its product is on sale, since it shows on the product's card; one whose product
    was archived is still on sale, so it is listed on its own."""
    parent = aliased(Product)
    rows = session.scalars(
        select(Product.id)
        .outerjoin(Category, Category.id == Product.category_id)
        .outerjoin(ProductVariant, ProductVariant.product_id == Product.id)
        .outerjoin(parent, parent.id == ProductVariant.parent_id)
        .where(Product.is_active.is_(True), or_(parent.id.is_(None), parent.is_active.is_(False)))
        .order_by(Category.name.is_(None), func.lower(Category.name), func.lower(Product.name))
    )
    return [ProductId(r) for r in rows]


def _active(session: Session, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    found: set[uuid.UUID] = set()
    for start in range(0, len(ids), 500):  # SQLite limits how many values one statement may bind
        chunk = ids[start : start + 500]
        found.update(session.scalars(select(Product.id).where(Product.id.in_(chunk), Product.is_active.is_(True))))
    return found


def save_selection(session: Session, product_ids: Sequence[uuid.UUID]) -> list[ProductId]:
    """Keep `product_ids` as the owner's usual catalogue (in this order); returns what was kept.

    Raises `Conflict` when one of them is not an active product; nothing is stored then.
    """
    ids = _unique(product_ids)
    active = _active(session, ids)
    if any(p not in active for p in ids):
        raise Conflict(N_("Only products that are on sale can be in the catalogue."))
    settings.put(session, SELECTION_KEY, [str(p) for p in ids])
    return [ProductId(p) for p in ids]


def saved_selection(session: Session) -> list[ProductId]:
    """The owner's usual catalogue, in the order it was chosen; products no longer on sale are left out."""
    ids: list[uuid.UUID] = []
    for text in settings.load(session).catalogue_products:
        try:
            ids.append(uuid.UUID(str(text)))
        except ValueError:
            continue  # a value damaged by hand is skipped rather than stopping every catalogue
    active = _active(session, ids)
    return [ProductId(p) for p in _unique(ids) if p in active]


def default_channel(session: Session) -> str:
    """The channel a catalogue is made for when none is named: WhatsApp, which its ordering code opens, while it
    is offered; otherwise the counter."""
    found = session.scalar(select(Channel.is_active).where(Channel.code == WHATSAPP))
    return WHATSAPP if found else COUNTER


def _families(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[VariantInfo]]:
    """product -> its variants on sale, for those of `ids` that are sold as variants (an empty list when none is)."""
    parents: set[uuid.UUID] = set()
    for start in range(0, len(ids), 500):
        parents.update(
            session.scalars(
                select(ProductVariant.parent_id)
                .where(ProductVariant.parent_id.in_(ids[start : start + 500]))
                .distinct()
            )
        )
    return {p: variants_of(session, p, active_only=True) for p in ids if p in parents}


def _item(
    data_dir: Path,
    row: Any,
    prices: Mapping[ProductId, Money],
    variants: Sequence[VariantInfo] | None,
    session: Session,
) -> CatalogueItem:
    item = CatalogueItem(
        id=ProductId(row.id),
        name=row.name,
        price=prices[ProductId(row.id)],
        unit=row.unit,
        category=row.category or "",
        picture=picture_of(data_dir, row.id),
    )
    if not variants:
        return item
    # The parent's own price means nothing (it is never sold); what a customer pays starts at the cheapest variant.
    own = sorted({prices[ProductId(v.product_id)] for v in variants})
    on_sale = [{v.values[i] for v in variants} for i in range(len(variants[0].values))]
    line = " · ".join(
        ", ".join(value for value in option.values if value in on_sale[i])
        for i, option in enumerate(options_of(session, row.id))
        if i < len(on_sale)
    )
    return replace(item, price=own[0], from_price=len(own) > 1, options=line)


def card_prices(session: Session, code: str, product_ids: Sequence[uuid.UUID]) -> dict[ProductId, Money]:
    """The price each product's card shows on channel `code`: its own, or for a product with variants the lowest of
    those on sale (a product with none on sale is left out, as it gets no card)."""
    ids = _unique(product_ids)
    families = _families(session, ids)
    base: dict[ProductId, Money] = {}
    for start in range(0, len(ids), 500):
        rows = session.execute(select(Product.id, Product.price).where(Product.id.in_(ids[start : start + 500])))
        base.update({ProductId(r.id): Money(r.price) for r in rows if r.id not in families})
    base.update({ProductId(v.product_id): v.price for variants in families.values() for v in variants})
    prices = {p: found.price for p, found in prices_on(session, code, base).items()}
    out: dict[ProductId, Money] = {}
    for p in ids:
        if p not in families:
            if ProductId(p) in prices:
                out[ProductId(p)] = prices[ProductId(p)]
        elif families[p]:
            out[ProductId(p)] = min(prices[ProductId(v.product_id)] for v in families[p])
    return out


def build_catalogue(
    session: Session,
    data_dir: Path,
    product_ids: Sequence[uuid.UUID],
    lang: str = "id",
    *,
    channel: str | None = None,
) -> Catalogue:
    """The catalogue of the active products among `product_ids` at `channel`'s prices (see `default_channel`),
    with the shop's details and pictures.

    Items keep the order given, gathered by category: a category comes where its first product was. `lang` is
    the language of the WhatsApp greeting. Only a WhatsApp catalogue carries the code to order by WhatsApp, since
    an order taken there is charged WhatsApp's prices. Raises `Conflict` when none of the products is on sale.
    """
    sold_on = get_channel(session, channel or default_channel(session))
    ids = _unique(product_ids)
    active = _active(session, ids)
    rows = {
        row.id: row
        for start in range(0, len(ids), 500)
        for row in session.execute(
            select(Product.id, Product.name, Product.price, Product.unit, Category.name.label("category"))
            .outerjoin(Category, Category.id == Product.category_id)
            .where(Product.id.in_(ids[start : start + 500]))
        )
    }
    families = _families(session, [p for p in ids if p in active])
    folded = {v.product_id for variants in families.values() for v in variants}
    # A product whose variants are all archived has nothing to sell; its variants, when chosen, are on its card.
    chosen = [rows[p] for p in ids if p in active and p not in folded and families.get(p, True)]
    if not chosen:
        raise Conflict(N_("There are no products on sale to put in the catalogue."))
    base = {ProductId(row.id): Money(row.price) for row in chosen}
    base.update({ProductId(v.product_id): v.price for variants in families.values() for v in variants})
    prices = {p: found.price for p, found in prices_on(session, sold_on.code, base).items()}
    items = [_item(data_dir, row, prices, families.get(row.id), session) for row in chosen]
    order = {name: i for i, name in reversed(list(enumerate(item.category for item in items)))}
    items.sort(key=lambda item: order[item.category])  # stable: the given order stays within a category
    values = settings.load(session)
    phone = values.shop_phone
    greeting = i18n.catalogue(lang if lang in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE).gettext(GREETING)
    return Catalogue(
        shop_name=values.shop_name,
        address=values.shop_address,
        phone=phone,
        whatsapp=whatsapp_link(phone, greeting) if sold_on.code == WHATSAPP else "",
        items=tuple(items),
        channel=sold_on.name,
        channel_code=sold_on.code,
        order_on="" if sold_on.code in (COUNTER, WHATSAPP) else sold_on.name,
    )
