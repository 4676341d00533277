"""Who is at the counter and the shop's rules for the session, read once on the worker at login."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from pos.ledger.base.device import local_device
from pos.ledger.books.approvals import Actor
from pos.ledger.counter.pricing import PpnRule, RoundingRule
from pos.ledger.counter.shifts import ShiftInfo, current_shift
from pos.ledger.selling.sales import ppn_rule, rounding_rule
from pos.ledger.shop import settings
from pos.ledger.stock.barcodes import InStoreFormat, parse_formats


@dataclass(frozen=True, slots=True)
class ShopRules:
    """The settings the counter prices and pays by, as one snapshot (settings change rarely, scans often)."""

    shop_name: str
    ppn: PpnRule
    rounding: RoundingRule
    formats: tuple[InStoreFormat, ...]
    qris_static: str
    timezone: str
    counter_code: str = ""  # this counter's letter, for promotions held at some counters only


@dataclass(frozen=True, slots=True)
class CounterSession:
    """The logged-in person, the shop's rules, and the open shift (None until one is opened)."""

    actor: Actor
    rules: ShopRules
    shift: ShiftInfo | None


def read_rules(session: Session) -> ShopRules:
    """The shop's pricing, rounding, scale-label and QRIS settings."""
    values = settings.load(session)
    return ShopRules(
        shop_name=values.shop_name,
        ppn=ppn_rule(values),
        rounding=rounding_rule(values),
        formats=parse_formats(values.barcode_instore_formats),
        qris_static=values.qris_static_payload,
        timezone=values.timezone,
        counter_code=local_device(session).code,
    )


def read_session(session: Session, actor: Actor) -> CounterSession:
    """What the counter needs after a login: the rules and this counter's open shift, if any."""
    return CounterSession(actor, read_rules(session), current_shift(session))
