"""Money in whole rupiah and quantities in thousandths, as small immutable integer types.

No float ever enters: constructors refuse anything but `int`, and every division rounds half away from zero
in integer arithmetic, so a price times 0.25 kg lands on the same rupiah on every machine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from pos.i18n import N_
from pos.ledger.base.errors import InvalidInput

MILLI: Final = 1000
FULL_BP: Final = 10_000  # basis points in the whole of something: 100%, so 1250 bp is 12,5%


def _require_int(value: object, what: str) -> int:
    # bool is an int subclass; True rupiah is always a bug.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}")
    return value


def div_round_half_up(numerator: int, denominator: int) -> int:
    """`numerator / denominator` rounded half away from zero, in integers only."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    q, r = divmod(abs(numerator), denominator)
    if 2 * r >= denominator:
        q += 1
    return q if numerator >= 0 else -q


@dataclass(frozen=True, slots=True, order=True)
class Money:
    """An amount of whole rupiah; may be negative (a refund, a credit)."""

    rupiah: int

    def __post_init__(self) -> None:
        _require_int(self.rupiah, "Money.rupiah")

    def __add__(self, other: Money) -> Money:
        return Money(self.rupiah + other.rupiah)

    def __sub__(self, other: Money) -> Money:
        return Money(self.rupiah - other.rupiah)

    def __neg__(self) -> Money:
        return Money(-self.rupiah)

    def __mul__(self, factor: int) -> Money:
        return Money(self.rupiah * _require_int(factor, "factor"))

    __rmul__ = __mul__

    def __bool__(self) -> bool:
        return self.rupiah != 0

    def __int__(self) -> int:
        return self.rupiah

    def times(self, qty: Qty) -> Money:
        """Price times a quantity, rounded half up to the rupiah (the line total before discount)."""
        return self.times_milli(qty.milli)

    def times_milli(self, milli: int) -> Money:
        """Price per unit times `milli` thousandths of a unit, rounded half up."""
        return Money(div_round_half_up(self.rupiah * _require_int(milli, "milli"), MILLI))

    def percent(self, basis_points: int) -> Money:
        """`basis_points` hundredths of a percent of this amount (1250 = 12.5%), rounded half up."""
        return Money(div_round_half_up(self.rupiah * _require_int(basis_points, "basis_points"), FULL_BP))

    @staticmethod
    def parse(text: str) -> Money:
        """Read an amount as a shopkeeper types it: `12500`, `12.500`, `Rp 12.500`, `Rp12.500,00`, `-5.000`."""
        return Money(parse_rupiah(text))


ZERO: Final = Money(0)

_RUPIAH_RE = re.compile(r"^(-)?\s*(?:rp\.?)?\s*(-)?\s*(\d{1,3}(?:[.\s]\d{3})+|\d+)(?:,(\d{1,2}))?$", re.IGNORECASE)


def parse_rupiah(text: str) -> int:
    """Whole rupiah from text; a fractional part other than zero is refused, since rupiah have no cents."""
    cleaned = text.strip().replace("\u00a0", " ")
    match = _RUPIAH_RE.match(cleaned)
    if not match:
        raise InvalidInput(N_("'{text}' is not an amount in rupiah."), text=text)
    sign_a, sign_b, digits, cents = match.groups()
    if cents and int(cents) != 0:
        raise InvalidInput(N_("'{text}' has cents; amounts are whole rupiah."), text=text)
    value = int(re.sub(r"[.\s]", "", digits))
    return -value if (sign_a or sign_b) else value


@dataclass(frozen=True, slots=True, order=True)
class Qty:
    """A quantity in thousandths of the product's unit: 3 pieces is 3000, 0.25 kg is 250."""

    milli: int

    def __post_init__(self) -> None:
        _require_int(self.milli, "Qty.milli")

    @staticmethod
    def units(n: int) -> Qty:
        return Qty(_require_int(n, "units") * MILLI)

    def __add__(self, other: Qty) -> Qty:
        return Qty(self.milli + other.milli)

    def __sub__(self, other: Qty) -> Qty:
        return Qty(self.milli - other.milli)

    def __neg__(self) -> Qty:
        return Qty(-self.milli)

    def __mul__(self, factor: int) -> Qty:
        return Qty(self.milli * _require_int(factor, "factor"))

    __rmul__ = __mul__

    def __bool__(self) -> bool:
        return self.milli != 0

    @property
    def is_whole(self) -> bool:
        return self.milli % MILLI == 0

    @staticmethod
    def parse(text: str) -> Qty:
        """Read a quantity: `3`, `0,25`, `0.25`, `1,5` (Indonesian decimal comma or a dot), at most 3 decimals."""
        cleaned = text.strip().replace(",", ".")
        match = re.fullmatch(r"(-)?(\d+)(?:\.(\d{1,3}))?", cleaned)
        if not match:
            raise InvalidInput(N_("'{text}' is not a quantity."), text=text)
        sign, whole, frac = match.groups()
        milli = int(whole) * MILLI + int((frac or "").ljust(3, "0") or 0)
        return Qty(-milli if sign else milli)
