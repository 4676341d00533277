"""Price labels on the receipt printer, as a pure function to lines: the name, the price, the barcode and its
digits, each label cut off from the next so it can be stuck on the goods or the shelf's edge."""

from __future__ import annotations

from typing import Final

from pos.ledger.base import fmt
from pos.ledger.slips.slip_types import LabelSlip, PriceLabel
from pos.printing.sheet import Line, Sheet, new_sheet, wrap_text
from pos.printing.text import ASCII

NAME_LINES: Final = 2  # a long name is cut short here: the label stays the same size for every product


def price_text(label: PriceLabel) -> str:
    """`Rp 12.500`, or `Rp 12.500/kg` for goods sold by weight or length."""
    amount = fmt.rupiah(label.price)
    return f"{amount}/{label.unit}" if label.is_weighed and label.unit else amount


def short_name(name: str, width: int, lines: int = NAME_LINES) -> list[str]:
    """`name` wrapped to `width`, at most `lines` lines, the last one ending in '..' when some was left out."""
    chunks = wrap_text(" ".join(name.split()), width)
    if len(chunks) <= lines:
        return chunks
    kept = chunks[:lines]
    kept[-1] = kept[-1][: max(0, width - 2)].rstrip() + ".."
    return kept


def _label(sheet: Sheet, label: PriceLabel) -> None:
    for chunk in short_name(sheet.clean(label.name), sheet.columns):
        sheet.add(chunk, align="center", bold=True)
    sheet.centred(price_text(label), bold=True, big=True)
    sheet.lines.append(Line(align="center", barcode=label.barcode))
    sheet.add(label.barcode, align="center")
    sheet.cut()


def label_lines(slip: LabelSlip, columns: int, *, codepage: str = ASCII) -> list[Line]:
    sheet = new_sheet(columns, codepage)
    for label in slip.labels:
        _label(sheet, label)
    return sheet.lines
