"""QRIS payment codes: read and check a shop's QRIS payload and turn it into a dynamic one with an amount."""

from __future__ import annotations

import binascii
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from pos.i18n import N_
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money

TAG_FORMAT: Final = "00"
TAG_INITIATION: Final = "01"
TAG_QRIS_ACCOUNT: Final = "51"
TAG_MCC: Final = "52"
TAG_CURRENCY: Final = "53"
TAG_AMOUNT: Final = "54"
TAG_TIP: Final = "55"
TAG_FEE_FIXED: Final = "56"
TAG_FEE_PERCENT: Final = "57"
TAG_COUNTRY: Final = "58"
TAG_NAME: Final = "59"
TAG_CITY: Final = "60"
TAG_POSTAL: Final = "61"
TAG_ADDITIONAL: Final = "62"
TAG_CRC: Final = "63"
TAG_LANGUAGE: Final = "64"

FORMAT_VERSION: Final = "01"
STATIC: Final = "11"
DYNAMIC: Final = "12"
RUPIAH_CODE: Final = "360"
COUNTRY_INDONESIA: Final = "ID"
QRIS_GUID: Final = "ID.CO.QRIS.WWW"
MAX_AMOUNT_DIGITS: Final = 13

# 02-25 are primitive accounts of the card schemes; 26-51 are templates. Either kind is somewhere to pay into.
ACCOUNT_TAGS: Final = frozenset(f"{n:02d}" for n in range(2, 52))
ACCOUNT_TEMPLATE_TAGS: Final = frozenset(f"{n:02d}" for n in range(26, 52))
# Besides the account templates, additional data (62) and the merchant's other language (64) nest objects.
TEMPLATE_TAGS: Final = ACCOUNT_TEMPLATE_TAGS | {TAG_ADDITIONAL, TAG_LANGUAGE}
# A dynamic code carries exactly one amount: any amount, tip or fee of the code it was made from must go.
_DROPPED_FOR_DYNAMIC: Final = frozenset({TAG_AMOUNT, TAG_TIP, TAG_FEE_FIXED, TAG_FEE_PERCENT, TAG_CRC})

_HEADER: Final = 4
_CRC_HEADER: Final = TAG_CRC + "04"
_HEX4 = re.compile(r"[0-9A-Fa-f]{4}")
# EMVCo writes amounts with an optional decimal point; rupiah have no cents, so only zeros may follow it.
_AMOUNT = re.compile(r"([0-9]+)(?:\.([0-9]{0,2}))?")


def _is_digits(text: str) -> bool:
    # str.isdigit alone also accepts Arabic-Indic and superscript digits.
    return text.isascii() and text.isdigit()


@dataclass(frozen=True, slots=True)
class Tlv:
    """One EMVCo data object: a two-digit tag and its value; the length is always the value's length."""

    tag: str
    value: str

    def __post_init__(self) -> None:
        # Only code builds these from anything but a parsed payload, so a bad one is a bug, not bad input.
        if len(self.tag) != 2 or not _is_digits(self.tag):
            raise ValueError(f"a tag is two digits, not {self.tag!r}")
        if len(self.value) > 99:
            raise ValueError(f"a value holds at most 99 characters, not {len(self.value)}")

    def encode(self) -> str:
        """`tag`, the length as two digits, then `value`: `5802ID`."""
        return f"{self.tag}{len(self.value):02d}{self.value}"


class _Malformed(Exception):
    """Where splitting stopped; turned into an `InvalidInput` worded for the level that failed."""

    def __init__(self, position: int, truncated: bool) -> None:
        super().__init__(position)
        self.position = position
        self.truncated = truncated


def _split(text: str) -> tuple[Tlv, ...]:
    objects: list[Tlv] = []
    pos = 0
    while pos < len(text):
        header = text[pos : pos + _HEADER]
        if not _is_digits(header):
            raise _Malformed(pos, truncated=False)
        if len(header) < _HEADER:
            raise _Malformed(pos, truncated=True)
        end = pos + _HEADER + int(header[2:])
        if end > len(text):
            raise _Malformed(pos, truncated=True)
        objects.append(Tlv(header[:2], text[pos + _HEADER : end]))
        pos = end
    return tuple(objects)


def parse_tlv(text: str) -> tuple[Tlv, ...]:
    """Split a run of data objects (a payload's top level or a template), in order and exactly as written."""
    try:
        return _split(text)
    except _Malformed as err:
        if err.truncated:
            raise InvalidInput(
                N_("The QRIS code is incomplete: it ends too early. Copy the whole code and try again.")
            ) from None
        raise InvalidInput(
            N_("The QRIS code is damaged: it cannot be read from character {position} on."),
            position=err.position + 1,
        ) from None


def serialise(objects: Iterable[Tlv]) -> str:
    """The text of `objects`; for what `parse_tlv` returned, exactly the text it was given."""
    return "".join(obj.encode() for obj in objects)


def _parse_template(obj: Tlv) -> tuple[Tlv, ...]:
    try:
        return _split(obj.value)
    except _Malformed:
        raise InvalidInput(N_("The QRIS code is damaged: its field {tag} cannot be read."), tag=obj.tag) from None


def find(objects: Iterable[Tlv], tag: str) -> str | None:
    """The value of the first object tagged `tag`, or None."""
    return next((obj.value for obj in objects if obj.tag == tag), None)


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, not reflected, no final xor), as EMVCo QR codes use."""
    # crc_hqx is this very CRC (MSB first, poly 0x1021) when seeded with 0xFFFF, and it runs in C.
    return binascii.crc_hqx(data, 0xFFFF)


def crc_text(data: str) -> str:
    """The check code of a payload's text up to and including `6304`: four upper-case hex digits."""
    return f"{crc16_ccitt_false(data.encode('utf-8')):04X}"


@dataclass(frozen=True, slots=True)
class QrisPayload:
    """A checked QRIS merchant payload: its data objects exactly as written, plus the fields a shop needs."""

    objects: tuple[Tlv, ...]
    merchant_name: str
    merchant_city: str
    postal_code: str | None
    nmid: str | None
    mcc: str
    is_dynamic: bool
    amount: Money | None

    @property
    def is_static(self) -> bool:
        return not self.is_dynamic

    def value(self, tag: str) -> str | None:
        """The value of top-level `tag`, or None when the payload has none."""
        return find(self.objects, tag)

    def template(self, tag: str) -> tuple[Tlv, ...] | None:
        """The nested objects of template `tag` (26-51, 62 or 64), or None when the payload has none."""
        obj = next((o for o in self.objects if o.tag == tag), None)
        if obj is None:
            return None
        if tag not in TEMPLATE_TAGS:
            raise ValueError(f"tag {tag} is not a template")
        return _parse_template(obj)

    def serialise(self) -> str:
        """The payload text, byte for byte as it was parsed (after trimming surrounding whitespace)."""
        return serialise(self.objects)

    def __str__(self) -> str:
        return self.serialise()


def _field_error(tag: str) -> InvalidInput:
    return InvalidInput(N_("The QRIS code is damaged: its field {tag} has a wrong value."), tag=tag)


def _required(values: dict[str, str], tag: str) -> str:
    value = values.get(tag)
    if not value:
        raise InvalidInput(N_("The QRIS code is incomplete: its required field {tag} is missing."), tag=tag)
    return value


def _numeric(values: dict[str, str], tag: str, length: int) -> str:
    value = _required(values, tag)
    if len(value) != length or not _is_digits(value):
        raise _field_error(tag)
    return value


def _amount(value: str) -> Money:
    match = _AMOUNT.fullmatch(value)
    if not match or int(match[2] or "0") != 0 or int(match[1]) == 0:
        raise _field_error(TAG_AMOUNT)
    return Money(int(match[1]))


def _nmid(objects: tuple[Tlv, ...]) -> str | None:
    # The national merchant id sits under 02 of the template whose GUID is QRIS's own, which is 51 in every
    # code seen so far; fall back to 51 for issuers that leave the GUID out.
    accounts = {obj.tag: _parse_template(obj) for obj in objects if obj.tag in ACCOUNT_TEMPLATE_TAGS}
    for nested in accounts.values():
        if (find(nested, "00") or "").upper() == QRIS_GUID:
            return find(nested, "02")
    return find(accounts.get(TAG_QRIS_ACCOUNT, ()), "02")


def parse_payload(text: str) -> QrisPayload:
    """Read and check a QRIS merchant payload as pasted or scanned; any problem raises `InvalidInput`."""
    text = text.strip()
    if not text:
        raise InvalidInput(N_("The QRIS code is empty."))
    if not text.startswith(TAG_FORMAT + "02" + FORMAT_VERSION):
        raise InvalidInput(N_("This is not a QRIS payment code: it does not start with 000201."))
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(N_("The QRIS code is damaged: it contains characters that cannot be read.")) from None
    objects = parse_tlv(text)
    last = objects[-1]
    if last.tag != TAG_CRC or len(last.value) != 4:
        raise InvalidInput(N_("The QRIS code is incomplete: its check code (CRC) is missing at the end."))
    # The standard writes the check code in upper case; some generators write lower case, which still
    # carries the same number, so both are accepted.
    if not _HEX4.fullmatch(last.value) or int(last.value, 16) != crc16_ccitt_false(data[:-4]):
        raise InvalidInput(N_("The QRIS code is damaged: its check code (CRC) does not match."))

    values: dict[str, str] = {}
    for obj in objects:
        if obj.tag in values:
            raise InvalidInput(N_("The QRIS code is damaged: its field {tag} appears twice."), tag=obj.tag)
        values[obj.tag] = obj.value
        if obj.tag in TEMPLATE_TAGS:
            _parse_template(obj)

    initiation = _numeric(values, TAG_INITIATION, 2)
    if initiation not in (STATIC, DYNAMIC):
        raise _field_error(TAG_INITIATION)
    if not ACCOUNT_TAGS & values.keys():
        raise InvalidInput(N_("The QRIS code has no merchant account to pay into."))
    mcc = _numeric(values, TAG_MCC, 4)
    if _numeric(values, TAG_CURRENCY, 3) != RUPIAH_CODE:
        raise InvalidInput(N_("This QR code is not for payments in rupiah."))
    if _required(values, TAG_COUNTRY) != COUNTRY_INDONESIA:
        raise InvalidInput(N_("This QR code is not an Indonesian QRIS code."))
    if TAG_TIP in values and not (len(values[TAG_TIP]) == 2 and _is_digits(values[TAG_TIP])):
        raise _field_error(TAG_TIP)
    amount = values.get(TAG_AMOUNT)
    return QrisPayload(
        objects=objects,
        merchant_name=_required(values, TAG_NAME),
        merchant_city=_required(values, TAG_CITY),
        postal_code=values.get(TAG_POSTAL) or None,
        nmid=_nmid(objects),
        mcc=mcc,
        is_dynamic=initiation == DYNAMIC,
        amount=None if amount is None else _amount(amount),
    )


def make_dynamic(payload: str | QrisPayload, amount: Money) -> str:
    """The dynamic QRIS payload asking for `amount`, built from a shop's static (or earlier dynamic) payload.

    Every other object keeps its place; the amount goes right before the country code, where QRIS generators
    put it, and the check code is computed afresh.
    """
    if amount.rupiah <= 0:
        raise InvalidInput(N_("A QRIS payment must be for more than Rp 0."))
    digits = str(amount.rupiah)
    if len(digits) > MAX_AMOUNT_DIGITS:
        raise InvalidInput(N_("The amount is too large for a QRIS payment."))
    parsed = payload if isinstance(payload, QrisPayload) else parse_payload(payload)
    objects: list[Tlv] = []
    for obj in parsed.objects:
        if obj.tag in _DROPPED_FOR_DYNAMIC:
            continue
        if obj.tag == TAG_COUNTRY:
            objects.append(Tlv(TAG_AMOUNT, digits))
        objects.append(Tlv(TAG_INITIATION, DYNAMIC) if obj.tag == TAG_INITIATION else obj)
    body = serialise(objects) + _CRC_HEADER
    return body + crc_text(body)
