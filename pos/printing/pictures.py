"""Pictures on a receipt: the QR code and the shop's logo, sized for the printer's dots.

The printer and the on-screen preview size them the same way, so the preview shows what the paper will.
"""

from __future__ import annotations

from typing import Final

import qrcode
from PIL import Image, ImageOps

NARROW_PIXELS: Final = 384  # 58 mm paper at 203 dpi
WIDE_PIXELS: Final = 576  # 80 mm paper at 203 dpi
NARROW_MAX_COLUMNS: Final = 36  # more columns than this only fit on 80 mm paper
QR_SHARE: Final = 0.75  # of the paper's width: big enough to scan from a phone, with room left around it
QR_MAX_DOT: Final = 8
QR_QUIET_MODULES: Final = 4  # the white border a scanner needs around the code


def default_pixel_width(columns: int) -> int:
    """The dots across a printer with no known width: 58 mm paper for up to 36 columns, else 80 mm."""
    return NARROW_PIXELS if columns <= NARROW_MAX_COLUMNS else WIDE_PIXELS


def _qr(payload: str) -> qrcode.QRCode:
    # Level M survives a crease or a smudge on thermal paper and still fits a QRIS payload on 58 mm.
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(payload)
    code.make(fit=True)
    return code


def qr_modules(payload: str) -> int:
    """How many modules (squares) across the QR code of `payload` is, without its quiet zone."""
    return int(_qr(payload).modules_count)


def qr_dot_size(payload: str, pixel_width: int) -> int:
    """Dots per QR module so the code takes about three quarters of the paper's width (1 to 8)."""
    return max(1, min(QR_MAX_DOT, int(pixel_width * QR_SHARE) // (qr_modules(payload) + 2 * QR_QUIET_MODULES)))


def qr_image(payload: str, pixel_width: int) -> Image.Image:
    """The QR code of `payload` as black and white dots, centred on a strip `pixel_width` wide."""
    matrix: list[list[bool]] = _qr(payload).get_matrix()
    dot = qr_dot_size(payload, pixel_width)
    side = len(matrix)
    code = Image.new("1", (side, side), 1)
    code.putdata([0 if cell else 1 for row in matrix for cell in row])
    code = code.resize((side * dot, side * dot), Image.Resampling.NEAREST)
    strip = Image.new("1", (pixel_width, (side + 2 * QR_QUIET_MODULES) * dot), 1)
    strip.paste(code, ((pixel_width - side * dot) // 2, QR_QUIET_MODULES * dot))
    return strip


def fit_logo(logo: Image.Image, pixel_width: int, max_height: int = 160) -> Image.Image:
    """`logo` in black and white dots, shrunk to fit the paper (never enlarged), centred on a full-width strip."""
    picture = logo
    if picture.mode in ("RGBA", "LA", "P"):
        # Transparent parts are paper, not black.
        picture = picture.convert("RGBA")
        white = Image.new("RGBA", picture.size, (255, 255, 255, 255))
        picture = Image.alpha_composite(white, picture)
    grey = ImageOps.grayscale(picture)
    grey.thumbnail((pixel_width, max_height), Image.Resampling.LANCZOS)
    dots = grey.convert("1")  # Floyd-Steinberg dithering keeps greys readable on a one-colour printer
    strip = Image.new("1", (pixel_width, dots.height), 1)
    strip.paste(dots, ((pixel_width - dots.width) // 2, 0))
    return strip
