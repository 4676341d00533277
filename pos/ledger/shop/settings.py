"""The shop's settings: JSON values per key with defaults, read together as one immutable snapshot."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import DEFAULT_TIMEZONE, utc_now
from pos.ledger.base.errors import InvalidInput
from pos.ledger.replication.changes import record_change
from pos.ledger.schema import Setting
from pos.ledger.shop.choices import PPN_MODES, PRINTER_WIDTHS

DEFAULTS: Final[dict[str, Any]] = {
    "shop.name": "",
    "shop.owner": "",
    "shop.address": "",
    "shop.phone": "",
    "shop.nib": "",
    "shop.npwp": "",
    "shop.timezone": DEFAULT_TIMEZONE,
    "shop.city": "",  # the place on the owner's signature line of statements
    # PPh Final (PP 55/2022): 0.5% of gross monthly turnover; an individual's first Rp 500 juta a year is free.
    "pph.rate_bp": 50,
    "pph.exemption": 500_000_000,
    "pph.taxpayer": "individual",
    "language": "id",
    # PPN: off for non-PKP shops (most UMKM). Rate 12% on a base (DPP nilai lain) of 11/12 of the price.
    "ppn.mode": "none",
    "ppn.rate_bp": 1200,
    "ppn.base_num": 11,
    "ppn.base_den": 12,
    # Rounding of the amount due: 0 (none), 100, 500 or 1000 rupiah; for cash only or for every method.
    # Rounding down is the default direction: shops may not round against the customer.
    "rounding.increment": 0,
    "rounding.scope": "cash",
    "rounding.direction": "down",
    # The largest discount a cashier may give alone, as basis points of what it applies to (1000 = 10%).
    "discount.limit_bp": 1000,
    # A quantity typed at the counter above this many (packs, on one line) asks the cashier to confirm; 0: never.
    "counter.confirm_qty_above": 100,
    # Receipt printer: one URI (tcp://HOST:9100, usb://VID:PID, serial:..., file:..., cups:NAME, win32:NAME,
    # preview:); empty means no printer, and nothing is queued.
    "printer.uri": "",
    "printer.profile": "default",
    "printer.columns": 32,
    # "auto": text in the Latin code page the printer's profile lists ("Café" prints so); "ascii": plain letters.
    "printer.codepage": "auto",
    # Count a slip as printed only when the printer confirms it; a printer that never answers then gets none.
    "printer.confirm": False,
    "receipt.header": "",
    "receipt.footer": "Terima kasih atas kunjungan Anda",
    # Under sales not made in the shop (orders, delivery platforms) and on delivery slips.
    "receipt.order_footer": "Terima kasih atas pesanan Anda",
    "receipt.auto_print": True,
    "drawer.kick_on_cash": True,
    # An order ticket for the kitchen or the bar with every sale (add-ons and notes, no prices).
    "ticket.auto_print": False,
    # The first two digits of the EAN-13 barcodes the shop makes for its own goods (GS1's in-store 20-29).
    "labels.ean_prefix": "21",
    # The dashboard warns of batches expiring within this many days, and of supplier bills due within these.
    "expiry.warn_days": 7,
    "payables.remind_days": 3,
    # The shop's static QRIS payload, made dynamic with the amount at each QRIS payment.
    "qris.static_payload": "",
    # Where automatic backups go (a USB stick, a synced folder); empty: a `backups` folder beside the database.
    "backup.folder": "",
    "barcode.instore_formats": "20-24:FFIIIIIWWWWWC;25-29:FFIIIIIPPPPPC",
    # The owner's usual catalogue to share: product ids (as text) in the order chosen.
    "catalogue.products": [],
    # When several promotions could apply: the mix that costs the customer least, or the owner's order.
    "prices.rule": "best",
    # Loyalty points: one for every `earn_per` rupiah paid (0: none given), `value` rupiah off for each one
    # redeemed, lapsing `expiry_months` after they were earned (0: never). See pos.ledger.prices.loyalty.
    "points.earn_per": 0,
    "points.value": 0,
    "points.expiry_months": 12,
}

_CHOICES: Final[dict[str, tuple[Any, ...]]] = {
    "ppn.mode": PPN_MODES,
    "rounding.increment": (0, 100, 500, 1000),
    "rounding.scope": ("cash", "all"),
    "rounding.direction": ("down", "nearest"),
    "language": ("id", "en"),
    "printer.columns": PRINTER_WIDTHS,
    "printer.codepage": ("auto", "ascii"),
    "pph.taxpayer": ("individual", "company"),
    "labels.ean_prefix": tuple(str(n) for n in range(20, 30)),
    "prices.rule": ("best", "priority"),
}


@dataclass(frozen=True, slots=True)
class ShopSettings:
    values: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    @property
    def timezone(self) -> str:
        return str(self.values["shop.timezone"])


_ALL_SETTINGS = text("SELECT key, value FROM settings")  # read by every sale


def load(session: Session) -> ShopSettings:
    """Every setting, stored values over defaults, in one query."""
    values = dict(DEFAULTS)
    for key, raw in session.connection().execute(_ALL_SETTINGS):
        values[key] = json.loads(raw)
    return ShopSettings(values)


def get(session: Session, key: str) -> Any:
    raw = session.execute(select(Setting.value).where(Setting.key == key)).scalar()
    return DEFAULTS.get(key) if raw is None else json.loads(raw)


def check(key: str, value: Any) -> None:
    """Raise `InvalidInput` unless `key` is a known setting and `value` has its type and is one of its choices."""
    if key not in DEFAULTS:
        raise InvalidInput(N_("Unknown setting '{key}'."), key=key)
    choices = _CHOICES.get(key)
    if choices is not None and value not in choices:
        raise InvalidInput(N_("'{value}' is not allowed for setting '{key}'."), value=value, key=key)
    default = DEFAULTS[key]
    if type(value) is not type(default):
        raise InvalidInput(N_("'{value}' is not allowed for setting '{key}'."), value=value, key=key)


def put(session: Session, key: str, value: Any, hlc: str = "") -> None:
    """Store one setting after checking it is a known key with an allowed value."""
    check(key, value)
    session.execute(
        text(
            "INSERT INTO settings (key, value, hlc) VALUES (:k, :v, :h) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, hlc = excluded.hlc"
        ),
        {"k": key, "v": json.dumps(value), "h": hlc},
    )
    record_change(session, "settings", key, {"value": json.dumps(value)}, utc_now())
