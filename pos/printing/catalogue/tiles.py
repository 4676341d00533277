"""What fills a card's picture box: the product's photo fitted to the box, or a coloured tile with its initials.

Also the ordering QR code's modules, so each painter can draw it as sharp boxes.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Final

import qrcode
from PIL import Image, ImageOps, ImageStat

# (tile, letters): soft backgrounds with a deeper shade of the same colour, so initials read and nothing shouts.
TILE_COLOURS: Final = (
    ("#FDE4D8", "#B8502B"),
    ("#D8F0EA", "#1F7A65"),
    ("#E3E8FB", "#3D55B0"),
    ("#FFEFC2", "#98700E"),
    ("#F8DDEA", "#A33A74"),
    ("#E4F1D2", "#4E7A1E"),
    ("#ECE3F8", "#6A45A8"),
    ("#D9EEF8", "#1F6E98"),
)
CROP_TOLERANCE: Final = 0.25  # a photo this close to the box's shape is cropped to fill it; others are framed
_WORD = re.compile(r"[^\W\d_]+")
_UNITS = frozenset({"g", "gr", "kg", "mg", "ml", "l", "cc", "mm", "cm", "m", "s", "pcs", "x"})


def initials(name: str) -> str:
    """Two letters for a product with no picture: the first letters of its first two words (`Air Mineral` -> AM).

    Sizes and units (`330 ml`) are not words here; a name of one word gives its first two letters (`7-Up` -> UP).
    """
    words: list[str] = [w for w in _WORD.findall(name) if w.lower() not in _UNITS]
    if len(words) >= 2:
        return (words[0][0] + words[1][0]).upper()
    if words:
        return words[0][:2].upper()
    return name.strip()[:2].upper() or "?"


def tile_colours(name: str) -> tuple[str, str]:
    """The (background, letters) colours of a product's tile: always the same for the same name."""
    return TILE_COLOURS[zlib.crc32(name.encode("utf-8")) % len(TILE_COLOURS)]


def load_picture(path: Path) -> Image.Image | None:
    """The photo at `path` in RGB, or None when it cannot be read."""
    try:
        with Image.open(path) as opened:
            opened.load()
            return opened.convert("RGB")
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None  # a picture damaged on disk shows as the tile, not as a broken catalogue


def fit_picture(image: Image.Image, ratio: float, most_width: int = 720) -> Image.Image:
    """`image` in the shape of a box `ratio` high for 1 wide, at most `most_width` pixels across.

    A photo near the box's shape fills it (the edges cropped). One far from it is shown whole, and the space
    beside it takes the colour of the photo's own edges, so a plain studio backdrop simply runs on.
    """
    width = min(most_width, image.width)
    size = (width, max(1, round(width * ratio)))
    if abs(image.height / image.width - ratio) / ratio <= CROP_TOLERANCE:
        return ImageOps.fit(image, size, Image.Resampling.LANCZOS)
    whole = ImageOps.contain(image, size, Image.Resampling.LANCZOS)
    return ImageOps.pad(whole, size, Image.Resampling.LANCZOS, color=_edge_colour(whole, whole.width < size[0]))


def _edge_colour(image: Image.Image, sides: bool) -> tuple[int, int, int]:
    """The mean colour of a thin strip along the left and right edges (`sides`), or the top and bottom."""
    w, h = image.size
    strip = max(1, (w if sides else h) // 25)
    boxes = [(0, 0, strip, h), (w - strip, 0, w, h)] if sides else [(0, 0, w, strip), (0, h - strip, w, h)]
    means = [ImageStat.Stat(image.crop(box)).mean for box in boxes]
    r, g, b = (round(sum(m[i] for m in means) / len(means)) for i in range(3))
    return (r, g, b)


@lru_cache(maxsize=8)
def qr_modules(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code of `payload` as rows of dark (True) and light modules, without the quiet zone."""
    # Level M: still scans from a phone screen with a crack or glare across it.
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(payload)
    code.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())
