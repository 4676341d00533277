"""A slip drawn as the printer would print it, for the screen, the documentation and tests.

Characters sit in the cells of the printer's font A (12 x 24 dots), so columns line up as on paper. The font
is DejaVu Sans Mono from the app's own `assets/fonts`, so a slip looks the same on Windows (which has neither
the font nor fontconfig to find it) as on Linux.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Final

from PIL import Image, ImageDraw, ImageFont

from pos.printing.ean13_bars import ean13_image
from pos.printing.pictures import default_pixel_width, fit_logo, qr_image
from pos.printing.sheet import Line

CELL_WIDTH: Final = 12
CELL_HEIGHT: Final = 24
FONT_SIZE: Final = 20  # DejaVu Sans Mono is 0.6 em wide: 20 px makes the 12-dot cell
MARGIN: Final = 24  # paper beyond the printable width, each side
FRAME: Final = 16  # the grey around the paper, so its edge shows on a white page
INK: Final = 20
PAPER: Final = 255
TABLE: Final = 200
CUT_FEED: Final = 2  # lines of paper fed before the cutter

FONT_DIR: Final = Path(__file__).resolve().parents[2] / "assets" / "fonts"
MONO: Final = {False: "DejaVuSansMono.ttf", True: "DejaVuSansMono-Bold.ttf"}

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@lru_cache(maxsize=8)
def _font(bold: bool, scale: int) -> Font:
    return ImageFont.truetype(str(FONT_DIR / MONO[bold]), FONT_SIZE * scale)


def _text_strip(line: Line, width: int) -> Image.Image:
    """One line of text in its cells, doubled in width or height as the printer would."""
    wide, tall = (2 if line.double_width else 1), (2 if line.double_height else 1)
    scale = max(wide, tall)
    cell_w, cell_h = CELL_WIDTH * scale, CELL_HEIGHT * scale
    drawn = Image.new("L", (max(1, len(line.text)) * cell_w, cell_h), PAPER)
    pen = ImageDraw.Draw(drawn)
    font = _font(line.bold, scale)
    for i, char in enumerate(line.text):
        if char != " ":
            # Each character in its own cell, centred, as the printer's font A places it.
            pen.text((i * cell_w + cell_w // 2, cell_h // 2), char, font=font, fill=INK, anchor="mm")
    text = drawn.resize((max(1, len(line.text)) * CELL_WIDTH * wide, CELL_HEIGHT * tall), Image.Resampling.LANCZOS)
    strip = Image.new("L", (width, CELL_HEIGHT * tall), PAPER)
    room = width - text.width
    x = room // 2 if line.align == "center" else room if line.align == "right" else 0
    strip.paste(text, (max(0, x), 0))
    return strip


def _cut_strip(width: int) -> Image.Image:
    strip = Image.new("L", (width, CELL_HEIGHT * (CUT_FEED + 1)), PAPER)
    pen = ImageDraw.Draw(strip)
    y = strip.height - 2
    for x in range(0, width, 12):
        pen.line([(x, y), (x + 6, y)], fill=TABLE - 60, width=1)
    return strip


def render(
    lines: Sequence[Line], columns: int, *, pixel_width: int | None = None, logo: Image.Image | None = None
) -> Image.Image:
    """`lines` on a strip of receipt paper `columns` characters wide, framed in grey; RGB, ready to save."""
    width = pixel_width or default_pixel_width(columns)
    width = max(width, columns * CELL_WIDTH)
    strips: list[Image.Image] = []
    for line in lines:
        if line.logo:
            if logo is not None:
                strips.append(fit_logo(logo, width).convert("L"))
        elif line.cut:
            strips.append(_cut_strip(width))
        elif line.qr is not None:
            strips.append(qr_image(line.qr, width).convert("L"))
        elif line.barcode is not None:
            strips.append(ean13_image(line.barcode, width).convert("L"))
        else:
            strips.append(_text_strip(line, width))
    height = sum(s.height for s in strips) + 2 * CELL_HEIGHT
    paper = Image.new("L", (width + 2 * MARGIN, height), PAPER)
    y = CELL_HEIGHT
    for strip in strips:
        paper.paste(strip, (MARGIN, y))
        y += strip.height
    framed = Image.new("RGB", (paper.width + 2 * FRAME, paper.height + 2 * FRAME), (TABLE, TABLE, TABLE))
    framed.paste(paper.convert("RGB"), (FRAME, FRAME))
    return framed
