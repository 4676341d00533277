"""A shop's QRIS read from a picture: a clean screenshot, a photo taken at an angle and turned by the phone, and
every way a picture can fail to give a QRIS, each refused in the shopkeeper's words."""

from __future__ import annotations

from pathlib import Path

import pytest
import qrcode
from PIL import Image, ImageFilter

from pos import i18n
from pos.demo.shop import demo_qris
from pos.ledger.base.errors import InvalidInput, NotFound
from pos.ledger.counter.qris import parse_payload
from pos.ledger.counter.qris_image import qris_from_picture

QRIS = demo_qris()
NO_CODE = "No QR code was found in {name}. Take the photo straight on, close enough to fill the picture."
NOT_QRIS = "The QR code in {name} is not a shop's QRIS: {reason}"
NOT_A_PICTURE = "{name} is not a picture Laci can read (use a JPG or PNG)."


def _code(text: str, box: int = 8) -> Image.Image:
    made = qrcode.QRCode(box_size=box, border=4)
    made.add_data(text)
    return made.make_image(fill_color="black", back_color="white").get_image().convert("RGB")


def test_a_screenshot_of_the_qris_gives_its_text_and_whose_it_is(tmp_path: Path) -> None:
    picture = tmp_path / "qris.png"
    _code(QRIS).save(picture)
    text, payload = qris_from_picture(picture)
    assert text == QRIS
    assert payload.merchant_name == "WARUNG BU SRI" and payload.is_static
    assert parse_payload(text).nmid == payload.nmid


def test_a_phone_photo_of_the_sticker_reads_too(tmp_path: Path) -> None:
    # The sticker on a grey counter, a little turned and soft, in a large JPEG the phone stored sideways.
    sticker = _code(QRIS, box=10).rotate(7, expand=True, fillcolor="white")
    counter = Image.new("RGB", (2400, 1800), (128, 120, 110))
    counter.paste(sticker, (700, 400))
    photo = counter.filter(ImageFilter.GaussianBlur(1.2)).rotate(90, expand=True)
    exif = Image.Exif()
    exif[0x0112] = 8  # "turn 90 degrees to show": how a phone marks a photo taken upright
    path = tmp_path / "IMG_0042.jpg"
    photo.save(path, quality=80, exif=exif)
    text, _payload = qris_from_picture(path)
    assert text == QRIS


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: Image.new("RGB", (400, 300), "white").save(p), NO_CODE),
        (lambda p: _code("https://contoh.id/promo").save(p), NOT_QRIS),
        (lambda p: _code(QRIS[:-4] + "0000").save(p), NOT_QRIS),
        (lambda p: p.write_text("bukan gambar"), NOT_A_PICTURE),
    ],
    ids=["no code", "a web address", "a wrong check code", "not a picture"],
)
def test_a_picture_without_a_good_qris_is_refused_in_plain_words(tmp_path: Path, make, message: str) -> None:
    path = tmp_path / "gambar.png"
    make(path)
    with pytest.raises(InvalidInput) as refused:
        qris_from_picture(path)
    said = i18n._(message)
    assert said != message  # in Indonesian
    assert str(refused.value).startswith(said.split("{name}")[0] + "gambar.png")


def test_a_picture_that_is_gone_is_said_so(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="tidak ditemukan"):
        qris_from_picture(tmp_path / "hilang.png")


def test_the_demo_shop_has_a_valid_made_up_static_qris() -> None:
    payload = parse_payload(QRIS)
    assert payload.is_static and payload.merchant_city == "UNGARAN"
