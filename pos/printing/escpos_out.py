"""The thin adapter to python-escpos: laid-out lines become ESC/POS commands on any of its printer objects.

It initialises the printer, sets alignment, emphasis and size only when they change, prints QR codes with the
printer's own QR command when its profile has one (as an image otherwise), the logo scaled to the paper, the
cut, EAN-13 barcodes as pictures, and the drawer kick.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator, Sequence
from typing import Any, Final

from PIL import Image

from pos.printing.codepages import escpos_name
from pos.printing.ean13_bars import ean13_image
from pos.printing.pictures import default_pixel_width, fit_logo, qr_dot_size, qr_image
from pos.printing.sheet import Line
from pos.printing.text import ASCII, printable

DRAWER_PIN: Final = 2  # the drawer port almost every till drawer is wired to
_PRINT_MODE: Final = b"\x1b!"  # ESC ! n: character size (and font, emphasis) in one byte
_DOUBLE_HEIGHT: Final = 0x10
_DOUBLE_WIDTH: Final = 0x20


def profile_pixel_width(printer: Any, columns: int) -> int:
    """Dots across the paper, from the printer profile's `media.width.pixels` or guessed from the columns."""
    try:
        pixels = printer.profile.profile_data["media"]["width"]["pixels"]
        return int(pixels)
    except (AttributeError, KeyError, TypeError, ValueError):
        return default_pixel_width(columns)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    # python-escpos prints a notice on standard output for profiles without a known width; the CLI's output
    # is for the shopkeeper.
    with contextlib.redirect_stdout(io.StringIO()):
        yield


def _send_picture(printer: Any, picture: Image.Image) -> None:
    with _quiet():
        printer.image(picture, impl="bitImageRaster", center=False)


def _send_qr(printer: Any, payload: str, pixel_width: int) -> None:
    from escpos.constants import QR_ECLEVEL_M

    printer.set(align="center")
    if printer.profile.supports("qrCode"):
        printer.qr(payload, ec=QR_ECLEVEL_M, size=qr_dot_size(payload, pixel_width), native=True)
    else:
        _send_picture(printer, qr_image(payload, pixel_width))


def print_lines(
    printer: Any,
    lines: Sequence[Line],
    *,
    open_drawer: bool,
    columns: int = 32,
    pixel_width: int | None = None,
    codepage: str = ASCII,
    logo: Image.Image | None = None,
) -> None:
    """Send `lines` to a python-escpos printer object, kicking the drawer first when `open_drawer`.

    The drawer opens as the slip starts to print, so the cashier can give change while it prints. Text is made
    printable for `codepage` once more here, so nothing outside it can reach the printer whoever built the lines.
    """
    width = pixel_width or profile_pixel_width(printer, columns)
    printer.hw("INIT")
    # ESC @ put the printer back on its default code page; python-escpos must not assume its earlier one.
    printer.magic.encoding = None
    texts = [printable(line.text, codepage) for line in lines]
    if codepage != ASCII and not all(text.isascii() for text in texts):
        # Selected only when a letter needs it: a slip in plain ASCII prints alike in any code page.
        printer.magic.force_encoding(escpos_name(codepage))
    if open_drawer:
        printer.cashdraw(DRAWER_PIN)
    style: tuple[str, bool, bool, bool] | None = None
    mode: int | None = None  # the print mode (ESC ! n) last sent
    for line, text in zip(lines, texts, strict=True):
        if line.logo:
            if logo is not None:
                printer.set(align="left")
                _send_picture(printer, fit_logo(logo, width))
                style = None
            continue
        if line.cut:
            printer.cut()
            continue
        if line.qr is not None:
            _send_qr(printer, line.qr, width)
            style = None
            continue
        if line.barcode is not None:
            printer.set(align="left")
            _send_picture(printer, ean13_image(line.barcode, width))
            style = None
            continue
        wanted = (line.align, line.bold, line.double_height, line.double_width)
        if wanted != style:
            size = (_DOUBLE_HEIGHT if line.double_height else 0) | (_DOUBLE_WIDTH if line.double_width else 0)
            if size != mode:
                # python-escpos's set() sends ESC ! 0 twice before any size; one ESC ! n says it. It also clears
                # emphasis, which set() sends again just after.
                printer._raw(_PRINT_MODE + bytes([size]))
                mode = size
            printer.set(align=line.align, bold=line.bold)
            style = wanted
        printer.textln(text)
