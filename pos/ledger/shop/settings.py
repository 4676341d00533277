"""The shop's settings: JSON values per key with defaults, read together as one immutable, typed snapshot.

Each setting is declared once, as a field of `ShopSettings`: its attribute, its type (a `Literal` when only some
values are allowed), its default and the key it is stored and synced under. Code reads the attributes; only the
editors whose input is a key (the settings form, setup, the loyalty and catalogue choices) write by key, through
`put`, which checks the value against that same declaration.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import DEFAULT_TIMEZONE, utc_now
from pos.ledger.base.errors import InvalidInput
from pos.ledger.replication.changes import record_change
from pos.ledger.shop.choices import PpnMode, PrinterWidth

Language = Literal["id", "en"]
EanPrefix = Literal["20", "21", "22", "23", "24", "25", "26", "27", "28", "29"]  # GS1's in-store 20-29


@dataclass(frozen=True, slots=True)
class ShopSettings:
    """Every setting, stored values over defaults. Built by `load`; `ShopSettings()` holds the defaults."""

    shop_name: str = field(default="", metadata={"key": "shop.name"})
    shop_owner: str = field(default="", metadata={"key": "shop.owner"})
    shop_address: str = field(default="", metadata={"key": "shop.address"})
    shop_phone: str = field(default="", metadata={"key": "shop.phone"})
    shop_nib: str = field(default="", metadata={"key": "shop.nib"})
    shop_npwp: str = field(default="", metadata={"key": "shop.npwp"})
    shop_timezone: str = field(default=DEFAULT_TIMEZONE, metadata={"key": "shop.timezone"})
    # The place on the owner's signature line of statements.
    shop_city: str = field(default="", metadata={"key": "shop.city"})
    # PPh Final (PP 55/2022): 0.5% of gross monthly turnover; an individual's first Rp 500 juta a year is free.
    pph_rate_bp: int = field(default=50, metadata={"key": "pph.rate_bp"})
    pph_exemption: int = field(default=500_000_000, metadata={"key": "pph.exemption"})
    pph_taxpayer: Literal["individual", "company"] = field(default="individual", metadata={"key": "pph.taxpayer"})
    language: Language = field(default="id", metadata={"key": "language"})
    # PPN: off for non-PKP shops (most UMKM). Rate 12% on a base (DPP nilai lain) of 11/12 of the price.
    ppn_mode: PpnMode = field(default="none", metadata={"key": "ppn.mode"})
    ppn_rate_bp: int = field(default=1200, metadata={"key": "ppn.rate_bp"})
    ppn_base_num: int = field(default=11, metadata={"key": "ppn.base_num"})
    ppn_base_den: int = field(default=12, metadata={"key": "ppn.base_den"})
    # Rounding of the amount due: 0 (none), 100, 500 or 1000 rupiah; for cash only or for every method.
    # Rounding down is the default direction: shops may not round against the customer.
    rounding_increment: Literal[0, 100, 500, 1000] = field(default=0, metadata={"key": "rounding.increment"})
    rounding_scope: Literal["cash", "all"] = field(default="cash", metadata={"key": "rounding.scope"})
    rounding_direction: Literal["down", "nearest"] = field(default="down", metadata={"key": "rounding.direction"})
    # The largest discount a cashier may give alone, as basis points of what it applies to (1000 = 10%).
    discount_limit_bp: int = field(default=1000, metadata={"key": "discount.limit_bp"})
    # A quantity typed at the counter above this many (packs, on one line) asks the cashier to confirm; 0: never.
    counter_confirm_qty_above: int = field(default=100, metadata={"key": "counter.confirm_qty_above"})
    # Receipt printer: one URI (tcp://HOST:9100, usb://VID:PID, serial:..., file:..., cups:NAME, win32:NAME,
    # preview:); empty means no printer, and nothing is queued.
    printer_uri: str = field(default="", metadata={"key": "printer.uri"})
    printer_profile: str = field(default="default", metadata={"key": "printer.profile"})
    printer_columns: PrinterWidth = field(default=32, metadata={"key": "printer.columns"})
    # "auto": text in the Latin code page the printer's profile lists ("Café" prints so); "ascii": plain letters.
    printer_codepage: Literal["auto", "ascii"] = field(default="auto", metadata={"key": "printer.codepage"})
    # Count a slip as printed only when the printer confirms it; a printer that never answers then gets none.
    printer_confirm: bool = field(default=False, metadata={"key": "printer.confirm"})
    receipt_header: str = field(default="", metadata={"key": "receipt.header"})
    receipt_footer: str = field(default="Terima kasih atas kunjungan Anda", metadata={"key": "receipt.footer"})
    # Under sales not made in the shop (orders, delivery platforms) and on delivery slips.
    receipt_order_footer: str = field(
        default="Terima kasih atas pesanan Anda", metadata={"key": "receipt.order_footer"}
    )
    receipt_auto_print: bool = field(default=True, metadata={"key": "receipt.auto_print"})
    drawer_kick_on_cash: bool = field(default=True, metadata={"key": "drawer.kick_on_cash"})
    # An order ticket for the kitchen or the bar with every sale (add-ons and notes, no prices).
    ticket_auto_print: bool = field(default=False, metadata={"key": "ticket.auto_print"})
    # The first two digits of the EAN-13 barcodes the shop makes for its own goods.
    labels_ean_prefix: EanPrefix = field(default="21", metadata={"key": "labels.ean_prefix"})
    # The dashboard warns of batches expiring within this many days, and of supplier bills due within these.
    expiry_warn_days: int = field(default=7, metadata={"key": "expiry.warn_days"})
    payables_remind_days: int = field(default=3, metadata={"key": "payables.remind_days"})
    # The shop's static QRIS payload, made dynamic with the amount at each QRIS payment.
    qris_static_payload: str = field(default="", metadata={"key": "qris.static_payload"})
    # Where automatic backups go (a USB stick, a synced folder); empty: a `backups` folder beside the database.
    backup_folder: str = field(default="", metadata={"key": "backup.folder"})
    barcode_instore_formats: str = field(
        default="20-24:FFIIIIIWWWWWC;25-29:FFIIIIIPPPPPC", metadata={"key": "barcode.instore_formats"}
    )
    # The owner's usual catalogue to share: product ids (as text) in the order chosen; stored as a JSON list.
    catalogue_products: tuple[str, ...] = field(default=(), metadata={"key": "catalogue.products"})
    # When several promotions could apply: the mix that costs the customer least, or the owner's order.
    prices_rule: Literal["best", "priority"] = field(default="best", metadata={"key": "prices.rule"})
    # Loyalty points: one for every `earn_per` rupiah paid (0: none given), `value` rupiah off for each one
    # redeemed, lapsing `expiry_months` after they were earned (0: never). See pos.ledger.prices.loyalty.
    points_earn_per: int = field(default=0, metadata={"key": "points.earn_per"})
    points_value: int = field(default=0, metadata={"key": "points.value"})
    points_expiry_months: int = field(default=12, metadata={"key": "points.expiry_months"})

    @property
    def timezone(self) -> str:
        return self.shop_timezone

    @classmethod
    def from_stored(cls, stored: Mapping[str, Any]) -> ShopSettings:
        """The settings from values by key as stored (decoded JSON); missing keys keep their defaults.

        Keys no field knows are left out. A value of the wrong JSON type reads as the default (`put` never stores
        one); a value of the right type outside the choices is kept, as a newer version may know more choices.
        """
        found: dict[str, Any] = {}
        for key, value in stored.items():
            spec = SPECS.get(key)
            if spec is not None and spec.takes(value):
                found[spec.attribute] = spec.read(value)
        return cls(**found)

    def by_key(self) -> dict[str, Any]:
        """Every value by its stored key, as `put` takes it: for the editors whose input is a key."""
        return {spec.key: spec.stored(getattr(self, spec.attribute)) for spec in SPECS.values()}


@dataclass(frozen=True, slots=True)
class SettingSpec:
    """One setting's declaration, read off its `ShopSettings` field."""

    key: str  # stored and synced under this
    attribute: str
    default: Any
    stored_type: type  # the Python type of its decoded JSON
    choices: tuple[Any, ...] | None  # None: any value of `stored_type`

    def takes(self, value: object) -> bool:
        """Whether a decoded JSON value has this setting's type (`True` is no number here)."""
        return type(value) is self.stored_type

    def read(self, value: Any) -> Any:
        return tuple(str(v) for v in value) if self.stored_type is list else value

    def stored(self, value: Any) -> Any:
        return list(value) if self.stored_type is list else value


def _specs() -> dict[str, SettingSpec]:
    hints = typing.get_type_hints(ShopSettings)
    specs: dict[str, SettingSpec] = {}
    for f in dataclasses.fields(ShopSettings):
        hint = hints[f.name]
        choices = typing.get_args(hint) if typing.get_origin(hint) is Literal else None
        stored_type = list if isinstance(f.default, tuple) else type(f.default)
        specs[f.metadata["key"]] = SettingSpec(f.metadata["key"], f.name, f.default, stored_type, choices)
    return specs


SPECS: Final[Mapping[str, SettingSpec]] = _specs()
# The defaults by stored key (as JSON values): for code that reads settings kept elsewhere (the service's copy).
DEFAULTS: Final[Mapping[str, Any]] = {key: spec.stored(spec.default) for key, spec in SPECS.items()}

_ALL_SETTINGS = text("SELECT key, value FROM settings")  # read by every sale


def load(session: Session) -> ShopSettings:
    """Every setting, stored values over defaults, in one query."""
    return ShopSettings.from_stored({key: json.loads(raw) for key, raw in session.connection().execute(_ALL_SETTINGS)})


def check(key: str, value: Any) -> None:
    """Raise `InvalidInput` unless `key` is a known setting and `value` has its type and is one of its choices."""
    spec = SPECS.get(key)
    if spec is None:
        raise InvalidInput(N_("Unknown setting '{key}'."), key=key)
    if spec.choices is not None and value not in spec.choices:
        raise InvalidInput(N_("'{value}' is not allowed for setting '{key}'."), value=value, key=key)
    if not spec.takes(value):
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
