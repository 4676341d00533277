"""A shop's QRIS read from a picture: a photo of the sticker at the counter, or a screenshot of the QRIS the bank
or the e-wallet sent. The picture's QR code is decoded (zxing-cpp), then checked as a pasted QRIS text is."""

from __future__ import annotations

from pathlib import Path
from typing import Final

import zxingcpp
from PIL import Image, ImageOps, UnidentifiedImageError

from pos.i18n import N_
from pos.ledger.base.errors import InvalidInput, NotFound
from pos.ledger.counter.qris import QrisPayload, parse_payload

# A phone photo is 12 megapixels or more; a QR code the size of a sticker still reads at this size, far faster.
_LARGEST_SIDE: Final = 2000


def _picture(path: Path) -> Image.Image:
    try:
        with Image.open(path) as opened:
            # Phones store a portrait photo sideways with a note to turn it; the code is read as it is seen.
            picture = ImageOps.exif_transpose(opened).convert("L")
    except FileNotFoundError as error:
        raise NotFound(N_("The picture {name} was not found."), name=path.name) from error
    except (UnidentifiedImageError, OSError) as error:
        raise InvalidInput(N_("{name} is not a picture Laci can read (use a JPG or PNG)."), name=path.name) from error
    picture.thumbnail((_LARGEST_SIDE, _LARGEST_SIDE))
    return picture


def qris_from_picture(path: Path) -> tuple[str, QrisPayload]:
    """The static QRIS text in the picture at `path`, and what it says (the shop's name, city, NMID).

    Refuses, in the shopkeeper's words, a file that is not a picture, a picture with no QR code, and one whose
    QR codes are not a valid QRIS (a payment code with a wrong check, another kind of QR code).
    """
    qr_codes = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    found = [code.text for code in zxingcpp.read_barcodes(_picture(path), formats=qr_codes)]
    if not found:
        raise InvalidInput(
            N_("No QR code was found in {name}. Take the photo straight on, close enough to fill the picture."),
            name=path.name,
        )
    refusal: InvalidInput | None = None
    for text in found:
        try:
            return text, parse_payload(text)
        except InvalidInput as error:
            refusal = error
    assert refusal is not None
    raise InvalidInput(N_("The QR code in {name} is not a shop's QRIS: {reason}"), name=path.name, reason=str(refusal))
