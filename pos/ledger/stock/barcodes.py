"""Scanned barcodes: GTIN check digits, and scale labels (EAN-13 prefixes 20-29) with a weight or price."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from pos.i18n import N_
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money, Qty

GTIN_LENGTHS: Final = (8, 12, 13, 14)
# GS1 keeps EAN-13 prefixes 20-29 for numbers a shop or its scale makes up itself.
IN_STORE_PREFIXES: Final = tuple(str(n) for n in range(20, 30))
EAN13_LENGTH: Final = 13

WEIGHT_PATTERN: Final = "FFIIIIIWWWWWC"
PRICE_PATTERN: Final = "FFIIIIIPPPPPC"
DEFAULT_SPEC: Final = f"20-24:{WEIGHT_PATTERN};25-29:{PRICE_PATTERN}"

_PATTERN_LETTERS: Final = frozenset("FIWPXC")
_PREFIX_ITEM = re.compile(r"([0-9]{2})(?:-([0-9]{2}))?")


def _is_digits(text: str) -> bool:
    # str.isdigit alone also accepts Arabic-Indic and superscript digits, which int() would happily read.
    return text.isascii() and text.isdigit()


def _check(body: str) -> int:
    # GS1 weights the digit next to the check digit by 3, then alternates 1 and 3 leftwards, for every length.
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return -total % 10


def gtin_check_digit(body: str) -> str:
    """The check digit completing `body` (7, 11, 12 or 13 digits) into an EAN-8, UPC-A, EAN-13 or GTIN-14."""
    if len(body) + 1 not in GTIN_LENGTHS or not _is_digits(body):
        raise InvalidInput(
            N_("A barcode number needs 7, 11, 12 or 13 digits before its check digit, not '{body}'."),
            body=body,
        )
    return str(_check(body))


def is_valid_gtin(code: str) -> bool:
    """Whether `code` is an EAN-8, UPC-A, EAN-13 or GTIN-14 whose check digit is right."""
    return len(code) in GTIN_LENGTHS and _is_digits(code) and _check(code[:-1]) == int(code[-1])


def ean13_with_check(body12: str) -> str:
    """The full EAN-13 for 12 digits, e.g. a shop's own `899…` numbers, with its check digit appended."""
    if len(body12) != EAN13_LENGTH - 1 or not _is_digits(body12):
        raise InvalidInput(N_("An EAN-13 barcode needs 12 digits before its check digit, not '{body}'."), body=body12)
    return body12 + str(_check(body12))


def _upce_as_upca_body(code: str) -> str:
    # UPC-E is UPC-A with zeros squeezed out; its check digit is the expanded UPC-A's. Which zeros went
    # where is told by the sixth digit.
    system, d, last = code[0], code[1:7], code[6]
    if last in "012":
        middle = d[0:2] + last + "0000" + d[2:5]
    elif last == "3":
        middle = d[0:3] + "00000" + d[3:5]
    elif last == "4":
        middle = d[0:4] + "00000" + d[4]
    else:
        middle = d[0:5] + "0000" + last
    return system + middle


def _is_valid_upce(code: str) -> bool:
    return len(code) == 8 and _is_digits(code) and code[0] in "01" and _check(_upce_as_upca_body(code)) == int(code[7])


def _misread() -> InvalidInput:
    return InvalidInput(N_("The barcode was not read correctly; scan it again."))


def parse_prefixes(text: str) -> frozenset[str]:
    """Scale-label prefixes written as `20-29`, `21,22` or `20-24,27`."""
    found: set[str] = set()
    for item in "".join(text.split()).split(","):
        match = _PREFIX_ITEM.fullmatch(item)
        low = match[1] if match else ""
        high = (match[2] or low) if match else ""
        if not (low in IN_STORE_PREFIXES and high in IN_STORE_PREFIXES and low <= high):
            raise InvalidInput(
                N_("'{prefixes}' is not a list of scale barcode prefixes between 20 and 29, such as 20-29 or 21,22."),
                prefixes=text,
            )
        found.update(str(n) for n in range(int(low), int(high) + 1))
    return frozenset(found)


def prefixes_spec(prefixes: Iterable[str]) -> str:
    """`20-24,27`: the prefixes in the form `parse_prefixes` reads, runs written as ranges."""
    numbers = sorted({int(p) for p in prefixes})
    runs: list[list[int]] = []
    for n in numbers:
        if runs and runs[-1][-1] == n - 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ",".join(f"{run[0]}-{run[-1]}" if len(run) > 1 else f"{run[0]}" for run in runs)


def _layout_error(msgid: str, pattern: str) -> InvalidInput:
    return InvalidInput(msgid, pattern=pattern)


@dataclass(frozen=True, slots=True)
class InStoreFormat:
    """How one shop's scale lays out its EAN-13 labels, and which prefixes (20-29) use that layout.

    The pattern has one letter per digit: F the prefix, I the item code (the product's PLU), W the weight
    in grams, P the price in whole rupiah, X a digit to ignore (such as a price check digit), C the EAN-13
    check digit. Digits of one letter are read left to right, wherever they stand.
    """

    pattern: str
    prefixes: frozenset[str]

    def __post_init__(self) -> None:
        pattern = self.pattern
        if len(pattern) != EAN13_LENGTH:
            raise _layout_error(N_("The scale barcode layout '{pattern}' must be 13 letters long."), pattern)
        if not set(pattern) <= _PATTERN_LETTERS:
            raise _layout_error(
                N_("The scale barcode layout '{pattern}' may only use the letters F, I, W, P, X and C."),
                pattern,
            )
        if pattern[:2] != "FF" or pattern[-1] != "C" or pattern.count("F") != 2 or pattern.count("C") != 1:
            raise _layout_error(
                N_(
                    "The scale barcode layout '{pattern}' must start with FF (the prefix) "
                    "and end with C (the check digit), and use F and C nowhere else."
                ),
                pattern,
            )
        if "I" not in pattern:
            raise _layout_error(N_("The scale barcode layout '{pattern}' needs digits for the item code (I)."), pattern)
        if ("W" in pattern) == ("P" in pattern):
            raise _layout_error(
                N_("The scale barcode layout '{pattern}' must carry either a weight (W) or a price (P), not both."),
                pattern,
            )
        if not self.prefixes or not self.prefixes <= set(IN_STORE_PREFIXES):
            raise InvalidInput(
                N_("Scale barcodes must use prefixes between 20 and 29, not '{prefixes}'."),
                prefixes=",".join(sorted(self.prefixes)),
            )

    @staticmethod
    def of(pattern: str, prefixes: str = "20-29") -> InStoreFormat:
        """The layout `pattern` (such as `FFIIIIIWWWWWC`, case ignored) for `prefixes` (such as `20-29`)."""
        return InStoreFormat(pattern.strip().upper(), parse_prefixes(prefixes))

    @property
    def carries_weight(self) -> bool:
        return "W" in self.pattern

    def spec(self) -> str:
        """`20-24:FFIIIIIWWWWWC`, as `parse_formats` reads it."""
        return f"{prefixes_spec(self.prefixes)}:{self.pattern}"

    def _digits(self, code: str, letter: str) -> str:
        return "".join(digit for digit, kind in zip(code, self.pattern, strict=True) if kind == letter)

    def decode(self, code: str) -> Scan:
        """Read a 13-digit label of this layout whose check digit has already been verified."""
        if self.carries_weight:
            # Grams are thousandths of a kilogram, which is exactly what a Qty in kg counts.
            return Scan(code, item_code=self._digits(code, "I"), qty=Qty(int(self._digits(code, "W"))))
        return Scan(code, item_code=self._digits(code, "I"), price=Money(int(self._digits(code, "P"))))


WEIGHT_FORMAT: Final = InStoreFormat.of(WEIGHT_PATTERN, "20-24")
PRICE_FORMAT: Final = InStoreFormat.of(PRICE_PATTERN, "25-29")
DEFAULT_FORMATS: Final = (WEIGHT_FORMAT, PRICE_FORMAT)


def parse_formats(spec: str) -> tuple[InStoreFormat, ...]:
    """Scale-label layouts from a setting like `20-24:FFIIIIIWWWWWC;25-29:FFIIIIIPPPPPC`; empty means none."""
    formats: list[InStoreFormat] = []
    taken: set[str] = set()
    for item in spec.split(";"):
        if not item.strip():
            continue
        prefixes, colon, pattern = item.partition(":")
        if not colon:
            raise InvalidInput(
                N_(
                    "The scale barcode setting '{spec}' is not valid; "
                    "write it like 20-24:FFIIIIIWWWWWC;25-29:FFIIIIIPPPPPC."
                ),
                spec=spec,
            )
        found = InStoreFormat.of(pattern, prefixes)
        clash = found.prefixes & taken
        if clash:
            raise InvalidInput(
                N_("The scale barcode setting gives prefix {prefix} more than one layout."), prefix=min(clash)
            )
        taken |= found.prefixes
        formats.append(found)
    return tuple(formats)


def formats_spec(formats: Iterable[InStoreFormat]) -> str:
    """The setting text for `formats`, which `parse_formats` reads back."""
    return ";".join(f.spec() for f in formats)


@dataclass(frozen=True, slots=True)
class Scan:
    """What a scan means: a plain code to look up, or a scale label with its item code and weight or price."""

    code: str
    item_code: str | None = None
    qty: Qty | None = None
    price: Money | None = None

    @property
    def is_in_store(self) -> bool:
        return self.item_code is not None


def parse_scan(code: str, formats: Iterable[InStoreFormat]) -> Scan:
    """Classify what the scanner (or the keyboard) sent; a mis-read retail barcode raises `InvalidInput`.

    A 13-digit code whose prefix one of `formats` claims is a scale label. Any other EAN-13, EAN-8 or UPC-A
    must have a right check digit, since a wrong one means the scanner mis-read it; everything else (a
    shop's own codes, with letters or of other lengths) is a plain lookup key.
    """
    text = code.strip()
    if not text:
        raise InvalidInput(N_("Nothing was scanned; scan the barcode again."))
    if not _is_digits(text) or len(text) not in (8, 12, EAN13_LENGTH):
        return Scan(text)
    # A scanner sends UPC-E as 8 digits whose check digit is that of the expanded UPC-A, not of EAN-8.
    if not (is_valid_gtin(text) or _is_valid_upce(text)):
        raise _misread()
    if len(text) == EAN13_LENGTH:
        for layout in formats:
            if text[:2] in layout.prefixes:
                return layout.decode(text)
    return Scan(text)
