"""An EAN-13 drawn as dots for the receipt printer and its preview: bars from GS1's encoding tables.

The printer gets the barcode as a picture rather than its own barcode command, so what the preview and the
tests decode is exactly what comes out of the printer, on any of the cheap printers a shop has.
"""

from __future__ import annotations

from typing import Final

from PIL import Image

from pos.ledger.stock.own_barcodes import is_label_code

# The left half's digits in odd (L) or even (G) parity, chosen by the first digit; the right half in R.
_L: Final = (
    *("0001101", "0011001", "0010011", "0111101", "0100011"),
    *("0110001", "0101111", "0111011", "0110111", "0001011"),
)
_R: Final = tuple("".join("1" if bit == "0" else "0" for bit in code) for code in _L)
_G: Final = tuple(code[::-1] for code in _R)
_PARITY: Final = ("LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL")
QUIET: Final = 11  # modules of white each side: what a scanner needs to find the code's ends
MODULES: Final = 95
MAX_DOT: Final = 4  # 0.5 mm bars at 203 dpi: wider only makes the code longer, not easier to read
HEIGHT_DOTS: Final = 80  # 10 mm at 203 dpi


def modules(code: str) -> str:
    """The 95 modules of `code` (13 digits, check digit right), '1' for a bar and '0' for a space."""
    if not is_label_code(code):
        raise ValueError(f"not an EAN-13 with a right check digit: {code!r}")
    digits = [int(d) for d in code]
    left = "".join((_L if side == "L" else _G)[d] for side, d in zip(_PARITY[digits[0]], digits[1:7], strict=True))
    right = "".join(_R[d] for d in digits[7:])
    return "101" + left + "01010" + right + "101"


def dot_size(pixel_width: int) -> int:
    """Dots per module so the code and its quiet zones fit across the paper (at least 2: 1-dot bars smudge)."""
    return max(2, min(MAX_DOT, pixel_width // (MODULES + 2 * QUIET)))


def ean13_image(code: str, pixel_width: int, height: int = HEIGHT_DOTS) -> Image.Image:
    """`code` as black bars centred on a white strip `pixel_width` dots wide, in one-bit dots."""
    dot = dot_size(pixel_width)
    bars = modules(code)
    width = max(pixel_width, (MODULES + 2 * QUIET) * dot)
    strip = Image.new("1", (width, height), 1)
    left = (width - MODULES * dot) // 2
    for i, bit in enumerate(bars):
        if bit == "1":
            strip.paste(0, (left + i * dot, 0, left + (i + 1) * dot, height))
    return strip
