"""Product pictures beside the database: checked, turned upright, shrunk to 800 px and kept as JPEG."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from PIL import Image

from pos import i18n
from pos.ledger.base.db import Database
from pos.ledger.base.errors import NotFound
from pos.ledger.base.ids import ProductId
from pos.ledger.base.money import Money
from pos.ledger.stock import product_records
from pos.ledger.stock.pictures import (
    InvalidPicture,
    picture_of,
    picture_path,
    pictures_dir,
    remove_picture,
    set_picture,
)


@pytest.fixture
def product(db: Database) -> ProductId:
    with db.write() as s:
        return product_records.add_product(s, "Keripik Kentang Balado 68 g", Money(11_000))


def _data(db: Database) -> Path:
    return db.path.parent


def test_a_big_photo_is_kept_as_a_jpeg_at_most_800_pixels_across(
    db: Database, product: ProductId, tmp_path: Path
) -> None:
    photo = tmp_path / "keripik.png"
    Image.new("RGB", (3000, 2000), (242, 165, 22)).save(photo)
    with db.read() as s:
        saved = set_picture(s, _data(db), product, photo)
    assert saved == pictures_dir(_data(db)) / f"{product}.jpg" == picture_of(_data(db), product)
    with Image.open(saved) as kept:
        assert (kept.format, kept.size) == ("JPEG", (800, 533))
        middle = kept.getpixel((400, 266))
    assert isinstance(middle, tuple)
    assert all(abs(got - want) < 6 for got, want in zip(middle, (242, 165, 22), strict=True))
    assert [p.name for p in pictures_dir(_data(db)).iterdir()] == [saved.name]  # no file left half-written


def test_a_small_photo_is_not_enlarged_and_transparency_becomes_white(
    db: Database, product: ProductId, tmp_path: Path
) -> None:
    photo = tmp_path / "cut-out.png"
    cut_out = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    cut_out.paste((200, 30, 30, 255), (100, 50, 200, 150))
    cut_out.save(photo)
    with db.read() as s:
        saved = set_picture(s, _data(db), product, photo)
    with Image.open(saved) as kept:
        assert kept.size == (300, 200)
        corner, centre = kept.getpixel((10, 10)), kept.getpixel((150, 100))
    assert isinstance(corner, tuple) and isinstance(centre, tuple)
    assert min(corner) > 245 and centre[0] > 180


def test_a_phone_photo_taken_sideways_is_turned_upright(db: Database, product: ProductId, tmp_path: Path) -> None:
    photo = tmp_path / "phone.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the camera was turned; show it rotated 90 degrees clockwise
    Image.new("RGB", (400, 300), "white").save(photo, exif=exif)
    with db.read() as s:
        saved = set_picture(s, _data(db), product, photo)
    with Image.open(saved) as kept:
        assert kept.size == (300, 400)


def test_a_file_that_is_not_a_picture_is_refused_in_the_shops_language_and_nothing_is_written(
    db: Database, product: ProductId, tmp_path: Path
) -> None:
    notes = tmp_path / "harga.jpg"
    notes.write_text("Keripik 11.000\n", encoding="utf-8")
    with db.read() as s, pytest.raises(InvalidPicture) as refused:
        set_picture(s, _data(db), product, notes)
    assert str(refused.value) == f"{notes} bukan gambar yang bisa dibaca Laci; pakai foto JPEG atau PNG."
    i18n.set_language("en")
    assert str(refused.value) == f"{notes} is not a picture Laci can read; use a JPEG or PNG photo."
    assert not pictures_dir(_data(db)).exists()
    assert picture_of(_data(db), product) is None


def test_a_refused_file_leaves_the_old_picture_as_it_was(db: Database, product: ProductId, tmp_path: Path) -> None:
    good, broken = tmp_path / "good.png", tmp_path / "broken.png"
    Image.new("RGB", (100, 100), "red").save(good)
    broken.write_bytes(good.read_bytes()[:60])  # a photo cut short in copying
    with db.read() as s:
        saved = set_picture(s, _data(db), product, good)
        before = saved.read_bytes()
        with pytest.raises(InvalidPicture):
            set_picture(s, _data(db), product, broken)
    assert saved.read_bytes() == before
    assert [p.name for p in pictures_dir(_data(db)).iterdir()] == [saved.name]


def test_a_missing_file_and_an_unknown_product_are_refused(db: Database, product: ProductId, tmp_path: Path) -> None:
    photo = tmp_path / "ada.png"
    Image.new("RGB", (10, 10), "blue").save(photo)
    with db.read() as s:
        with pytest.raises(InvalidPicture, match="tidak ditemukan"):
            set_picture(s, _data(db), product, tmp_path / "hilang.jpg")
        with pytest.raises(NotFound):
            set_picture(s, _data(db), uuid.uuid4(), photo)
    assert not pictures_dir(_data(db)).exists()


def test_a_new_picture_replaces_one_kept_as_png(db: Database, product: ProductId, tmp_path: Path) -> None:
    old = picture_path(_data(db), product, ".png")
    old.parent.mkdir(parents=True)
    Image.new("RGB", (10, 10), "blue").save(old)
    assert picture_of(_data(db), product) == old
    photo = tmp_path / "baru.png"
    Image.new("RGB", (10, 10), "green").save(photo)
    with db.read() as s:
        saved = set_picture(s, _data(db), product, photo)
    assert picture_of(_data(db), product) == saved
    assert not old.exists()
    assert remove_picture(_data(db), product) is True
    assert picture_of(_data(db), product) is None
    assert remove_picture(_data(db), product) is False


def test_backups_look_for_pictures_where_they_are_kept() -> None:
    from pos.ledger.shop import backup
    from pos.ledger.stock import pictures

    assert (backup.PICTURES, backup.PICTURE_SUFFIXES) == (pictures.FOLDER, pictures.SUFFIXES)
