"""Phone numbers as WhatsApp wants them: the one place a number becomes the digits of a wa.me link, for kasbon
reminders, promotions and the catalogue's ordering code alike."""

from __future__ import annotations

import re
from typing import Final

_NOT_DIGIT: Final = re.compile(r"\D")
COUNTRY: Final = "62"  # Indonesia


def wa_number(phone: str) -> str | None:
    """An Indonesian phone number in WhatsApp's international form (0812-3456-789 -> 628123456789), or None when
    `phone` cannot be one.

    Written as Indonesians write it (0812...), in international form (+62 812..., 62812..., with the 00 of an
    international call: 0062812...), or without the trunk 0 (812..., as on some shop signs); a trunk 0 kept after
    the country code (+62 0812...) is dropped.
    """
    digits = _NOT_DIGIT.sub("", phone)
    if digits.startswith("00"):
        digits = digits[2:]  # the international call prefix: what follows starts with the country code
    elif digits.startswith("0"):
        digits = COUNTRY + digits[1:]
    elif digits.startswith("8"):
        digits = COUNTRY + digits
    if digits.startswith(COUNTRY + "0"):
        digits = COUNTRY + digits[3:]
    return digits if digits.startswith(COUNTRY) and 10 <= len(digits) <= 15 else None
