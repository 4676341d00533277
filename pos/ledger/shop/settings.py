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
from typing import Any, Final, Literal, TypeVar

from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import DEFAULT_TIMEZONE, utc_now
from pos.ledger.base.errors import InvalidInput
from pos.ledger.replication.changes import record_change

PpnMode = Literal["none", "inclusive", "exclusive"]
Language = Literal["id", "en"]
EanPrefix = Literal["20", "21", "22", "23", "24", "25", "26", "27", "28", "29"]  # GS1's in-store 20-29

_T = TypeVar("_T")


def _stored_as(key: str, default: _T) -> _T:
    """A field's default, remembering the key the setting is stored and synced under."""
    return field(default=default, metadata={"key": key})


@dataclass(frozen=True, slots=True)
class ShopSettings:
    """Every setting, stored values over defaults. Built by `load`; `ShopSettings()` holds the defaults."""

    shop_name: str = _stored_as("shop.name", "")
    shop_owner: str = _stored_as("shop.owner", "")
    shop_address: str = _stored_as("shop.address", "")
    shop_phone: str = _stored_as("shop.phone", "")
    shop_nib: str = _stored_as("shop.nib", "")
    shop_npwp: str = _stored_as("shop.npwp", "")
    shop_timezone: str = _stored_as("shop.timezone", DEFAULT_TIMEZONE)
    shop_city: str = _stored_as("shop.city", "")  # the place on the owner's signature line of statements
    # PPh Final (PP 55/2022): 0.5% of gross monthly turnover; an individual's first Rp 500 juta a year is free.
    pph_rate_bp: int = _stored_as("pph.rate_bp", 50)
    pph_exemption: int = _stored_as("pph.exemption", 500_000_000)
    pph_taxpayer: Literal["individual", "company"] = _stored_as("pph.taxpayer", "individual")
    language: Language = _stored_as("language", "id")
    # PPN: off for non-PKP shops (most UMKM). Rate 12% on a base (DPP nilai lain) of 11/12 of the price.
    ppn_mode: PpnMode = _stored_as("ppn.mode", "none")
    ppn_rate_bp: int = _stored_as("ppn.rate_bp", 1200)
    ppn_base_num: int = _stored_as("ppn.base_num", 11)
    ppn_base_den: int = _stored_as("ppn.base_den", 12)
    # Rounding of the amount due: 0 (none), 100, 500 or 1000 rupiah; for cash only or for every method.
    # Rounding down is the default direction: shops may not round against the customer.
    rounding_increment: Literal[0, 100, 500, 1000] = _stored_as("rounding.increment", 0)
    rounding_scope: Literal["cash", "all"] = _stored_as("rounding.scope", "cash")
    rounding_direction: Literal["down", "nearest"] = _stored_as("rounding.direction", "down")
    # The largest discount a cashier may give alone, as basis points of what it applies to (1000 = 10%).
    discount_limit_bp: int = _stored_as("discount.limit_bp", 1000)
    # A quantity typed at the counter above this many (packs, on one line) asks the cashier to confirm; 0: never.
    counter_confirm_qty_above: int = _stored_as("counter.confirm_qty_above", 100)
    # Receipt printer: one URI (tcp://HOST:9100, usb://VID:PID, serial:..., file:..., cups:NAME, win32:NAME,
    # preview:); empty means no printer, and nothing is queued.
    printer_uri: str = _stored_as("printer.uri", "")
    printer_profile: str = _stored_as("printer.profile", "default")
    printer_columns: Literal[32, 42, 48] = _stored_as("printer.columns", 32)
    # "auto": text in the Latin code page the printer's profile lists ("Café" prints so); "ascii": plain letters.
    printer_codepage: Literal["auto", "ascii"] = _stored_as("printer.codepage", "auto")
    # Count a slip as printed only when the printer confirms it; a printer that never answers then gets none.
    printer_confirm: bool = _stored_as("printer.confirm", False)
    receipt_header: str = _stored_as("receipt.header", "")
    receipt_footer: str = _stored_as("receipt.footer", "Terima kasih atas kunjungan Anda")
    # Under sales not made in the shop (orders, delivery platforms) and on delivery slips.
    receipt_order_footer: str = _stored_as("receipt.order_footer", "Terima kasih atas pesanan Anda")
    receipt_auto_print: bool = _stored_as("receipt.auto_print", True)
    drawer_kick_on_cash: bool = _stored_as("drawer.kick_on_cash", True)
    # An order ticket for the kitchen or the bar with every sale (add-ons and notes, no prices).
    ticket_auto_print: bool = _stored_as("ticket.auto_print", False)
    # The first two digits of the EAN-13 barcodes the shop makes for its own goods.
    labels_ean_prefix: EanPrefix = _stored_as("labels.ean_prefix", "21")
    # The dashboard warns of batches expiring within this many days, and of supplier bills due within these.
    expiry_warn_days: int = _stored_as("expiry.warn_days", 7)
    payables_remind_days: int = _stored_as("payables.remind_days", 3)
    # The shop's static QRIS payload, made dynamic with the amount at each QRIS payment.
    qris_static_payload: str = _stored_as("qris.static_payload", "")
    # Where automatic backups go (a USB stick, a synced folder); empty: a `backups` folder beside the database.
    backup_folder: str = _stored_as("backup.folder", "")
    barcode_instore_formats: str = _stored_as("barcode.instore_formats", "20-24:FFIIIIIWWWWWC;25-29:FFIIIIIPPPPPC")
    # The owner's usual catalogue to share: product ids (as text) in the order chosen; stored as a JSON list.
    catalogue_products: tuple[str, ...] = _stored_as("catalogue.products", ())
    # When several promotions could apply: the mix that costs the customer least, or the owner's order.
    prices_rule: Literal["best", "priority"] = _stored_as("prices.rule", "best")
    # Loyalty points: one for every `earn_per` rupiah paid (0: none given), `value` rupiah off for each one
    # redeemed, lapsing `expiry_months` after they were earned (0: never). See pos.ledger.prices.loyalty.
    points_earn_per: int = _stored_as("points.earn_per", 0)
    points_value: int = _stored_as("points.value", 0)
    points_expiry_months: int = _stored_as("points.expiry_months", 12)

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
            if spec is not None and type(value) is spec.stored_type:
                found[spec.attribute] = tuple(str(v) for v in value) if spec.stored_type is list else value
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
    if type(value) is not spec.stored_type:
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
