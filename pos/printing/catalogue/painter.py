"""What a catalogue page is drawn with: boxes, text and pictures in layout units, on Pillow or on a PDF page.

`PicturePainter` draws at twice the size and shrinks the result, which smooths the rounded corners Pillow
otherwise draws jagged.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal, Protocol

from PIL import Image, ImageDraw, ImageFont

from pos.printing.statements.fonts import FONT_DIR

Align = Literal["left", "centre", "right"]
OVERSAMPLE = 2


class Painter(Protocol):
    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        fill: str,
        radius: float = 0,
        outline: str | None = None,
        line: float = 0,
    ) -> None:
        """A box with its top-left corner at (x, y), filled, optionally rounded and outlined."""

    def text(
        self, x: float, baseline: float, text: str, size: float, colour: str, bold: bool = False, align: Align = "left"
    ) -> None:
        """One line of text standing on `baseline`; `x` is its left end, centre or right end."""

    def measure(self, text: str, size: float, bold: bool = False) -> float:
        """How wide `text` is, in units."""

    def picture(self, image: Image.Image, x: float, y: float, w: float, h: float, radius: float = 0) -> None:
        """`image` stretched over the box (give it the box's shape), corners rounded by `radius`."""


@lru_cache(maxsize=64)
def font(size_px: int, bold: bool) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), size_px)


class PicturePainter:
    """Draws on a Pillow image `size` pixels big; `scale` pixels to a unit."""

    def __init__(self, size: tuple[int, int], scale: float, background: str) -> None:
        self.size = size
        self.k = scale * OVERSAMPLE
        self.canvas = Image.new("RGB", (size[0] * OVERSAMPLE, size[1] * OVERSAMPLE), background)
        self.draw = ImageDraw.Draw(self.canvas)

    def _px(self, value: float) -> int:
        return round(value * self.k)

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        fill: str,
        radius: float = 0,
        outline: str | None = None,
        line: float = 0,
    ) -> None:
        box = (self._px(x), self._px(y), self._px(x + w) - 1, self._px(y + h) - 1)
        width = max(1, self._px(line)) if outline else 0
        if radius:
            self.draw.rounded_rectangle(box, self._px(radius), fill=fill, outline=outline, width=width)
        else:
            self.draw.rectangle(box, fill=fill, outline=outline, width=width)

    def text(
        self, x: float, baseline: float, text: str, size: float, colour: str, bold: bool = False, align: Align = "left"
    ) -> None:
        anchor = {"left": "ls", "centre": "ms", "right": "rs"}[align]
        self.draw.text((self._px(x), self._px(baseline)), text, fill=colour, font=self._font(size, bold), anchor=anchor)

    def measure(self, text: str, size: float, bold: bool = False) -> float:
        return float(self._font(size, bold).getlength(text)) / self.k

    def _font(self, size: float, bold: bool) -> ImageFont.FreeTypeFont:
        return font(max(1, self._px(size)), bold)

    def picture(self, image: Image.Image, x: float, y: float, w: float, h: float, radius: float = 0) -> None:
        left, top = self._px(x), self._px(y)
        size = (self._px(x + w) - left, self._px(y + h) - top)
        fitted = image.convert("RGB").resize(size, Image.Resampling.LANCZOS)
        mask = None
        if radius:
            mask = Image.new("L", size, 0)
            ImageDraw.Draw(mask).rounded_rectangle((0, 0, size[0] - 1, size[1] - 1), self._px(radius), fill=255)
        self.canvas.paste(fitted, (left, top), mask)

    def finished(self) -> Image.Image:
        """The page at its real size."""
        # Averaging each 2x2 block is exact for a whole-number oversample, and many times quicker than LANCZOS.
        return self.canvas.reduce(OVERSAMPLE)
