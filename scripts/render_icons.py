"""Render the app icon's PNG sizes (and laci.ico) from assets/icons/laci.svg with Qt's own SVG renderer.

Run it after changing laci.svg: `.venv/bin/python scripts/render_icons.py`. With `--sheet PATH` it also draws
every icon at the sizes the app shows them on one contact sheet, to look at them side by side.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from pos.ui.icons import APP_ICON_SIZES

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "assets" / "icons"
APP_ICON = ICONS / "laci.svg"
SHEET_SIZES = (16, 24, 32, 48, 96)


def render(svg: Path, size: int) -> QImage:
    """`svg` drawn into a transparent `size` x `size` image."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: Qt cannot read this SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def png_path(size: int) -> Path:
    return ICONS / f"laci-{size}.png"


def write_app_icons() -> list[Path]:
    """laci-16.png ... laci-256.png, and laci.ico (Windows) made of the same renders when Pillow is there."""
    written = []
    for size in APP_ICON_SIZES:
        path = png_path(size)
        if not render(APP_ICON, size).save(str(path)):
            raise SystemExit(f"could not write {path}")
        written.append(path)
    try:
        from PIL import Image
    except ImportError:
        print("Pillow is not installed: laci.ico was not made", file=sys.stderr)
        return written
    images = [Image.open(png_path(size)) for size in APP_ICON_SIZES]
    ico = ICONS / "laci.ico"
    # Each size is Qt's own render rather than Pillow's downscale of the largest one.
    images[-1].save(ico, sizes=[(s, s) for s in APP_ICON_SIZES], append_images=images[:-1])
    written.append(ico)
    return written


def write_sheet(path: Path) -> None:
    """Every icon in assets/icons at SHEET_SIZES, on white and on the counter's grey button colour."""
    names = sorted(p.stem for p in ICONS.glob("*.svg"))
    cell, label_height, margin = 112, 20, 16
    columns = len(SHEET_SIZES) * 2
    width = margin * 2 + 140 + columns * cell
    height = margin * 2 + label_height + len(names) * cell
    sheet = QImage(width, height, QImage.Format.Format_ARGB32)
    sheet.fill(QColor("#ffffff"))
    painter = QPainter(sheet)
    painter.setFont(QFont(painter.font().family(), 10))
    for i, size in enumerate(SHEET_SIZES * 2):
        x = margin + 140 + i * cell
        painter.drawText(QRectF(x, margin, cell, label_height), Qt.AlignmentFlag.AlignCenter, f"{size} px")
    for row, name in enumerate(names):
        y = margin + label_height + row * cell
        painter.drawText(QRectF(margin, y, 130, cell), Qt.AlignmentFlag.AlignVCenter, name)
        for i, size in enumerate(SHEET_SIZES * 2):
            x = margin + 140 + i * cell
            background = "#ffffff" if i < len(SHEET_SIZES) else "#f4f5f7"
            painter.fillRect(QRectF(x + 4, y + 4, cell - 8, cell - 8), QColor(background))
            offset = (cell - size) / 2
            painter.drawImage(int(x + offset), int(y + offset), render(ICONS / f"{name}.svg", size))
    painter.end()
    if not sheet.save(str(path)):
        raise SystemExit(f"could not write {path}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheet", type=Path, metavar="PNG", help="also draw all icons on one contact sheet")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # rendering needs no display
    app = QGuiApplication(sys.argv[:1])
    for path in write_app_icons():
        print(path.relative_to(ROOT))
    if args.sheet:
        write_sheet(args.sheet)
        print(args.sheet)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
