"""Lines of a statement as the page shows them, and turning report dataclasses into plain JSON."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any, Literal

from pos import i18n
from pos.ledger.base.money import FULL_BP, div_round_half_up

Style = Literal["heading", "item", "subtotal", "total"]


@dataclass(frozen=True, slots=True)
class AccountName:
    code: str
    name: str
    name_en: str

    def caption(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a statement: an account or a fixed caption, its amount and the comparison's.

    Amounts carry the sign the heading above them implies (an expense under "Beban usaha" is positive), so a
    page prints them as they are; a negative amount is a deduction and prints in brackets.
    """

    key: str
    label: str  # English message id of a fixed caption; empty on account rows
    account: AccountName | None
    amount: int | None  # None on headings
    compare: int | None
    style: Style = "item"

    def caption(self, lang: str | None = None) -> str:
        lang = lang or i18n.language()
        if self.account is not None:
            return self.account.caption(lang)
        return i18n.catalogue(lang).gettext(self.label)

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = plain(self)
        return found


def heading(key: str, label: str) -> Row:
    return Row(key, label, None, None, None, "heading")


def margin_bp(profit: int, sales: int) -> int:
    """Profit as basis points of sales (2345 is 23,45%), in integers; zero when there were no sales."""
    return div_round_half_up(profit * FULL_BP, sales) if sales > 0 else 0


def plain(value: Any) -> Any:
    """A report dataclass as JSON-ready values: dates as ISO text, UUIDs as hex, tuples as lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value
