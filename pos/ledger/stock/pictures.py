"""Product pictures: files beside the database (`<data dir>/pictures/<product id>.jpg`), never rows in it.

A picture is checked and shrunk when it is set, so a 12-megapixel phone photo becomes a small JPEG that any
catalogue or screen can draw quickly.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from pathlib import Path
from typing import Final

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.files import replace_patiently
from pos.ledger.stock.product_records import get_product

FOLDER: Final = "pictures"
MAX_SIDE: Final = 800  # pixels: sharp on a phone-sized catalogue card, small enough to keep hundreds
JPEG_QUALITY: Final = 85
SUFFIXES: Final = (".jpg", ".png")  # what `picture_of` looks for; a picture set here is always a .jpg


class InvalidPicture(InvalidInput):
    """The file given as a product's picture is missing or is not an image; nothing was written."""


def pictures_dir(data_dir: Path) -> Path:
    """The folder of product pictures inside the shop's data folder."""
    return data_dir / FOLDER


def picture_path(data_dir: Path, product_id: uuid.UUID, suffix: str = ".jpg") -> Path:
    """Where the picture of `product_id` lives (whether or not it exists yet)."""
    return pictures_dir(data_dir) / f"{product_id}{suffix}"


def picture_of(data_dir: Path, product_id: uuid.UUID) -> Path | None:
    """The picture file of `product_id`, or None when the product has none."""
    for suffix in SUFFIXES:
        path = picture_path(data_dir, product_id, suffix)
        if path.is_file():
            return path
    return None


def _opened(source: Path) -> Image.Image:
    """The image in `source`, upright, decoded, in RGB on white; raises `InvalidPicture` when it is not one."""
    if not source.is_file():
        raise InvalidPicture(N_("The picture {file} was not found."), file=str(source))
    try:
        with Image.open(source) as image:
            # A JPEG can be decoded at a fraction of its size, which makes a big phone photo quick to read.
            image.draft("RGB", (MAX_SIDE, MAX_SIDE))
            image.load()
            # Phones store a photo sideways and say so in EXIF; turn it the way it was taken.
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as err:
        raise InvalidPicture(
            N_("{file} is not a picture Laci can read; use a JPEG or PNG photo."), file=str(source)
        ) from err
    if upright.mode in ("RGBA", "LA", "PA") or (upright.mode == "P" and "transparency" in upright.info):
        # Transparent parts become white, as they look on a catalogue card.
        rgba = upright.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return upright.convert("RGB")


def set_picture(session: Session, data_dir: Path, product_id: uuid.UUID, source: Path) -> Path:
    """Make the image in `source` the picture of `product_id`, shrunk to at most 800 px and kept as a JPEG.

    Returns the picture's path. The product must exist (`NotFound` otherwise) and `source` must be an image
    (`InvalidPicture` otherwise); in either case nothing is written. The old picture is replaced whole: the new
    one is written aside and moved into place, so a reader never sees half a file.
    """
    get_product(session, product_id)
    image = _opened(source)
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    target = picture_path(data_dir, product_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".new-", suffix=".jpg", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
        replace_patiently(Path(temporary), target)  # an antivirus may be scanning the new file
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    for suffix in SUFFIXES:
        if suffix != ".jpg":
            with contextlib.suppress(FileNotFoundError):
                picture_path(data_dir, product_id, suffix).unlink()
    return target


def remove_picture(data_dir: Path, product_id: uuid.UUID) -> bool:
    """Remove the picture of `product_id`; returns whether there was one."""
    removed = False
    for suffix in SUFFIXES:
        with contextlib.suppress(FileNotFoundError):
            picture_path(data_dir, product_id, suffix).unlink()
            removed = True
    return removed
