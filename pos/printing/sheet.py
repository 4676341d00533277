"""A slip being written for a receipt printer: its lines, and the pieces every slip's layout is built from.

A `Sheet` is as wide as the paper in characters and cleans every text for the printer's code page as it is added,
so the width that was counted is the width that prints. `layout` and `order_slip` write their slips on one.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.slips.slip_types import ShopHeader
from pos.printing.text import printable

Align = Literal["left", "center", "right"]
MIN_COLUMNS: Final = 24
MAX_COLUMNS: Final = 80


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line: its text and how it looks, or a QR code, an EAN-13 barcode, the shop's logo, or the cut."""

    text: str = ""
    align: Align = "left"
    bold: bool = False
    double_height: bool = False
    double_width: bool = False
    qr: str | None = None
    cut: bool = False
    logo: bool = False
    barcode: str | None = None  # an EAN-13, drawn as bars


@dataclass
class Sheet:
    columns: int
    codepage: str
    lines: list[Line] = field(default_factory=list)

    def clean(self, text: str) -> str:
        return printable(text, self.codepage)

    def add(self, text: str = "", *, align: Align = "left", bold: bool = False, double_height: bool = False) -> None:
        self.lines.append(Line(self.clean(text), align, bold, double_height))

    def rule(self, char: str = "-") -> None:
        self.add(char * self.columns)

    def centred(self, text: str, *, bold: bool = False, big: bool = False) -> None:
        """Centred paragraphs; `big` doubles the height, and the width too when the text fits at half as many."""
        clean = self.clean(text)
        wide = big and len(clean.strip()) <= self.columns // 2
        width = self.columns // 2 if wide else self.columns
        for paragraph in text.splitlines() or [""]:
            for chunk in wrap_text(self.clean(paragraph), width):
                self.lines.append(Line(chunk, "center", bold, big, wide))

    def wrapped(self, text: str, indent: int = 0) -> None:
        for chunk in wrap_text(self.clean(text), self.columns - indent):
            self.add(" " * indent + chunk)

    def pair(self, label: str, amount: str, *, indent: int = 0, bold: bool = False, tall: bool = False) -> None:
        """`label` on the left and `amount` in the last columns; a label too long for both wraps above it."""
        room = self.columns - indent
        left, right = self.clean(label), self.clean(amount)
        chunks = wrap_text(left, room)
        last = chunks[-1]
        for chunk in chunks[:-1]:
            self.add(" " * indent + chunk, bold=bold, double_height=tall)
        if len(last) + 1 + len(right) <= room:
            self.add(" " * indent + last + right.rjust(room - len(last)), bold=bold, double_height=tall)
        else:
            self.add(" " * indent + last, bold=bold, double_height=tall)
            self.add(right.rjust(self.columns), bold=bold, double_height=tall)

    def info(self, rows: Sequence[tuple[str, str]]) -> None:
        """`Label : value` rows with the colons lined up; values wrap under themselves."""
        present = [(self.clean(k), v) for k, v in rows if v]
        if not present:
            return
        width = max(len(k) for k, _v in present)
        if width + 2 > self.columns // 2:
            for key, value in present:
                self.wrapped(f"{key}: {value}")
            return
        for key, value in present:
            chunks = wrap_text(self.clean(value), self.columns - width - 2)
            self.add(f"{key.ljust(width)}: {chunks[0]}")
            for chunk in chunks[1:]:
                self.add(" " * (width + 2) + chunk)

    def qr(self, payload: str) -> None:
        self.lines.append(Line(align="center", qr=payload))

    def cut(self) -> None:
        self.lines.append(Line(cut=True))


# A number and its unit stay on one line ("780 ml", "0,75 kg"): textwrap breaks only at ASCII whitespace, so the
# space between them is held as a no-break space while wrapping.
_NUMBER_UNIT: Final = re.compile(
    r"(?<=\d) (?=(?:ml|cl|l|lt|ltr|liter|litre|cc|mg|g|gr|gram|kg|ons|mm|cm|m|pcs|pc|oz|lb)\b)", re.IGNORECASE
)
_GLUE: Final = "\u00a0"


def wrap_text(text: str, width: int) -> list[str]:
    glued = _NUMBER_UNIT.sub(_GLUE, text)
    chunks = textwrap.wrap(glued, width, break_long_words=True, break_on_hyphens=False) or [""]
    return [chunk.replace(_GLUE, " ") for chunk in chunks]


def amount_text(rupiah: int) -> str:
    return fmt.number(rupiah)


def minus_text(rupiah: int) -> str:
    return fmt.number(-rupiah)


def when_text(moment: dt.datetime | None) -> str:
    return fmt.datetime(moment) if moment is not None else ""


def item_text(name: str, pack_milli: int, unit: str, is_weighed: bool) -> str:
    if pack_milli == 1000:
        return name
    if is_weighed:  # a priced label: the pack is the weight the label's price bought
        return f"{name} ({fmt.qty(pack_milli)} {unit})"
    return _("{name} (pack of {n})").format(name=name, n=fmt.qty(pack_milli))


def qty_text(qty_milli: int, pack_milli: int, unit: str, is_weighed: bool) -> str:
    shown_unit = is_weighed or unit not in ("", "pcs")
    return f"{fmt.qty(qty_milli)} {unit}" if shown_unit and pack_milli == 1000 else fmt.qty(qty_milli)


def add_header(sheet: Sheet, shop: ShopHeader, *, npwp: bool = False) -> None:
    sheet.lines.append(Line(logo=True))
    if shop.name:
        sheet.centred(shop.name, bold=True, big=True)
    if shop.address:
        sheet.centred(shop.address)
    if shop.phone:
        sheet.centred(_("Phone {phone}").format(phone=shop.phone))
    if npwp and shop.npwp:
        sheet.centred(f"NPWP {shop.npwp}")
    if shop.header:
        sheet.centred(shop.header)


def add_flags(sheet: Sheet, *, is_copy: bool, is_voided: bool = False) -> None:
    if is_copy:
        sheet.centred(_("*** COPY ***"), bold=True)
    if is_voided:
        sheet.centred(_("*** VOIDED ***"), bold=True)


def new_sheet(columns: int, codepage: str) -> Sheet:
    if not MIN_COLUMNS <= columns <= MAX_COLUMNS:
        raise ValueError(f"a receipt is {MIN_COLUMNS} to {MAX_COLUMNS} columns wide, not {columns}")
    return Sheet(columns, codepage)
