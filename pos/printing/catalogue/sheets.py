"""The sizes a catalogue comes in: an A4 PDF, a WhatsApp status, an Instagram post (square or 4:5).

Layouts are written in units of a picture 1080 wide; `scale` turns units into the sheet's own measure (pixels
for a picture, points for the PDF page), so one layout draws both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

Kind = Literal["pdf", "status", "square", "portrait"]
KINDS: Final[tuple[Kind, ...]] = ("pdf", "status", "square", "portrait")
WIDTH: Final = 1080.0  # layout units across every sheet


@dataclass(frozen=True, slots=True)
class Sheet:
    kind: Kind
    size: tuple[float, float]  # in the sheet's own measure: pixels, or points for the PDF
    columns: int
    rows: int  # rows of cards a page is made for; pictures are sized so that they fill it
    name_size: float  # product names, in units; pictures are seen at a phone's width, so text must be big
    price_size: float
    name_lines: int  # lines a product's name may take before it is shortened
    shop_size: float  # the shop's name in the header
    header: float  # height of the shop's band, in units
    footer: float  # height of the band under the products (the ordering code on a status), in units
    qr_in_header: bool  # small sheets keep the ordering code beside the shop's name, leaving room for products

    @property
    def scale(self) -> float:
        return self.size[0] / WIDTH

    @property
    def height(self) -> float:
        """The sheet's height in units."""
        return self.size[1] / self.scale


A4: Final = (595.2756, 841.8898)  # points

SHEETS: Final[dict[Kind, Sheet]] = {
    "pdf": Sheet("pdf", A4, 4, 3, 21, 26, 3, 50, 268, 70, True),
    "status": Sheet("status", (1080, 1920), 3, 3, 29, 37, 2, 66, 280, 310, False),
    "square": Sheet("square", (1080, 1080), 3, 2, 27, 34, 2, 52, 200, 64, True),
    "portrait": Sheet("portrait", (1080, 1350), 3, 2, 30, 38, 3, 56, 210, 70, True),
}

FILE_NAMES: Final[dict[Kind, str]] = {
    "pdf": "catalogue.pdf",
    "status": "catalogue-status-{page}.png",
    "square": "catalogue-square-{page}.png",
    "portrait": "catalogue-portrait-{page}.png",
}
