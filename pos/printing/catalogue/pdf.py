"""The catalogue's pages drawn on a ReportLab canvas: real text in the embedded fonts, pictures, a vector QR code."""

from __future__ import annotations

from PIL import Image
from reportlab.lib.colors import HexColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from pos.printing.catalogue.painter import Align
from pos.printing.statements import fonts


class PdfPainter:
    """Draws in layout units on `canvas`, `scale` points to a unit, with y measured down from the page's top."""

    def __init__(self, canvas: Canvas, scale: float, page_height: float) -> None:
        fonts.register()
        self.canvas = canvas
        self.k = scale
        self.top = page_height

    def _y(self, y: float) -> float:
        return self.top - y * self.k

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
        c = self.canvas
        c.setFillColor(HexColor(fill))
        if outline:
            c.setStrokeColor(HexColor(outline))
            c.setLineWidth(line * self.k)
        args = (x * self.k, self._y(y + h), w * self.k, h * self.k)
        if radius:
            c.roundRect(*args, radius * self.k, stroke=1 if outline else 0, fill=1)
        else:
            c.rect(*args, stroke=1 if outline else 0, fill=1)

    def text(
        self, x: float, baseline: float, text: str, size: float, colour: str, bold: bool = False, align: Align = "left"
    ) -> None:
        c = self.canvas
        c.setFillColor(HexColor(colour))
        c.setFont(fonts.BOLD if bold else fonts.REGULAR, size * self.k)
        draw = {"left": c.drawString, "centre": c.drawCentredString, "right": c.drawRightString}[align]
        draw(x * self.k, self._y(baseline), text)

    def measure(self, text: str, size: float, bold: bool = False) -> float:
        return float(stringWidth(text, fonts.BOLD if bold else fonts.REGULAR, size))

    def picture(self, image: Image.Image, x: float, y: float, w: float, h: float, radius: float = 0) -> None:
        c = self.canvas
        box = (x * self.k, self._y(y + h), w * self.k, h * self.k)
        c.saveState()
        if radius:
            path = c.beginPath()
            path.roundRect(*box, radius * self.k)
            c.clipPath(path, stroke=0, fill=0)
        c.drawImage(ImageReader(image.convert("RGB")), *box)
        c.restoreState()
