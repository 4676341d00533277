"""The catalogue's colours and the words every page carries, already in the catalogue's language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from pos.printing.catalogue.painter import Painter

PAPER: Final = "#F7F3EC"  # warm off-white: reads as paper on a phone, not as a blank screen
BAND: Final = "#0F5E4F"  # the shop's band: a deep green that sits well beside WhatsApp's own
BAND_DEEP: Final = "#0B4D41"
ON_BAND: Final = "#FFFFFF"
ON_BAND_SOFT: Final = "#C4E3DA"
ACCENT: Final = "#F4B24A"
CARD: Final = "#FFFFFF"
CARD_EDGE: Final = "#E7DFD2"
INK: Final = "#24302C"
MUTED: Final = "#6A7470"
PRICE: Final = "#C2410C"
ELLIPSIS: Final = "…"


@dataclass(frozen=True, slots=True)
class PageText:
    """The shop and the words around the products, shared by every page and every size."""

    shop_name: str
    address: str
    phone: str
    whatsapp: str  # the wa.me link in the QR code; "" leaves the code out
    title: str
    order: str  # "Pesan lewat WhatsApp"
    scan_hint: str
    visit: str  # said instead of how to order when the shop has no phone number
    as_of: str  # "Harga per 22 Nov 2026"
    continued: str  # "{category} (lanjutan)"
    other: str  # the heading of products with no category
    lang: str
    elsewhere: str = ""  # "Pesan lewat GoFood": how to order when it is not by WhatsApp (no code then)
    starting: str = "from"  # "mulai", before the lowest price of a product whose variants differ in price


def shorten(p: Painter, text: str, size: float, width: float, bold: bool = False) -> str:
    """`text`, cut and ended with an ellipsis when it is wider than `width`."""
    if p.measure(text, size, bold) <= width:
        return text
    cut = text
    while cut and p.measure(cut.rstrip() + ELLIPSIS, size, bold) > width:
        cut = cut[:-1]
    return cut.rstrip() + ELLIPSIS


def wrap(p: Painter, text: str, size: float, width: float, lines: int, bold: bool = False) -> list[str]:
    """`text` broken into at most `lines` lines no wider than `width`; the last one shortened if need be."""
    out: list[str] = []
    words = _tokens(text)
    while words and len(out) < lines:
        line = words.pop(0)
        if p.measure(line, size, bold) > width:
            # One word wider than the box (a long brand name): break it where the box ends.
            cut = len(line)
            while cut > 1 and p.measure(line[:cut], size, bold) > width:
                cut -= 1
            words.insert(0, line[cut:])
            line = line[:cut]
        while words and p.measure(f"{line} {words[0]}", size, bold) <= width:
            line = f"{line} {words.pop(0)}"
        out.append(line)
    if words and out:
        out[-1] = shorten(p, f"{out[-1]} {' '.join(words)}", size, width, bold)
    return out


def _tokens(text: str) -> list[str]:
    """The words of `text`, with a size kept whole: `300 g` and `1,5 L` never break between number and unit."""
    tokens: list[str] = []
    for word in text.split():
        if tokens and word.isalpha() and len(word) <= 2 and any(c.isdigit() for c in tokens[-1]):
            tokens[-1] = f"{tokens[-1]} {word}"  # one token: lines break only between tokens
        else:
            tokens.append(word)
    return tokens


def fit_lines(p: Painter, text: str, size: float, width: float, lines: int, smallest: float) -> tuple[float, list[str]]:
    """(size, lines) for `text` in at most `lines` lines: shrunk down to `smallest` before anything is cut off."""
    step = size
    while True:
        wrapped = wrap(p, text, step, width, lines)
        if not wrapped or not wrapped[-1].endswith(ELLIPSIS) or step <= smallest:
            return step, wrapped
        step = max(smallest, step - 1)


def fit_size(p: Painter, text: str, size: float, width: float, bold: bool, smallest: float) -> float:
    """The biggest size from `size` down to `smallest` at which `text` fits `width`."""
    while size > smallest and p.measure(text, size, bold) > width:
        size -= 1
    return size
