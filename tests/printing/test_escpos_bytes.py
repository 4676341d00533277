"""The bytes python-escpos sends for a slip: initialise, alignment, sizes, the QR, the cut and the drawer kick."""

from __future__ import annotations

import pytest
from escpos.printer import Dummy
from PIL import Image
from printing_support import morning_sale
from shop_support import Counter

from pos.ledger.slips import receipts
from pos.printing.escpos_out import print_lines
from pos.printing.layout import lines_for
from pos.printing.sheet import Line

INIT = b"\x1b@"
CENTRE = b"\x1ba\x01"
LEFT = b"\x1ba\x00"
QR = b"\x1d(k"
CUT = b"\x1dV"
KICK_PIN_2 = b"\x1bp\x00"
RASTER = b"\x1dv0"
TALL = b"\x1b!\x10"
BOLD = b"\x1bE\x01"


def morning_lines(shop: Counter, columns: int = 32) -> list[Line]:
    sale = morning_sale(shop)
    with shop.db.read() as s:
        return lines_for(receipts.receipt_for_sale(s, sale.sale_id), columns)


def test_a_receipt_in_escpos(shop: Counter) -> None:
    printer = Dummy()
    lines = morning_lines(shop)
    print_lines(printer, lines, open_drawer=True)
    out = printer.output
    assert out.startswith(INIT + KICK_PIN_2)  # the drawer opens as the slip starts
    assert CENTRE in out and LEFT in out and TALL in out and BOLD in out
    qris = next(x.qr for x in lines if x.qr)
    assert qris is not None and QR in out and qris.encode() in out
    assert out.rindex(CUT) > out.index(b"Terima kasih") > out.index(QR)
    assert b"Rp 68.700" in out and b'Minyak Goreng "Bimoli" 2L' in out


def test_no_kick_unless_asked(shop: Counter) -> None:
    printer = Dummy()
    print_lines(printer, morning_lines(shop), open_drawer=False)
    assert KICK_PIN_2 not in printer.output


def test_a_drawer_job_is_the_kick_alone() -> None:
    printer = Dummy()
    print_lines(printer, [], open_drawer=True)
    assert printer.output == INIT + KICK_PIN_2 + b"\x32\x32"


def test_style_is_sent_only_when_it_changes() -> None:
    printer = Dummy()
    print_lines(printer, [Line("a"), Line("b"), Line("c", bold=True)], open_drawer=False)
    assert printer.output.count(b"\x1bE") == 2


def test_nothing_but_ascii_reaches_the_printer() -> None:
    printer = Dummy()
    lines = [
        Line("Caf\u00e9 \u201cBu Sri\u201d\u00a0\u2013 Jum\u2019at\u2026", align="center", bold=True),
        Line("Nasi\x1b@ goreng"),  # built by hand, bypassing the layout: the adapter cleans it again
        Line(cut=True),
    ]
    print_lines(printer, lines, open_drawer=True)
    out = printer.output
    assert out.isascii()
    assert b'Cafe "Bu Sri" - Jum\'at...' in out and b"Nasi@ goreng" in out
    assert out.count(INIT) == 1


def test_a_printer_without_a_qr_command_gets_the_code_as_a_picture() -> None:
    printer = Dummy(profile="POS-5890")
    print_lines(printer, [Line(qr="00020101021126")], open_drawer=False)
    assert QR not in printer.output and RASTER in printer.output
    # GS v 0 m xL xH: 384 dots across is 48 bytes, so the picture spans the paper and is centred in it.
    start = printer.output.index(RASTER) + len(RASTER) + 1
    assert printer.output[start : start + 2] == bytes([48, 0])


@pytest.mark.parametrize(
    ("profile", "columns", "dots"), [("default", 32, 384), ("default", 48, 576), ("TM-T88V", 42, 512)]
)
def test_the_logo_is_scaled_to_the_paper(profile: str, columns: int, dots: int) -> None:
    printer = Dummy(profile=profile)
    logo = Image.new("RGBA", (1200, 400), (200, 30, 30, 255))
    print_lines(printer, [Line(logo=True), Line("Warung")], open_drawer=False, columns=columns, logo=logo)
    out = printer.output
    start = out.index(RASTER) + len(RASTER) + 1
    assert int.from_bytes(out[start : start + 2], "little") * 8 == dots
    assert out.index(RASTER) < out.index(b"Warung")


def test_without_a_logo_the_marker_prints_nothing() -> None:
    printer = Dummy()
    print_lines(printer, [Line(logo=True)], open_drawer=False)
    assert printer.output == INIT


def test_a_code_page_beyond_ascii() -> None:
    printer = Dummy()
    print_lines(printer, [Line("Caf\u00e9 \u20ac5")], open_drawer=False, codepage="cp858")
    out = printer.output
    assert b"\x1bt" in out and "Caf\u00e9 \u20ac5".encode("cp858") in out
