"""Phone numbers checked and kept in one form, with Google's libphonenumber (the `phonenumbers` package).

An Indonesian number is kept as Indonesians write it, 0812-3456-7890 (whatever was typed: +62 812..., 62812...,
0062 812..., +62 (0)812..., 812...); a number from abroad in its international form, +65 9123 4567. The counter,
the CLI and spreadsheet imports all store what `phone_number` returns; `wa_number` is the one place a number
becomes the digits of a wa.me link, for kasbon reminders, promotions and the catalogue's ordering code alike.
"""

from __future__ import annotations

import re
from typing import Final

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumber, PhoneNumberFormat

from pos.i18n import N_
from pos.ledger.base.errors import InvalidInput

REGION: Final = "ID"
# Longer than any number libphonenumber accepts: typing past it is refused before it is parsed.
MAX_LENGTH: Final = 40
# "00" dials abroad as "+" does; libphonenumber reads it only with the region's own call prefixes (001, 007...).
_CALL_ABROAD: Final = re.compile(r"^\s*00(?=[1-9])")


def _parsed(text: str) -> PhoneNumber | None:
    if len(text) > MAX_LENGTH:
        return None
    try:
        number = phonenumbers.parse(_CALL_ABROAD.sub("+", text), REGION)
    except NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def _kept(number: PhoneNumber) -> str:
    local = phonenumbers.region_code_for_number(number) == REGION
    return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL if local else PhoneNumberFormat.INTERNATIONAL)


def phone_number(text: str) -> str:
    """`text` in the one form phone numbers are kept in, or "" for none; refuses what is not a phone number."""
    clean = text.strip()
    if not clean:
        return ""
    number = _parsed(clean)
    if number is None:
        raise InvalidInput(N_("'{text}' is not a phone number: write it as 0812-3456-7890."), text=clean[:MAX_LENGTH])
    return _kept(number)


def phone_or_blank(stored: str) -> str:
    """A number as it is shown, for one stored before numbers were checked: kept form when it reads, else ""."""
    number = _parsed(stored.strip()) if stored.strip() else None
    return _kept(number) if number is not None else ""


def wa_number(phone: str) -> str | None:
    """The number as WhatsApp links want it (628123456789), or None when `phone` is no phone number."""
    number = _parsed(phone.strip()) if phone.strip() else None
    if number is None:
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164).lstrip("+")
