"""Builders for the first-run and settings tests: QRIS codes as a bank prints them, and a new shop's profile."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pos.ledger.counter.qris import crc_text
from pos.ledger.setup.new_shop import ShopProfile

OWNER = "Bu Ani"
OWNER_PIN = "482913"
# A real-looking NPWP typed the way it is printed on the card, and what the shop keeps of it.
NPWP_TYPED = "01.234.567.8-901.000"
NIB = "1234567890123"


def _tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def qris(initiation: str = "11", amount: str | None = None, name: str = "TOKO ANI") -> str:
    """A QRIS merchant payload with a correct check code: static ("11") unless told, with an amount if given."""
    account = _tlv("00", "ID.CO.QRIS.WWW") + _tlv("01", "936001230000123456") + _tlv("02", "ID1023456789012")
    body = (
        _tlv("00", "01")
        + _tlv("01", initiation)
        + _tlv("51", account)
        + _tlv("52", "5411")
        + _tlv("53", "360")
        + (_tlv("54", amount) if amount else "")
        + _tlv("58", "ID")
        + _tlv("59", name)
        + _tlv("60", "SLEMAN")
        + "6304"
    )
    return body + crc_text(body)


def damaged_qris() -> str:
    """A static payload whose last check digit was mistyped."""
    good = qris()
    return good[:-1] + ("0" if good[-1] != "0" else "1")


PROFILE = ShopProfile(
    shop_name="Toko Ani",
    owner_name=OWNER,
    owner_pin=OWNER_PIN,
    owner_pin_again=OWNER_PIN,
    address="Jl. Kaliurang km 7, Sleman",
    city="Sleman",
    phone="0812 2233 4455",
    nib=NIB,
    npwp=NPWP_TYPED,
    ppn_mode="inclusive",
    printer_uri="preview:",
    printer_columns=48,
    qris_payload=qris(),
)


def profile(**changes: Any) -> ShopProfile:
    return replace(PROFILE, **changes)
