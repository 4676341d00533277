"""Slips drawn as the printer prints them: the paper's width in dots, text in its cells, the QR code, and the
documentation's example receipts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageChops
from printing_support import morning_sale
from shop_support import Counter

from pos.ledger.slips import receipts
from pos.printing.layout import lines_for
from pos.printing.pictures import qr_image
from pos.printing.preview import CELL_HEIGHT, CELL_WIDTH, FRAME, MARGIN, render
from pos.printing.sheet import Line

ROOT = Path(__file__).resolve().parents[2]


def ink_columns(image: Image.Image) -> int:
    box = ImageChops.invert(image.convert("L")).point(lambda v: 255 if v > 128 else 0).getbbox()
    assert box is not None
    return box[2] - box[0]


def test_paper_width_follows_the_printer() -> None:
    for columns, dots in ((32, 384), (42, 576), (48, 576)):
        image = render([Line("x")], columns)
        assert image.width == dots + 2 * (MARGIN + FRAME)
        assert image.height == 3 * CELL_HEIGHT + 2 * FRAME


def test_text_sits_in_its_cells_and_doubles_in_width() -> None:
    normal = render([Line("W" * 10)], 32).crop((FRAME + MARGIN, FRAME, FRAME + MARGIN + 384, FRAME + 3 * CELL_HEIGHT))
    wide = render([Line("W" * 10, double_width=True)], 32)
    wide = wide.crop((FRAME + MARGIN, FRAME, FRAME + MARGIN + 384, FRAME + 3 * CELL_HEIGHT))
    assert 9 * CELL_WIDTH < ink_columns(normal) <= 10 * CELL_WIDTH
    assert 19 * CELL_WIDTH < ink_columns(wide) <= 20 * CELL_WIDTH
    right = render([Line("Rp", align="right")], 32).crop((FRAME + MARGIN, FRAME, FRAME + MARGIN + 384, 200))
    box = ImageChops.invert(right.convert("L")).getbbox()
    assert box is not None and box[2] > 384 - CELL_WIDTH


def test_the_qr_code_is_drawn_as_the_printer_gets_it(shop: Counter) -> None:
    sale = morning_sale(shop)
    with shop.db.read() as s:
        lines = lines_for(receipts.receipt_for_sale(s, sale.sale_id), 32)
    payload = next(x.qr for x in lines if x.qr)
    assert payload is not None
    code = qr_image(payload, 384).convert("L")
    drawn = render([Line(qr=payload)], 32).convert("L")
    top = FRAME + CELL_HEIGHT
    region = drawn.crop((FRAME + MARGIN, top, FRAME + MARGIN + code.width, top + code.height))
    assert ImageChops.difference(region, code).getbbox() is None
    assert 180 <= ink_columns(code) <= 384 * 3 // 4


def test_the_documentation_receipts_can_be_drawn_again(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "printing" / "make_screenshots.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    for name, width in (("receipt-58mm.png", 384), ("receipt-80mm.png", 576)):
        with Image.open(tmp_path / name) as image:
            assert image.width == width + 2 * (MARGIN + FRAME) and image.height > 1000


def test_the_preview_font_comes_with_the_app_not_from_fontconfig(tmp_path: Path) -> None:
    # Windows has no fc-match: with nothing on PATH the slip is drawn from the shipped font, pixel for pixel the same.
    code = (
        "import sys\nfrom pos.printing.sheet import Line\nfrom pos.printing.preview import render\n"
        "render([Line('Kopi Tubruk  Rp 5.000', bold=True), Line('Es Teh 12 x Rp 3.000')], 32).save(sys.argv[1])\n"
    )
    alone = tmp_path / "alone.png"
    empty = tmp_path / "empty-path"
    empty.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", code, str(alone)],
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": str(empty)},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    here = render([Line("Kopi Tubruk  Rp 5.000", bold=True), Line("Es Teh 12 x Rp 3.000")], 32)
    with Image.open(alone) as drawn:
        assert ImageChops.difference(drawn.convert("RGB"), here).getbbox() is None
    assert "fc-match" not in (ROOT / "pos" / "printing" / "preview.py").read_text(encoding="utf-8")
