"""Who may change what: the one table of shared master data that only an owner's device may send.

A counter device (a cashier's till) sells, takes payments and keeps customers; the shop's users, PINs, prices,
catalogue, sales channels and settings are changed at a device the owner enrolled as an owner's device. The rule
is checked three times with this same table: where a change is typed (`require_local`), by the sync service
before it stores an event, and by every counter before it applies one (`refusal`), so neither a dishonest
device nor an older service is enough to get such a change in.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.errors import NotAllowed
from pos.ledger.schema import Device, SyncState

ALL: Final = None

# entity -> the fields only an owner's device may send (ALL: every field, creating a row included).
OWNER_GUARDED: Final[dict[str, frozenset[str] | None]] = {
    "users": ALL,  # names, roles (owner or cashier), PIN hashes, who may log in
    "settings": ALL,  # tax, rounding, the discount limit, the QRIS code money goes to, the shop's identity
    "products": ALL,  # prices, costs, tax and weighing rules, consignment terms; a new product brings its price
    "product_barcodes": ALL,  # a pack's price, and which product a scan rings up
    "categories": ALL,
    "channels": ALL,  # commissions and markups on delivery platforms
    "channel_prices": ALL,
    "product_options": ALL,  # a product's sizes, colours, motifs: which variants it has
    "product_variants": ALL,
    "modifier_groups": ALL,  # add-on lists: what a customer must and may choose
    "modifiers": ALL,  # an add-on's price
    "product_modifier_groups": ALL,  # which add-ons a product offers
    "recipe_lines": ALL,  # what a sale or a production run takes from stock, and so its cost
    "devices": ALL,  # except a device naming itself: see `refusal`
    # Kasbon beyond the limit, or a group's prices and limit, need the owner; 0 (no credit) or no group is free.
    "customers": frozenset({"credit_limit", "group_id"}),
    "customer_groups": ALL,  # a group's kasbon limit
    "group_prices": ALL,  # a group's price list
    "price_tiers": ALL,  # wholesale prices by quantity
    "promotions": ALL,  # what a promotion gives, when and where
    "vouchers": ALL,  # a voucher's terms (a cashier must not make a 100% voucher); its use is a sale's fact
}

# Fact events that only ever record an owner-guarded change (their rows would tell a story that did not happen).
OWNER_FACT_KINDS: Final = frozenset({"price.changed"})

ROLE_OWNER: Final = "owner"
ROLE_COUNTER: Final = "counter"


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a change may not come from the device that sent it: a message id and its parameters."""

    msgid: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        return self.msgid.format(**self.params) if self.params else self.msgid


def _guarded(entity: str, fields: Mapping[str, Any], key: str, origin: str) -> list[str]:
    if entity not in OWNER_GUARDED:
        return []
    guarded = OWNER_GUARDED[entity]
    if entity == "devices" and key == origin:
        return []  # a device may give its own code and name; the service checks the code is its own
    if guarded is ALL:
        return sorted(fields)
    found = sorted(f for f in fields if f in guarded)
    if entity == "customers":
        found = [f for f in found if fields[f] not in (0, None)]  # taking credit or a group away gains nobody anything
    return found


def refusal(entity: str, key: str, fields: Mapping[str, Any], *, origin: str, origin_is_owner: bool) -> Refusal | None:
    """Why device `origin` (hex) may not send this change of master data, or None when it may."""
    if origin_is_owner:
        return None
    fields_out = _guarded(entity, fields, key, origin)
    if not fields_out:
        return None
    return Refusal(
        N_("Only an owner's device may change {entity} ({fields})."),
        {"entity": entity, "fields": ", ".join(fields_out)},
    )


def fact_refusal(kind: str, *, origin_is_owner: bool) -> Refusal | None:
    if origin_is_owner or kind not in OWNER_FACT_KINDS:
        return None
    return Refusal(N_("Only an owner's device may record {kind}."), {"kind": kind})


# --- this counter's role -------------------------------------------------------------------------------------


def _enrolled(session: Session) -> bool:
    return session.scalar(select(SyncState.value).where(SyncState.key == "token")) not in (None, "")


def local_role(session: Session) -> str | None:
    """This device's role in its shop: owner, counter, or None when enrolled but not yet told by the service."""
    if not _enrolled(session):
        return ROLE_OWNER  # a counter on its own is its owner's
    role = session.scalar(select(Device.role).where(Device.is_local))
    return str(role) if role else None


def local_is_owner(session: Session) -> bool:
    return local_role(session) == ROLE_OWNER


def may_send(session: Session, entity: str, key: str, fields: Mapping[str, Any]) -> bool:
    """Whether this device may send this change (the others would refuse it otherwise)."""
    if local_is_owner(session):
        return True
    local = session.scalar(select(Device.id).where(Device.is_local))
    return not _guarded(entity, fields, key, local.hex if local else "")


def require_local(session: Session, entity: str, key: str, fields: Mapping[str, Any]) -> None:
    """Refuse, where it is typed, a change this device may not send: every other counter would refuse it."""
    if may_send(session, entity, key, fields):
        return
    if local_role(session) is None:
        raise NotAllowed(
            N_(
                "This counter does not know yet whether it is the owner's. Connect it to the cloud once "
                "(sync), then try again."
            )
        )
    raise NotAllowed(
        N_(
            "Prices, products, users, PINs and the shop's settings are changed at the owner's counter. "
            "Make the change there; it reaches this counter at the next sync."
        )
    )


def require_owner_device(session: Session, entity: str = "users") -> None:
    """For whole screens of owner-guarded data (users, products, settings): refuse at once on a counter device,
    before anyone is asked for an owner's PIN that could not help."""
    require_local(session, entity, "", {"*": None})


# --- the roles the service reports ---------------------------------------------------------------------------


def save_roles(session: Session, devices: list[dict[str, Any]]) -> None:
    """Store each device's role as the service reports it; a device not seen before gets its row."""
    known = {row.id: row for row in session.execute(select(Device.id, Device.code, Device.is_local)).all()}
    codes = {row.code for row in known.values()}
    for item in devices:
        device_id = uuid.UUID(hex=str(item["device_id"]))
        role = ROLE_OWNER if item.get("owner") else ROLE_COUNTER
        if device_id in known:
            session.execute(update(Device).where(Device.id == device_id).values(role=role))
            continue
        code = str(item.get("code", ""))[:4]
        if not code or code in codes:
            continue  # its own change (code and name) brings the row; a clash waits for it
        session.execute(
            text("INSERT INTO devices (id, code, name, is_local, role) VALUES (:id, :code, :name, 0, :role)"),
            {"id": device_id.bytes, "code": code, "name": str(item.get("name", ""))[:80], "role": role},
        )
        codes.add(code)


def owners(session: Session) -> frozenset[str]:
    """Hex ids of the devices the service reported as owner's devices (this one included when it is)."""
    found = {d.hex for d in session.scalars(select(Device.id).where(Device.role == ROLE_OWNER))}
    if not _enrolled(session):
        local = session.scalar(select(Device.id).where(Device.is_local))
        if local is not None:
            found.add(local.hex)
    return frozenset(found)
