"""Reading printed labels back as a scanner would: barcodes decoded (zxing-cpp) from the A4 sheets drawn by
pdftoppm, cell by cell, and from the raster pictures inside the receipt printer's ESC/POS bytes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import zxingcpp
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from pos.printing.label_sheets import SheetLayout

RASTER = b"\x1dv0"  # GS v 0: a raster picture, as python-escpos sends one


def decode(picture: Image.Image) -> list[str]:
    return [found.text for found in zxingcpp.read_barcodes(picture, formats=zxingcpp.BarcodeFormat.EAN13)]


def sheet_pages(pdf: Path, dpi: int = 150) -> list[Image.Image]:
    """Every page of `pdf` drawn by poppler's pdftoppm, as a picture."""
    stem = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(stem)], check=True)
    return [Image.open(p) for p in sorted(pdf.parent.glob(f"{stem.name}-*.png"))]


def cells(page: Image.Image, layout: SheetLayout) -> list[list[str]]:
    """The barcodes read in each label's own rectangle, top left first, as the labels lie on the sheet."""
    k = page.width / A4[0]
    found = []
    for index in range(layout.per_sheet):
        x, y = layout.cell(index)
        box = (x * k, (A4[1] - y - layout.height * mm) * k, (x + layout.width * mm) * k, (A4[1] - y) * k)
        found.append(decode(page.crop(tuple(int(v) for v in box))))
    return found


def raster_pictures(data: bytes) -> list[Image.Image]:
    """The raster pictures (GS v 0) in ESC/POS `data`, drawn back to one-bit images."""
    pictures = []
    at = data.find(RASTER)
    while at >= 0:
        width_bytes = data[at + 4] | data[at + 5] << 8
        height = data[at + 6] | data[at + 7] << 8
        start = at + 8
        bits = data[start : start + width_bytes * height]
        # ESC/POS sets a bit for a black dot; PIL's "1" mode takes a set bit as white.
        inverted = bytes(b ^ 0xFF for b in bits)
        picture = Image.frombytes("1", (width_bytes * 8, height), inverted)
        framed = Image.new("L", (picture.width + 80, picture.height + 80), 255)
        framed.paste(picture.convert("L"), (40, 40))
        pictures.append(framed)
        at = data.find(RASTER, start + len(bits))
    return pictures
