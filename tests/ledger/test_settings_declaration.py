"""The one declaration of the settings: every stored key has a typed attribute with its default and choices, the
keys stay the names stored and synced, and values a counter did not write itself read as before."""

from __future__ import annotations

import dataclasses
import json
import typing
from typing import Any

import pytest
from sqlalchemy import text

from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.replication.sync_state import waiting_count
from pos.ledger.shop import settings

# The names stored in table `settings` and carried by sync: renaming one loses every shop's value.
STORED_KEYS = frozenset(
    {
        "shop.name", "shop.owner", "shop.address", "shop.phone", "shop.nib", "shop.npwp", "shop.timezone",
        "shop.city", "pph.rate_bp", "pph.exemption", "pph.taxpayer", "language", "ppn.mode", "ppn.rate_bp",
        "ppn.base_num", "ppn.base_den", "rounding.increment", "rounding.scope", "rounding.direction",
        "discount.limit_bp", "counter.confirm_qty_above", "printer.uri", "printer.profile", "printer.columns",
        "printer.codepage", "printer.confirm", "receipt.header", "receipt.footer", "receipt.order_footer",
        "receipt.auto_print", "drawer.kick_on_cash", "ticket.auto_print", "labels.ean_prefix", "expiry.warn_days",
        "payables.remind_days", "qris.static_payload", "backup.folder", "barcode.instore_formats",
        "catalogue.products", "prices.rule", "points.earn_per", "points.value", "points.expiry_months",
    }
)  # fmt: skip


def _other(spec: settings.SettingSpec) -> Any:
    """A value of the setting's type other than its default."""
    if spec.choices is not None:
        return next(c for c in spec.choices if c != spec.default)
    if spec.stored_type is bool:
        return not spec.default
    if spec.stored_type is int:
        return spec.default + 7
    return ["p1", "p2"] if spec.stored_type is list else "Toko Ani"


def test_every_key_has_an_attribute_whose_type_default_and_choices_agree() -> None:
    assert set(settings.SPECS) == STORED_KEYS
    hints = typing.get_type_hints(settings.ShopSettings)
    fields = {f.name for f in dataclasses.fields(settings.ShopSettings)}
    defaults = settings.ShopSettings()
    assert {spec.attribute for spec in settings.SPECS.values()} == fields  # one attribute a key, no spare ones
    for key, spec in settings.SPECS.items():
        assert spec.key == key and spec.attribute == key.replace(".", "_")
        stored_default = settings.DEFAULTS[key]
        assert type(stored_default) is spec.stored_type, key
        assert spec.stored(getattr(defaults, spec.attribute)) == stored_default, key
        settings.check(key, stored_default)  # the default passes its own check
        hint = hints[spec.attribute]
        if spec.choices is None:
            assert typing.get_origin(hint) is not typing.Literal, key
        else:
            assert stored_default in spec.choices, key
            assert all(type(c) is spec.stored_type for c in spec.choices), key
            assert spec.choices == typing.get_args(hint), key
    assert defaults.by_key() == dict(settings.DEFAULTS)


def test_each_value_put_by_key_reads_back_as_its_attribute_stored_as_the_same_json(db: Database) -> None:
    chosen = {key: _other(spec) for key, spec in settings.SPECS.items()}
    with db.write() as s:
        for key, value in chosen.items():
            settings.put(s, key, value)
    with db.read() as s:
        values = settings.load(s)
        stored = {k: v for k, v in s.execute(text("SELECT key, value FROM settings"))}
    for key, value in chosen.items():
        spec = settings.SPECS[key]
        assert getattr(values, spec.attribute) == spec.read(value), key
        assert stored[key] == json.dumps(value), key  # the storage format is the one the other counters read
    assert values.by_key() == chosen


def test_put_refuses_an_unknown_key_a_wrong_type_or_a_value_outside_the_choices(db: Database) -> None:
    with db.read() as s:
        before, events = settings.load(s), waiting_count(s)
    for key, value in [
        ("shop.colour", "red"),
        ("printer.columns", "42"),  # text, not a number
        ("receipt.auto_print", 1),  # a number, not yes/no
        ("rounding.increment", True),  # True == 1 in Python, yet no rounding step
        ("rounding.increment", 250),
        ("catalogue.products", "p1"),
        ("ppn.mode", "sometimes"),
    ]:
        with pytest.raises(InvalidInput), db.write() as s:
            settings.put(s, key, value)
    with db.read() as s:
        assert settings.load(s) == before
        assert waiting_count(s) == events


def test_values_written_elsewhere_read_as_before(db: Database) -> None:
    """A synced or hand-edited row is stored as it came; reading never fails on it. A key no field knows is left
    in the table and out of the settings; a value of the wrong type reads as the default (every reader cast it,
    or failed); a value of the right type outside the choices is kept, as a newer version may know more."""
    rows = {
        "shop.colour": '"red"',
        "printer.columns": '"42"',
        "receipt.auto_print": "0",
        "discount.limit_bp": "null",
        "catalogue.products": '"p1"',
        "shop.name": '["Toko"]',
        "rounding.increment": "250",
        "ppn.rate_bp": "1100",
    }
    with db.read() as s:
        before = settings.load(s)
    with db.write() as s:
        for key, raw in rows.items():
            s.execute(
                text("INSERT OR REPLACE INTO settings (key, value, hlc) VALUES (:k, :v, '')"), {"k": key, "v": raw}
            )
    with db.read() as s:
        values = settings.load(s)
        kept = {k: v for k, v in s.execute(text("SELECT key, value FROM settings")) if k in rows}
    defaults = settings.ShopSettings()
    assert values == dataclasses.replace(
        before,
        printer_columns=defaults.printer_columns,
        receipt_auto_print=defaults.receipt_auto_print,
        discount_limit_bp=defaults.discount_limit_bp,
        catalogue_products=defaults.catalogue_products,
        shop_name=defaults.shop_name,
        rounding_increment=250,  # type: ignore[arg-type]  # outside the Literal on purpose
        ppn_rate_bp=1100,
    )
    assert kept == rows  # reading changes nothing stored
