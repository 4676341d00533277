"""Sales channels: the counter, orders by WhatsApp or phone, delivery platforms and marketplaces.

A platform channel (GoFood, Tokopedia...) may have its own price list (a markup on the counter price, or set
prices per product) and a commission. Its sales are paid by the platform: what it keeps is booked to Beban
komisi platform, the rest to Piutang platform until a payout is recorded (`pos.ledger.channels.payouts`).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Final, Literal, get_args

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.clock import utc_now
from pos.ledger.base.errors import Conflict, InvalidInput, NotAllowed, NotFound
from pos.ledger.base.ids import ProductId
from pos.ledger.base.money import FULL_BP, MILLI, Money
from pos.ledger.books import audit
from pos.ledger.books.approvals import Actor
from pos.ledger.counter.cart import Cart, CartLine
from pos.ledger.counter.line_choices import with_choices
from pos.ledger.replication import authority
from pos.ledger.replication.changes import record_change
from pos.ledger.schema import Channel, ChannelPrice, core
from pos.ledger.stock.product_records import find_by_barcode, get_product

ChannelKind = Literal["counter", "direct", "delivery", "marketplace"]
KINDS: Final = get_args(ChannelKind)
PLATFORM_KINDS: Final = ("delivery", "marketplace")
COUNTER: Final = "counter"
KIND_NAMES: Final = {
    "counter": N_("In the shop"),
    "direct": N_("Direct order"),
    "delivery": N_("Delivery platform"),
    "marketplace": N_("Marketplace"),
}
# Journal lines of a platform's receivable name the platform by an id made from its code, so every counter
# derives the same one without a row to replicate.
_PARTY_NAMESPACE: Final = uuid.UUID("6f1c2a4e-3b7d-5c8e-9a0f-1d2e3f4a5b6c")


@dataclass(frozen=True, slots=True)
class ChannelInfo:
    code: str
    name: str
    kind: str
    commission_bp: int  # 2000 = 20% of each sale kept by the platform
    markup_bp: int  # added to the counter price for this channel's price list
    price_round: int  # marked-up prices are rounded up to this many rupiah
    position: int
    is_active: bool

    @property
    def is_platform(self) -> bool:
        return self.kind in PLATFORM_KINDS

    @property
    def party_id(self) -> uuid.UUID:
        return channel_party(self.code)


# The counter as a channel where its row need not be read (a sale at the counter; the counter screen before the
# channels are read at login): nothing kept, nothing added, known by its code alone.
COUNTER_CHANNEL: Final = ChannelInfo(
    code=COUNTER,
    name="",
    kind="counter",
    commission_bp=0,
    markup_bp=0,
    price_round=100,
    position=0,
    is_active=True,
)


def channel_party(code: str) -> uuid.UUID:
    """The id under which a platform's receivable is kept in the journal."""
    return uuid.uuid5(_PARTY_NAMESPACE, code)


def _info(row: Channel) -> ChannelInfo:
    return ChannelInfo(
        code=row.code,
        name=row.name,
        kind=row.kind,
        commission_bp=row.commission_bp,
        markup_bp=row.markup_bp,
        price_round=row.price_round,
        position=row.position,
        is_active=bool(row.is_active),
    )


def list_channels(session: Session, *, active_only: bool = True) -> list[ChannelInfo]:
    """The channels in picker order (the counter first)."""
    query = select(Channel).order_by(Channel.position, Channel.name)
    if active_only:
        query = query.where(Channel.is_active)
    return [_info(r) for r in session.scalars(query)]


def get_channel(session: Session, code: str) -> ChannelInfo:
    row = session.get(Channel, code)
    if row is None:
        raise NotFound(N_("There is no sales channel '{code}'."), code=code)
    return _info(row)


def require_owner(actor: Actor, session: Session | None = None) -> None:
    if not actor.is_owner:
        raise NotAllowed(N_("Only the owner may change sales channels and their prices."))
    if session is not None:
        authority.require_owner_device(session, "channels")


def _check_terms(kind: str, commission_bp: int, markup_bp: int, price_round: int) -> None:
    if not 0 <= commission_bp <= FULL_BP:
        raise InvalidInput(N_("A commission is between 0% and 100%."))
    if markup_bp < 0:
        raise InvalidInput(N_("A markup cannot be negative."))
    if price_round < 1:
        raise InvalidInput(N_("Prices are rounded to at least Rp 1."))
    if commission_bp and kind not in PLATFORM_KINDS:
        raise InvalidInput(N_("Only a delivery platform or a marketplace takes a commission."))
    if kind == COUNTER and markup_bp:
        raise InvalidInput(N_("The counter sells at the counter price; give other channels their own prices."))


def _code_for(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", name.lower())[:20]


def add_channel(
    session: Session,
    actor: Actor,
    name: str,
    kind: str,
    *,
    commission_bp: int = 0,
    markup_bp: int = 0,
    price_round: int = 100,
    at: dt.datetime | None = None,
) -> ChannelInfo:
    """A channel the owner adds (another marketplace, a reseller group); its code is made from its name."""
    require_owner(actor, session)
    clean = " ".join(name.split())
    code = _code_for(clean)
    if not code:
        raise InvalidInput(N_("The channel needs a name with letters or digits."))
    if kind not in KINDS or kind == COUNTER:
        raise InvalidInput(
            N_("Choose what kind of channel it is: a direct order, a delivery platform or a marketplace.")
        )
    _check_terms(kind, commission_bp, markup_bp, price_round)
    if session.get(Channel, code) is not None:
        raise Conflict(N_("There is already a sales channel called {name}."), name=clean)
    when = at or utc_now()
    last = session.scalar(select(Channel.position).order_by(Channel.position.desc()).limit(1)) or 0
    fields = {
        "name": clean[:60],
        "kind": kind,
        "commission_bp": commission_bp,
        "markup_bp": markup_bp,
        "price_round": price_round,
        "position": last + 1,
        "is_active": True,
    }
    session.execute(insert(core(Channel)), [{"code": code, **fields, "hlc": ""}])
    record_change(session, "channels", code, fields, when)
    audit.record(session, "channel.add", at=when, user_id=actor.user_id, detail={"channel": code, **fields})
    return get_channel(session, code)


def edit_channel(
    session: Session,
    actor: Actor,
    code: str,
    *,
    name: str | None = None,
    commission_bp: int | None = None,
    markup_bp: int | None = None,
    price_round: int | None = None,
    is_active: bool | None = None,
    at: dt.datetime | None = None,
) -> ChannelInfo:
    """Change a channel's name, terms or whether it is offered; only what is given changes."""
    require_owner(actor, session)
    current = get_channel(session, code)
    values: dict[str, object] = {}
    if name is not None:
        clean = " ".join(name.split())
        if not clean:
            raise InvalidInput(N_("The channel needs a name with letters or digits."))
        values["name"] = clean[:60]
    if commission_bp is not None:
        values["commission_bp"] = commission_bp
    if markup_bp is not None:
        values["markup_bp"] = markup_bp
    if price_round is not None:
        values["price_round"] = price_round
    if is_active is not None:
        if code == COUNTER and not is_active:
            raise InvalidInput(N_("The counter is always a sales channel."))
        values["is_active"] = is_active
    after = replace(current, **values)  # type: ignore[arg-type]
    _check_terms(after.kind, after.commission_bp, after.markup_bp, after.price_round)
    if values:
        when = at or utc_now()
        session.execute(update(Channel).where(Channel.code == code).values(**values))
        record_change(session, "channels", code, values, when)
        audit.record(session, "channel.edit", at=when, user_id=actor.user_id, detail={"channel": code, **values})
    return get_channel(session, code)


def _price_key(code: str, product_id: uuid.UUID) -> str:
    return f"{code}:{product_id.hex}"


def set_channel_price(
    session: Session,
    actor: Actor,
    code: str,
    product_id: uuid.UUID,
    price: Money | None,
    *,
    at: dt.datetime | None = None,
) -> None:
    """Fix a product's price per piece (per unit) on a channel; None goes back to the markup."""
    require_owner(actor, session)
    channel = get_channel(session, code)
    if channel.code == COUNTER:
        raise InvalidInput(N_("The counter sells at the counter price; give other channels their own prices."))
    get_product(session, product_id)
    if price is not None and price.rupiah < 0:
        raise InvalidInput(N_("A price cannot be negative."))
    key = _price_key(code, product_id)
    value = None if price is None else price.rupiah
    if session.get(ChannelPrice, key) is None:
        row = {"id": key, "channel": code, "product_id": product_id, "price": value, "hlc": ""}
        session.execute(insert(core(ChannelPrice)), [row])
    else:
        session.execute(update(ChannelPrice).where(ChannelPrice.id == key).values(price=value))
    # Every field each time: a counter that never saw the row can create it from this one event.
    when = at or utc_now()
    record_change(session, "channel_prices", key, {"channel": code, "product_id": product_id, "price": value}, when)


def set_prices(session: Session, code: str) -> dict[ProductId, Money]:
    """The products with a set price on channel `code`, per piece (per unit)."""
    rows = session.execute(
        select(ChannelPrice.product_id, ChannelPrice.price).where(
            ChannelPrice.channel == code, ChannelPrice.price.is_not(None)
        )
    )
    return {ProductId(pid): Money(price) for pid, price in rows if price is not None}


@dataclass(frozen=True, slots=True)
class PriceOnChannel:
    """A product's price per piece (per unit) on a channel, and where it comes from."""

    product_id: ProductId
    counter_price: Money
    set_price: Money | None  # the owner's own price for the channel, when there is one
    price: Money  # what the channel sells one piece (or one unit) for

    @property
    def marked_up(self) -> bool:
        """The channel's markup made the price (no set price, and it differs from the counter's)."""
        return self.set_price is None and self.price != self.counter_price


def prices_on(
    session: Session, code: str, counter_prices: Mapping[ProductId, Money]
) -> dict[ProductId, PriceOnChannel]:
    """Each product's price per piece on channel `code`, from its counter price: the one rule the counter, orders,
    the catalogue and the price lists all price by (`price_for_channel` prices a cart's packs the same way)."""
    channel = get_channel(session, code)
    fixed = set_prices(session, code) if channel.code != COUNTER else {}
    return {
        pid: PriceOnChannel(pid, counter, fixed.get(pid), channel_price(channel, counter, fixed.get(pid), MILLI))
        for pid, counter in counter_prices.items()
    }


def channel_price(channel: ChannelInfo, counter_price: Money, set_price: Money | None, pack_milli: int) -> Money:
    """The price of one pack on `channel`: the set price per unit for the pack, or the counter price of the pack
    with the channel's markup, rounded up to its `price_round` (a markup of zero leaves the price as it is)."""
    if set_price is not None:
        return set_price.times_milli(pack_milli)
    if not channel.markup_bp:
        return counter_price
    step = channel.price_round
    scaled = counter_price.rupiah * (FULL_BP + channel.markup_bp)
    return Money(-(-scaled // (FULL_BP * step)) * step)


def _counter_price(session: Session, line: CartLine) -> Money:
    """The catalogue's price for the line's pack, whatever channel priced it before."""
    if line.barcode is not None:
        hit = find_by_barcode(session, line.barcode)
        if hit is not None and hit.product.id == line.product_id and hit.pack_milli == line.pack_milli:
            return hit.price_per_pack
    # A weighed item, a line added by name, or a priced scale label: the catalogue's unit price for the pack.
    return get_product(session, line.product_id).price.times_milli(line.pack_milli)


def price_for_channel(session: Session, cart: Cart, code: str) -> Cart:
    """A copy of `cart` at channel `code`'s prices (the counter's own for 'counter').

    Lines whose price the owner changed by hand keep it. Prices come from the catalogue each time, so the
    cart can go from one channel to another and back and end where it started.
    """
    channel = get_channel(session, code)
    fixed = set_prices(session, code) if channel.code != COUNTER else {}
    lines = []
    for line in cart.lines:
        if line.override_by is not None:
            lines.append(line)
            continue
        price = channel_price(channel, _counter_price(session, line), fixed.get(line.product_id), line.pack_milli)
        # The add-ons keep their own prices on every channel, on top of the product's price there.
        lines.append(with_choices(replace(line, unit_price=price, list_price=price, options=()), line.options))
    return cart.copy(lines)


def line_for_channel(session: Session, line: CartLine, code: str) -> CartLine:
    """One line at channel `code`'s price, as `price_for_channel` prices it in a cart: a line is priced before it
    joins the cart, so that it adds to a line of the same product at the same price."""
    return price_for_channel(session, Cart([line]), code).lines[0]


def commission_of(amount: int, commission_bp: int) -> int:
    """What the platform keeps of `amount`, rounded half up to the rupiah."""
    return Money(amount).percent(commission_bp).rupiah


def net_of_commission(amount: int, commission_bp: int) -> int:
    """What reaches the shop of `amount` at the payout, once the platform has kept its commission."""
    return amount - commission_of(amount, commission_bp)


def describe_terms(channel: ChannelInfo) -> str:
    """`komisi 20%, harga +25%`: a channel's terms in a few words, for lists."""
    parts = []
    if channel.commission_bp:
        parts.append(_("{percent} commission").format(percent=fmt.percent(channel.commission_bp)))
    if channel.markup_bp:
        parts.append(_("prices +{percent}").format(percent=fmt.percent(channel.markup_bp)))
    return ", ".join(parts)
