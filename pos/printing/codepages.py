"""The code page a printer prints text in, chosen from its python-escpos profile.

Product names carry Latin letters beyond ASCII ("Café", "Crème", "Jalapeño"). A printer prints each byte
through one code page; its python-escpos profile lists the pages it has and the number that selects each (ESC
t n). The first of a few Latin pages the profile has is chosen, so those letters print where the printer has
them; the shop can keep plain ASCII (`printer.codepage` = "ascii"), which every ESC/POS printer prints the same.
"""

from __future__ import annotations

from functools import cache
from typing import Final

from pos.printing.library import load_escpos
from pos.printing.text import ASCII

AUTO: Final = "auto"
CHOICES: Final = (AUTO, ASCII)
# Windows Latin-1 first (it also has curly quotes, dashes and the euro sign), then the DOS Latin pages; PC437,
# the page every printer starts in, last.
LATIN: Final = ("CP1252", "CP858", "CP850", "CP437")


@cache
def profile_codepage(profile: str) -> str:
    """The Latin code page (as a Python codec name) the profile `profile` has, or ASCII when it has none."""
    load_escpos()
    from escpos.capabilities import CAPABILITIES, get_profile

    pages = get_profile(profile or "default").get_code_pages()
    encodings = CAPABILITIES["encodings"]
    for name in LATIN:
        codec = encodings.get(name, {}).get("python_encode")
        if name in pages and codec:
            return str(codec)
    return ASCII


def codepage_for(profile: str, setting: str = AUTO) -> str:
    """The code page to print in: ASCII when the shop chose it, else the profile's Latin page."""
    if setting == ASCII:
        return ASCII
    return profile_codepage(profile)


def escpos_name(codec: str) -> str:
    """python-escpos's name for a Python codec name ("cp1252" -> "CP1252")."""
    load_escpos()
    from escpos.capabilities import CAPABILITIES

    for name, info in CAPABILITIES["encodings"].items():
        if info.get("python_encode") == codec:
            return str(name)
    return codec.upper()
