"""Changing the shop's settings as a person does from a form: every value checked first, then all written or none.

`settings.put` knows only types and choices; here are the rules a person's typing needs (an NPWP has 15 or 16
digits, a QRIS code must read), and each refusal names the setting it is about so a screen can show it by the field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from sqlalchemy.orm import Session

from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.clock import utc_now
from pos.ledger.base.errors import InvalidInput, NotAllowed
from pos.ledger.base.money import FULL_BP
from pos.ledger.base.phones import phone_number
from pos.ledger.books import audit
from pos.ledger.books.approvals import Actor
from pos.ledger.counter.qris import parse_payload
from pos.ledger.replication import authority
from pos.ledger.shop import settings
from pos.ledger.stock import barcodes

NIB_DIGITS: Final = 13
NPWP_DIGITS: Final = (15, 16)
MAX_TEXT: Final = 200
MAX_RECEIPT_TEXT: Final = 300
MAX_BASE: Final = 100
MAX_QTY_BOUND: Final = 1_000_000  # the quantity bound the counter confirms above, at most
MAX_REMIND_DAYS: Final = 90  # how far ahead the dashboard's reminders may look
_SEPARATORS = re.compile(r"[\s.\-/]")
_TEXT_KEYS: Final = frozenset(k for k, v in settings.DEFAULTS.items() if isinstance(v, str))


class InvalidSetting(InvalidInput):
    """One value refused; `key` is the setting (or form field) it belongs to."""

    def __init__(self, setting: str, msgid: str, /, **params: object) -> None:
        super().__init__(msgid, **params)
        self.key = setting


class SettingsRefused(InvalidInput):
    """Some values were refused and nothing was written; `problems` has one refusal per field, in form order."""

    def __init__(self, problems: tuple[InvalidSetting, ...]) -> None:
        super().__init__(N_("Some values are not right; nothing was saved."))
        self.problems = problems

    def __str__(self) -> str:
        return str(self.problems[0]) if self.problems else _(self.msgid)

    def by_key(self) -> dict[str, str]:
        """Each refused field's message, translated now."""
        return {p.key: str(p) for p in self.problems}


def _digits(key: str, text: str) -> str:
    digits = _SEPARATORS.sub("", text)
    if not (digits.isascii() and digits.isdigit()):
        raise InvalidSetting(key, N_("Only digits, please (dots and dashes may stay)."))
    return digits


def _nib(text: str) -> str:
    if not text:
        return ""
    digits = _digits("shop.nib", text)
    if len(digits) != NIB_DIGITS:
        raise InvalidSetting("shop.nib", N_("An NIB has 13 digits; this one has {n}."), n=len(digits))
    return digits


def _npwp(text: str) -> str:
    """15 digits are written the familiar way (01.234.567.8-901.000); the 16-digit NPWP (a NIK) as digits."""
    if not text:
        return ""
    digits = _digits("shop.npwp", text)
    if len(digits) not in NPWP_DIGITS:
        raise InvalidSetting("shop.npwp", N_("An NPWP has 15 or 16 digits; this one has {n}."), n=len(digits))
    if len(digits) == 16:
        return digits
    d = digits
    return f"{d[0:2]}.{d[2:5]}.{d[5:8]}.{d[8]}-{d[9:12]}.{d[12:15]}"


def _phone(text: str) -> str:
    # The shop's number goes on receipts and the catalogue: checked, and kept in the one form customers' are.
    try:
        return phone_number(text)
    except InvalidInput:
        raise InvalidSetting("shop.phone", N_("A phone number has 6 to 15 digits, such as 0812 3456 7890.")) from None


def _qris(text: str) -> str:
    if not text:
        return ""
    try:
        payload = parse_payload(text)
    except InvalidInput as err:
        raise InvalidSetting("qris.static_payload", err.msgid, **err.params) from None
    if payload.is_dynamic:
        raise InvalidSetting(
            "qris.static_payload",
            N_("This QRIS code is for one payment only. Use the shop's own QRIS, the one printed for the counter."),
        )
    return payload.serialise()


def _folder(text: str) -> str:
    if not text:
        return ""
    path = Path(text).expanduser()
    if not path.is_absolute():
        raise InvalidSetting("backup.folder", N_("Choose the whole path of the backup folder."))
    if not path.is_dir():
        raise InvalidSetting("backup.folder", N_("The folder {folder} does not exist."), folder=text)
    return text


def _receipt_text(key: str, text: str) -> str:
    # One line per line of paper: spaces at the ends of lines and blank lines at the ends would only waste paper.
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    cleaned = "\n".join(lines).strip("\n")
    if len(cleaned) > MAX_RECEIPT_TEXT:
        raise InvalidSetting(key, N_("At most {n} characters, please."), n=MAX_RECEIPT_TEXT)
    return cleaned


def _bp(key: str, value: int, low: int) -> int:
    if not low <= value <= FULL_BP:
        raise InvalidSetting(key, N_("Give a percentage from {low} to 100."), low=fmt.percent_figure(low))
    return value


def percent_bp(key: str, text: str) -> int:
    """A percentage as typed (`12`, `0,5`, `11.5`) in basis points (1200, 50, 1150); `InvalidSetting` if not one."""
    try:
        return fmt.parse_percent(text)
    except InvalidInput:
        raise InvalidSetting(key, N_("Write a percentage such as 12 or 0,5.")) from None


def clean(key: str, value: Any) -> Any:
    """`value` checked and tidied for setting `key`; raises `InvalidSetting` naming `key` when it is refused."""
    if isinstance(value, str) and key in _TEXT_KEYS:
        value = value.strip()
        if key.startswith("receipt."):
            value = _receipt_text(key, value)
        elif key not in ("qris.static_payload", "barcode.instore_formats") and len(value) > MAX_TEXT:
            raise InvalidSetting(key, N_("At most {n} characters, please."), n=MAX_TEXT)
    try:
        settings.check(key, value)
    except InvalidInput as err:
        raise InvalidSetting(key, err.msgid, **err.params) from None
    if key == "shop.name" and not value:
        raise InvalidSetting(key, N_("The shop needs a name."))
    if key == "shop.nib":
        return _nib(value)
    if key == "shop.npwp":
        return _npwp(value)
    if key == "shop.phone":
        return _phone(value)
    if key == "qris.static_payload":
        return _qris(value)
    if key == "backup.folder":
        return _folder(value)
    if key == "ppn.rate_bp":
        return _bp(key, value, 1)
    if key in ("pph.rate_bp", "discount.limit_bp"):
        return _bp(key, value, 0)
    if key in ("ppn.base_num", "ppn.base_den") and not 1 <= value <= MAX_BASE:
        raise InvalidSetting(key, N_("Give a whole number from 1 to {n}."), n=MAX_BASE)
    if key == "counter.confirm_qty_above" and not 0 <= value <= MAX_QTY_BOUND:
        raise InvalidSetting(key, N_("Give a whole number from 0 (never ask) to {n}."), n=MAX_QTY_BOUND)
    if key in ("expiry.warn_days", "payables.remind_days") and not 0 <= value <= MAX_REMIND_DAYS:
        raise InvalidSetting(key, N_("Give a whole number of days from 0 to {n}."), n=MAX_REMIND_DAYS)
    if key == "pph.exemption" and value < 0:
        raise InvalidSetting(key, N_("The amount cannot be below zero."))
    if key == "barcode.instore_formats":
        try:
            barcodes.parse_formats(value)
        except InvalidInput as err:
            raise InvalidSetting(key, err.msgid, **err.params) from None
    return value


def clean_all(values: Mapping[str, Any], current: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Every value checked (see `clean`); raises `SettingsRefused` with a refusal for each bad one.

    Rules that tie two settings together look at `current` (the stored settings) for the one not being changed.
    """
    cleaned: dict[str, Any] = {}
    problems: list[InvalidSetting] = []
    for key, value in values.items():
        try:
            cleaned[key] = clean(key, value)
        except InvalidSetting as problem:
            problems.append(problem)
    if not problems:  # a rule across two fields means little while one of them is wrong on its own
        problems.extend(_together(cleaned, {**settings.DEFAULTS, **(current or {}), **cleaned}))
    if problems:
        raise SettingsRefused(tuple(problems))
    return cleaned


def _together(cleaned: Mapping[str, Any], merged: Mapping[str, Any]) -> list[InvalidSetting]:
    found: list[InvalidSetting] = []
    if {"ppn.base_num", "ppn.base_den"} & cleaned.keys() and merged["ppn.base_num"] > merged["ppn.base_den"]:
        key = "ppn.base_num" if "ppn.base_num" in cleaned else "ppn.base_den"
        found.append(InvalidSetting(key, N_("The part of the price taxed cannot be more than all of it.")))
    if {"ppn.mode", "shop.npwp"} & cleaned.keys() and merged["ppn.mode"] != "none" and not merged["shop.npwp"]:
        # A PKP must print its NPWP on receipts that charge PPN.
        key = "shop.npwp" if "shop.npwp" in cleaned else "ppn.mode"
        found.append(InvalidSetting(key, N_("A PKP shop charging PPN must give its NPWP.")))
    return found


def save_settings(
    session: Session, values: Mapping[str, Any], *, by: Actor, at: dt.datetime | None = None
) -> tuple[str, ...]:
    """Check every value, then store those that changed, in the caller's transaction; returns the keys stored.

    Only an owner may change settings. Unchanged values are not written again: each write travels to the other
    counters and would win over a newer change made there.
    """
    if not by.is_owner:
        raise NotAllowed(N_("Only the owner may change the shop's settings."))
    authority.require_owner_device(session, "settings")
    current = settings.load(session).by_key()
    cleaned = clean_all(values, current)
    changed = tuple(key for key, value in cleaned.items() if value != current[key])
    for key in changed:
        settings.put(session, key, cleaned[key])
    if changed:
        # Keys only: values such as the NPWP or the QRIS code have no place in the audit log.
        audit.record(session, "settings.change", at=at or utc_now(), user_id=by.user_id, detail={"keys": list(changed)})
    return changed
