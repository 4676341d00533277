"""Text as a receipt printer can print it: only what its code page holds, and never a control byte.

Product names come from phones and spreadsheets with curly quotes, non-breaking spaces, dashes, ellipses and
accented letters. A thermal printer prints each byte through one code page, so anything else would come out as
garbage, or as a command if it were a control byte. Each character is kept when the code page has it, else
mapped to a close ASCII spelling, else stripped of its accents, else replaced by "?".
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Final

# The printer's default: every code page agrees on ASCII, so this prints the same on any ESC/POS printer.
ASCII: Final = "ascii"
UNPRINTABLE: Final = "?"

_SPELLED: Final[dict[str, str]] = {
    # Quotes and primes.
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": ",",
    "\u201b": "'",
    "\u2032": "'",
    "\u00b4": "'",
    "\u0060": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2039": "'",
    "\u203a": "'",
    # Dashes and minus signs.
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u00ad": "",  # soft hyphen: only a hint where a word may break
    # Spaces of every width, and the invisible ones.
    "\u00a0": " ",
    "\u2007": " ",
    "\u202f": " ",
    "\u3000": " ",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",
    # Punctuation and signs common in shop names and product lists.
    "\u2026": "...",
    "\u2022": "*",
    "\u00b7": ".",
    "\u00d7": "x",
    "\u00f7": "/",
    "\u2044": "/",
    "\u00b0": "o",
    "\u20ac": "EUR",
    "\u00a9": "(c)",
    "\u00ae": "(R)",
    "\u2122": "TM",
    "\u2116": "No.",
    # Letters that do not decompose into an ASCII letter and an accent.
    "\u00df": "ss",
    "\u00e6": "ae",
    "\u00c6": "AE",
    "\u0153": "oe",
    "\u0152": "OE",
    "\u00f8": "o",
    "\u00d8": "O",
    "\u0111": "d",
    "\u0110": "D",
    "\u0142": "l",
    "\u0141": "L",
    "\u0131": "i",
    "\u00fe": "th",
    "\u00de": "Th",
    "\u00f0": "d",
    "\u00d0": "D",
}


@lru_cache(maxsize=16)
def _fits(char: str, codepage: str) -> bool:
    if char < " " or "\x7f" <= char < "\xa0":  # C0 and C1 controls: the printer would obey them as commands
        return False
    try:
        char.encode(codepage)
    except UnicodeEncodeError:
        return False
    return True


def _spell(char: str, codepage: str) -> str:
    if _fits(char, codepage):
        return char
    if char in "\t\n\r\v\f":
        return " "
    spelled = _SPELLED.get(char)
    if spelled is not None:
        return spelled
    # NFKD splits "é" into "e" and a combining accent, and "½" into "1⁄2"; keep the printable parts.
    parts = unicodedata.normalize("NFKD", char)
    if parts != char:
        kept = "".join(_spell(p, codepage) for p in parts if not unicodedata.combining(p))
        if kept and UNPRINTABLE not in kept:
            return kept
    if unicodedata.category(char) in ("Cc", "Cf", "Mn", "Me"):
        return ""
    return UNPRINTABLE


def printable(text: str, codepage: str = ASCII) -> str:
    """`text` with every character the printer's `codepage` (a Python codec name) cannot print replaced.

    The result encodes in `codepage` and holds no control characters; with the default, it is plain ASCII.
    """
    return "".join(_spell(c, codepage) for c in unicodedata.normalize("NFC", text))


def is_printable(text: str, codepage: str = ASCII) -> bool:
    return all(_fits(c, codepage) for c in text)
