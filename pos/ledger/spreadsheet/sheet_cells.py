"""Reading one spreadsheet cell as money, a quantity, yes or no, a date or barcodes, the way Indonesian sheets
write them, and quoting it back as the spreadsheet shows it.

Money and quantities follow one rule: a dot groups thousands (`1.000` is a thousand in either), a comma is the
decimal mark (`2,5`), and English forms are taken where they cannot be misread (`12,500.00`, `0.25`). A quantity
that could be read both ways (`1,250`: a thousand and more, or one and a quarter?) is refused rather than guessed.
A number cell a formula left a hair off a whole rupiah (`990.0000000000001`) is taken with a note; anything else
with a fraction is refused, so no float reaches money.

A parser returns the value, or `Noted` when it took the cell with something the owner should hear about (a
barcode whose leading zero the spreadsheet dropped, a formula's leftover). Template rows (an example such as
"Contoh: Kopi Susu", or a row of instructions) are recognised so an import can skip them with a note.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Final, Generic, TypeVar

from pos.i18n import N_
from pos.ledger.base import fmt
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import MILLI, parse_rupiah
from pos.ledger.base.phones import phone_number
from pos.ledger.stock import barcodes

Cell = object  # what a sheet holds: str (CSV), or str, int, float, bool, datetime or None (XLSX)
T = TypeVar("T")

MAX_PHONE: Final = 32  # the customers' and suppliers' field length
MAX_NAME: Final = 120  # the products' and customers' field length
# A float this close to a whole number is a formula's binary rounding, not a fraction anybody typed.
_LEFTOVER: Final = 1e-6
_CODE_SPLIT = re.compile(r"[\s|,;]+")
# Excel's scientific form of a long number, in English or Indonesian notation: 8.99E+12, 8,99123E+12.
EXCEL_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?[eE][+]?\d+$")
_THOUSANDS_COMMA = re.compile(r"^(?:rp\.?\s*)?\d{1,3}(?:,\d{3})+$", re.IGNORECASE)
# English decimals from other programs' exports: 12500.00 or 12,500.00 (a dot then one or two digits).
_ENGLISH_DECIMAL = re.compile(
    r"^(?P<whole>(?:rp\.?\s*)?-?(?:\d{1,3}(?:,\d{3})+|\d+))\.(?P<cents>\d{1,2})$", re.IGNORECASE
)
_LONG_DECIMAL = re.compile(r"^-?\d+\.\d{4,}$")  # four or more decimals: never a thousands group
_YES: Final = frozenset({"ya", "y", "iya", "yes", "true", "benar", "1", "v", "x", "✓"})
_NO: Final = frozenset({"tidak", "tdk", "no", "n", "false", "salah", "bukan", "0"})
_DATE_FORMATS: Final = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y", "%d-%m-%y")
_MONTHS: Final = {
    **{
        m: i
        for i, m in enumerate(("jan", "feb", "mar", "apr", "mei", "jun", "jul", "agu", "sep", "okt", "nov", "des"), 1)
    },
    **{
        m: i
        for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)
    },
    "ags": 8,
}
_EXAMPLE = re.compile(r"^(?:(?:contoh|example|misal(?:nya)?|sample|sampel)\s*(?:[:(-]|$)|e\.g\.)", re.IGNORECASE)
_INSTRUCTION_WORDS: Final = (
    "wajib", "diisi", "isi dengan", "isikan", "required", "optional", "opsional", "boleh kosong", "petunjuk",
    "keterangan:", "format:", "angka saja", "tanpa titik", "ya/tidak", "y/n",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Noted(Generic[T]):
    """A cell's value together with something said about how it was read."""

    value: T
    msgid: str
    params: Mapping[str, object] = field(default_factory=dict)


def shown(value: Cell) -> str:
    """The cell as the spreadsheet shows it: `990` for a formula's 990.0000000000001, a date as 15/07/2026."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and math.isfinite(value):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(value, ".11g")  # Excel's General format shows at most eleven digits
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def cell_text(value: Cell) -> str | None:
    """A cell as trimmed text, None when blank; whole-number cells without a trailing `.0`."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    if text.startswith('="') and text.endswith('"'):
        text = text[2:-1].strip()  # Excel's way of keeping a long number as text in a CSV
    return text or None


def limited_text(value: Cell, limit: int) -> str | None:
    """A cell as text of at most `limit` characters (a table's field length), None when blank."""
    text = cell_text(value)
    if text is not None and len(text) > limit:
        raise InvalidInput(N_("The text is too long: at most {n} characters."), n=limit)
    return text


def phone_cell(value: Cell) -> str:
    """A phone number, checked and kept in the one form the counter keeps it in; a number cell that dropped the
    leading 0 of 0812... gets it back first."""
    text = limited_text(value, MAX_PHONE) or ""
    if isinstance(value, int | float) and text.isdigit() and text.startswith("8") and 9 <= len(text) <= 13:
        text = "0" + text
    return phone_number(text)


def _leftover(value: float, cell: Cell, whole: int, what: str) -> Noted[int]:
    return Noted(
        whole,
        N_("The cell shows {shown} but holds {raw}, a formula's rounding leftover; it was taken as {taken}."),
        {"shown": shown(cell), "raw": repr(value), "taken": what},
    )


def money_cell(value: Cell) -> int | Noted[int]:
    """Whole rupiah from a cell: a number cell, or text such as `12500`, `12.500`, `Rp 12.500,-`, `12,500.00`."""
    if isinstance(value, bool):
        raise InvalidInput(N_("'{text}' is not an amount in rupiah."), text=shown(value))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidInput(N_("'{text}' is not an amount in rupiah."), text=shown(value))
        if value.is_integer():
            return int(value)
        whole = round(value)
        if abs(value - whole) < _LEFTOVER:
            return _leftover(value, value, whole, fmt.rupiah(whole))
        raise InvalidInput(N_("'{text}' has cents; amounts are whole rupiah."), text=shown(value))
    if not isinstance(value, str):
        raise InvalidInput(N_("'{text}' is not an amount in rupiah."), text=shown(value))
    original = value.strip()
    if _LONG_DECIMAL.match(original):
        # Text a program wrote from a float, many decimals long: a leftover when it is a hair off a whole number.
        number = Decimal(original)
        whole = int(number.to_integral_value())
        if abs(number - whole) < Decimal(_LEFTOVER):
            return Noted(
                whole,
                N_("'{text}' is a formula's rounding leftover; it was taken as {taken}."),
                {"text": original, "taken": fmt.rupiah(whole)},
            )
    text = re.sub(r",\s*[-–]$", "", original)  # "Rp 12.500,-" is how price lists write whole rupiah
    english = _ENGLISH_DECIMAL.match(text)
    if english:
        text = english["whole"].replace(",", "") + "," + english["cents"]
    elif _THOUSANDS_COMMA.match(text):
        text = text.replace(",", "")
    try:
        return parse_rupiah(text)
    except InvalidInput as err:
        raise InvalidInput(err.msgid, **{**err.params, "text": original}) from None


_DOT_THOUSANDS = re.compile(r"^(-)?([1-9]\d{0,2}(?:\.\d{3})+)(?:,(\d+))?$")
_COMMA_THOUSANDS = re.compile(r"^(-)?([1-9]\d{0,2}(?:,\d{3})+)(?:\.(\d+))?$")
_PLAIN = re.compile(r"^(-)?(\d+)(?:[.,](\d+))?$")


def _milli(sign: str | None, whole: str, frac: str | None, original: str) -> int:
    digits = (frac or "").rstrip("0")
    if len(digits) > 3:
        raise InvalidInput(
            N_("'{text}' has more than three decimals; quantities are counted in thousandths."), text=original
        )
    milli = int(whole) * MILLI + int(digits.ljust(3, "0") or 0)
    return -milli if sign else milli


def qty_cell(value: Cell) -> int | Noted[int]:
    """Thousandths of a unit from a cell, with money's thousands rule: `3`, `1.000` (a thousand), `2,5`, `0.25`,
    `1.250,5`; `1,250` could be either and is refused."""
    if isinstance(value, bool):
        raise InvalidInput(N_("'{text}' is not a quantity."), text=shown(value))
    if isinstance(value, int):
        return value * MILLI
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidInput(N_("'{text}' is not a quantity."), text=shown(value))
        try:
            milli = Decimal(repr(value)) * MILLI
        except InvalidOperation as err:
            raise InvalidInput(N_("'{text}' is not a quantity."), text=shown(value)) from err
        whole = int(milli.to_integral_value())
        if milli == whole:
            return whole
        if abs(milli - whole) < Decimal(_LEFTOVER) * MILLI:
            return _leftover(value, value, whole, fmt.qty(whole))
        raise InvalidInput(
            N_("'{text}' has more than three decimals; quantities are counted in thousandths."), text=shown(value)
        )
    text = re.sub(r"\s|\u00a0", "", str(value))
    original = str(value).strip()
    dots = _DOT_THOUSANDS.match(text)
    if dots:
        return _milli(dots[1], dots[2].replace(".", ""), dots[3], original)
    commas = _COMMA_THOUSANDS.match(text)
    if commas:
        if commas[3] is None and commas[2].count(",") == 1:
            raise InvalidInput(
                N_("'{text}' could be read two ways; write a thousand as 1000 or 1.000, and one and a half as 1,5."),
                text=original,
            )
        return _milli(commas[1], commas[2].replace(",", ""), commas[3], original)
    plain = _PLAIN.match(text)
    if plain:
        return _milli(plain[1], plain[2], plain[3], original)
    raise InvalidInput(N_("'{text}' is not a quantity."), text=original)


def yes_no_cell(value: Cell) -> bool:
    if isinstance(value, bool):
        return value
    text = (cell_text(value) or "").casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise InvalidInput(N_("Write ya or tidak, not '{value}'."), value=shown(value))


def date_cell(value: Cell) -> dt.date:
    """A day from a date cell or text such as 15/07/2026, 2026-07-15 or 15 Jul 2026 (day first, as in Indonesia)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = (cell_text(value) or "").strip()
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    words = re.fullmatch(r"(\d{1,2})[\s-]+([A-Za-z]{3})[A-Za-z]*[\s-]+(\d{4})", text)
    if words and words[2].casefold() in _MONTHS:
        try:
            return dt.date(int(words[3]), _MONTHS[words[2].casefold()], int(words[1]))
        except ValueError:
            pass
    raise InvalidInput(N_("'{text}' is not a date; write it as 15/07/2026."), text=shown(value))


def codes_cell(value: Cell) -> list[str]:
    """The barcodes in a cell, split at spaces, `|`, commas or semicolons; a number Excel turned into scientific
    form is refused whole, quoted as the cell shows it."""
    text = cell_text(value)
    if not text:
        return []
    if EXCEL_NUMBER.match(text) or (isinstance(value, float) and not value.is_integer()):
        raise InvalidInput(
            N_("Barcode {code} was turned into a number by the spreadsheet; format the column as text and retype it."),
            code=shown(value) if isinstance(value, float) else text,
        )
    return [c for c in _CODE_SPLIT.split(text) if c]


def restored_barcode(code: str) -> str | Noted[str]:
    """A 12-digit code that is an EAN-13 once its lost leading zero is put back, restored with a note."""
    if len(code) == barcodes.EAN13_LENGTH - 1 and code.isascii() and code.isdigit():
        padded = "0" + code
        if barcodes.is_valid_gtin(padded):
            return Noted(
                padded,
                N_("Barcode {code} lost its leading zero in the spreadsheet; it was restored as {restored}."),
                {"code": code, "restored": padded},
            )
    return code


def barcode_in_sku(sku: str) -> str | None:
    """The barcode an SKU is, when it is a valid EAN-8, UPC-A, EAN-13 or GTIN-14 (some apps keep it there)."""
    if sku.isascii() and sku.isdigit() and len(sku) in (8, 12, 13, 14) and barcodes.is_valid_gtin(sku):
        return sku
    return None


def template_row(values: Sequence[Cell]) -> str | None:
    """The text that shows a row is a template's example or instructions, or None for a row of data."""
    texts = [t for t in (cell_text(v) for v in values if isinstance(v, str)) if t]
    for text in texts:
        if _EXAMPLE.match(text):
            return text
    filled = [v for v in values if v is not None and (not isinstance(v, str) or v.strip())]
    hints = [t for t in texts if any(word in t.casefold() for word in _INSTRUCTION_WORDS)]
    if hints and len(hints) * 2 >= len(filled):
        return hints[0]
    return None
