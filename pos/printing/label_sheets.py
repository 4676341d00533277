"""Price labels on A4 sticker sheets, as a PDF: the sheet layouts sold in Indonesian shops, drawn with ReportLab.

A layout is named by its columns across and rows down and the label's size in millimetres; the grid is centred
on the A4 page as the sheets are cut. Printing may start at any label of the first sheet, so a sheet half used
goes back in the printer. Each label has the name (cut short when it does not fit), the price, and the EAN-13
drawn by ReportLab's own barcode code, its digits under the bars.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Final

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.eanbc import Ean13BarcodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from pos.i18n import N_, _
from pos.ledger.base.errors import InvalidInput
from pos.ledger.slips.slip_types import PriceLabel
from pos.ledger.stock.own_barcodes import is_label_code
from pos.printing.label_slip import price_text
from pos.printing.statements import fonts

PADDING: Final = 1.5 * mm
EAN_MODULES: Final = 113  # 95 modules and the quiet zones a scanner needs either side
NOMINAL_MODULE: Final = 0.33 * mm  # GS1's 100% size; smaller labels print it a little narrower
GUIDE: Final = HexColor("#9a9a9a")


@dataclass(frozen=True, slots=True)
class SheetLayout:
    """An A4 sheet of `columns` x `rows` labels, each `width` x `height` mm, with the gaps between them."""

    key: str
    columns: int
    rows: int
    width: float
    height: float
    gap_x: float = 0.0
    gap_y: float = 0.0

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    def title(self) -> str:
        return _("{columns} x {rows} ({count} labels of {width} x {height} mm)").format(
            columns=self.columns,
            rows=self.rows,
            count=self.per_sheet,
            width=_mm(self.width),
            height=_mm(self.height),
        )

    def cell(self, index: int) -> tuple[float, float]:
        """The bottom-left corner, in points, of label `index` (0 is top left, counted along the rows)."""
        row, column = divmod(index % self.per_sheet, self.columns)
        page_w, page_h = A4
        grid_w = (self.columns * self.width + (self.columns - 1) * self.gap_x) * mm
        grid_h = (self.rows * self.height + (self.rows - 1) * self.gap_y) * mm
        left = (page_w - grid_w) / 2 + column * (self.width + self.gap_x) * mm
        top = page_h - (page_h - grid_h) / 2 - row * (self.height + self.gap_y) * mm
        return left, top - self.height * mm


def _mm(value: float) -> str:
    return f"{value:g}".replace(".", ",")


# The usual A4 sticker sheets: 21 and 24 for shelves and jars, 40 and 65 for small goods.
LAYOUTS: Final = (
    SheetLayout("3x7", 3, 7, 63.5, 38.1, gap_x=2.5),
    SheetLayout("3x8", 3, 8, 63.5, 33.9, gap_x=2.5),
    SheetLayout("4x10", 4, 10, 48.5, 25.4),
    SheetLayout("5x13", 5, 13, 38.1, 21.2, gap_x=2.5),
)
DEFAULT_LAYOUT: Final = "3x7"


def layout_named(key: str) -> SheetLayout:
    for layout in LAYOUTS:
        if layout.key == key.strip().lower():
            return layout
    raise InvalidInput(
        N_("'{layout}' is not a label sheet; choose one of {known}."),
        layout=key,
        known=", ".join(x.key for x in LAYOUTS),
    )


def _fit(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _name_lines(name: str, font: str, size: float, width: float, most: int) -> list[str]:
    words = " ".join(name.split()).split(" ")
    lines: list[str] = []
    current = ""
    for word in words:
        trial = f"{current} {word}".strip()
        if stringWidth(trial, font, size) <= width or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    lines.append(current)
    if len(lines) > most:
        lines = [*lines[: most - 1], " ".join(lines[most - 1 :])]
    return [_fit(line, font, size, width) for line in lines]


def _barcode_form(canvas: Canvas, forms: set[str], code: str, module: float, height: float, digits: float) -> str:
    """The barcode drawn once as a form on `canvas`, named for what it shows: copies of a label reuse it, which
    keeps a sheet of one product's labels small and quick."""
    name = f"ean-{code}-{module:.4f}-{height:.2f}-{digits:.2f}"
    if name in forms:
        return name
    widget = Ean13BarcodeWidget(code[:12], barWidth=module, barHeight=height, fontSize=digits, quiet=1)
    # ReportLab computes the check digit itself from the first twelve; a label must never print a number other
    # than the one the product is rung up by.
    if str(widget.value) + str(widget._checkdigit(widget.value)) != code:
        raise InvalidInput(N_("'{code}' is not an EAN-13 barcode with a right check digit."), code=code)
    drawing = Drawing(EAN_MODULES * module, height)
    drawing.add(widget)
    canvas.beginForm(name)
    renderPDF.draw(drawing, canvas, 0, 0)
    canvas.endForm()
    forms.add(name)
    return name


def _barcode(canvas: Canvas, forms: set[str], code: str, box: tuple[float, float, float, float], digits: float) -> None:
    x, y, width, height = box
    module = min(NOMINAL_MODULE, width / EAN_MODULES)
    name = _barcode_form(canvas, forms, code, module, height, digits)
    canvas.saveState()
    canvas.translate(x + (width - EAN_MODULES * module) / 2, y)
    canvas.doForm(name)
    canvas.restoreState()


def _draw_label(canvas: Canvas, forms: set[str], label: PriceLabel, layout: SheetLayout, x: float, y: float) -> None:
    w, h = layout.width * mm - 2 * PADDING, layout.height * mm - 2 * PADDING
    scale = layout.height / 38.1
    name_size, price_size, digit_size = max(5.5, 9 * scale), max(8.0, 14 * scale), max(5.0, 8 * scale)
    lines = _name_lines(label.name, fonts.BOLD, name_size, w, 2 if layout.height >= 30 else 1)
    top = y + PADDING + h
    canvas.setFillColor(black)
    for line in lines:
        top -= name_size * 1.1
        canvas.setFont(fonts.BOLD, name_size)
        canvas.drawCentredString(x + PADDING + w / 2, top, line)
    price = price_text(label)
    while price_size > 5 and stringWidth(price, fonts.BOLD, price_size) > w:
        price_size -= 0.5
    top -= price_size * 1.05
    canvas.setFont(fonts.BOLD, price_size)
    canvas.drawCentredString(x + PADDING + w / 2, top, _fit(price, fonts.BOLD, price_size, w))
    bars = top - price_size * 0.25 - (y + PADDING)
    _barcode(canvas, forms, label.barcode, (x + PADDING, y + PADDING, w, max(bars, 4 * mm)), digit_size)


def write_sheets(
    labels: Sequence[PriceLabel],
    layout: SheetLayout,
    target: Path | BinaryIO,
    *,
    start: int = 1,
    guides: bool = False,
) -> int:
    """Draw `labels` on A4 sheets of `layout` from label `start` (1 is top left) of the first; returns the
    number of pages. `guides` outlines every label, for a trial print on plain paper."""
    if not labels:
        raise InvalidInput(N_("Choose at least one product to print labels for."))
    if not 1 <= start <= layout.per_sheet:
        raise InvalidInput(N_("The first label must be from 1 to {n} on this sheet."), n=layout.per_sheet)
    for label in labels:
        if not is_label_code(label.barcode):
            raise InvalidInput(N_("'{code}' is not an EAN-13 barcode with a right check digit."), code=label.barcode)
    fonts.register()
    canvas = Canvas(str(target) if isinstance(target, Path) else target, pagesize=A4, pageCompression=1)
    canvas.setTitle(_("Price labels"))
    canvas.setAuthor("Laci")
    pages = 0
    forms: set[str] = set()  # the barcodes drawn once on this canvas, by name
    for i, label in enumerate(labels):
        slot = start - 1 + i
        if slot % layout.per_sheet == 0 and i:
            canvas.showPage()
        if i == 0 or slot % layout.per_sheet == 0:
            pages += 1
            if guides:
                _guides(canvas, layout)
        x, y = layout.cell(slot)
        _draw_label(canvas, forms, label, layout, x, y)
    canvas.showPage()
    canvas.save()
    return pages


def _guides(canvas: Canvas, layout: SheetLayout) -> None:
    canvas.setStrokeColor(GUIDE)
    canvas.setLineWidth(0.3)
    for index in range(layout.per_sheet):
        x, y = layout.cell(index)
        canvas.roundRect(x, y, layout.width * mm, layout.height * mm, 1.5 * mm)
