"""Setting up a new shop in one go: its profile, taxes, printer, QRIS and first owner, all written or none.

The first-run screen gathers a `ShopProfile` and hands it to `set_up_shop`; `check_profile` lets it check each
step as the person goes, with the same rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.errors import Conflict, InvalidInput
from pos.ledger.base.ids import UserId
from pos.ledger.books.approvals import Actor
from pos.ledger.people.users import add_user, check_new_pin
from pos.ledger.schema import User
from pos.ledger.setup.settings_form import InvalidSetting, SettingsRefused, clean_all
from pos.ledger.shop import settings
from pos.ledger.shop.choices import PpnMode
from pos.ledger.shop.opening import init_shop, is_initialised

# Form fields that are not settings: the owner's PIN, typed twice.
PIN: Final = "owner.pin"
PIN_AGAIN: Final = "owner.pin_again"


@dataclass(frozen=True, slots=True)
class ShopProfile:
    """What a new shop is told on its first day. Only the names and the owner's PIN are needed."""

    shop_name: str
    owner_name: str
    owner_pin: str
    owner_pin_again: str
    address: str = ""
    city: str = ""
    phone: str = ""
    nib: str = ""
    npwp: str = ""
    ppn_mode: PpnMode = "none"  # "none" unless the shop is PKP
    printer_uri: str = ""  # checked by the printing layer before it gets here
    printer_columns: int = 32
    qris_payload: str = ""
    language: str = "id"
    counter_code: str = "A"

    def settings(self) -> dict[str, Any]:
        """The profile as setting values, in the order the first-run screen asks for them."""
        return {
            "shop.name": self.shop_name,
            "shop.owner": self.owner_name,
            "shop.address": self.address,
            "shop.city": self.city,
            "shop.phone": self.phone,
            "shop.nib": self.nib,
            "shop.npwp": self.npwp,
            "ppn.mode": self.ppn_mode,
            "printer.uri": self.printer_uri,
            "printer.columns": self.printer_columns,
            "qris.static_payload": self.qris_payload,
            "language": self.language,
        }


def needs_setup(session: Session) -> bool:
    """True while the shop has no people: nobody could log in, so the first-run setup must come first."""
    return not is_initialised(session) or session.execute(select(User.id).limit(1)).first() is None


def check_profile(profile: ShopProfile) -> dict[str, Any]:
    """The profile's settings, checked and tidied; `SettingsRefused` lists every field that is wrong."""
    problems: list[InvalidSetting] = []
    try:
        values = clean_all(profile.settings())
    except SettingsRefused as refused:
        problems.extend(refused.problems)
        values = {}
    if not profile.owner_name.strip():
        problems.append(InvalidSetting("shop.owner", N_("The owner needs a name.")))
    # The PIN itself first, so "not the same" is said beside the second one only when the first is a PIN.
    for key, again in ((PIN, profile.owner_pin), (PIN_AGAIN, profile.owner_pin_again)):
        try:
            check_new_pin(profile.owner_pin, again)
        except InvalidInput as err:
            problems.append(InvalidSetting(key, err.msgid, **err.params))
            break
    code = profile.counter_code.strip()
    if not (1 <= len(code) <= 4 and code.isascii() and code.isalnum()):
        problems.append(
            InvalidSetting("counter.code", N_("The counter code must be 1 to 4 letters or digits, for example A."))
        )
    if problems:
        raise SettingsRefused(tuple(problems))
    return values


def set_up_shop(session: Session, profile: ShopProfile, *, at: dt.datetime | None = None) -> Actor:
    """Create the shop (or name the bare one `laci init` left), store its settings and add its first owner.

    Everything happens in the caller's transaction. Refuses a shop that already has people: it is set up, and
    its settings are changed by its owner from then on. Returns the new owner.
    """
    if not needs_setup(session):
        raise Conflict(N_("This shop is already set up."))
    values = check_profile(profile)
    init_shop(session, values["shop.name"], device_code=profile.counter_code)
    current = settings.load(session).by_key()
    for key, value in values.items():
        if value != current[key]:
            settings.put(session, key, value)
    owner = values["shop.owner"]
    owner_id = add_user(session, owner, "owner", profile.owner_pin, at=at)
    return Actor(UserId(owner_id), owner, "owner")
