"""`laci catalogue` and `laci products picture`, run as a separate process on a demo warung."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from cli_support import laci
from PIL import Image, ImageChops
from pypdf import PdfReader
from sqlalchemy import select

from pos.ledger.channels import catalogue
from pos.ledger.channels.catalogue import CatalogueItem
from pos.ledger.schema import Product, ProductBarcode
from pos.ledger.shop.opening import open_database
from pos.ledger.stock.pictures import picture_of, pictures_dir


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo warung of 40 products, built once; each test works on a copy."""
    data = tmp_path_factory.mktemp("demo")
    result = laci("--data-dir", str(data), "demo", "--products", "40", "--days", "1", "--today", "2026-11-23")
    assert result.returncode == 0, result.stderr
    return data


@pytest.fixture
def shop(demo: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "shop"
    shutil.copytree(demo, copy)
    return copy


def items(shop: Path, category: str) -> list[CatalogueItem]:
    db = open_database(shop / "laci.sqlite3")
    try:
        with db.read() as s:
            return list(catalogue.build_catalogue(s, shop, catalogue.products_in_categories(s, [category])).items)
    finally:
        db.dispose()


def barcode_of(shop: Path, name: str) -> str:
    db = open_database(shop / "laci.sqlite3")
    try:
        with db.read() as s:
            found = s.execute(
                select(ProductBarcode.barcode)
                .join(Product, Product.id == ProductBarcode.product_id)
                .where(Product.name == name)
            ).first()
    finally:
        db.dispose()
    assert found is not None
    return str(found[0])


def pdf_text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(path).pages))


def test_a_category_catalogue_as_pdf_status_and_square(shop: Path, tmp_path: Path) -> None:
    out = tmp_path / "katalog"
    result = laci("--data-dir", str(shop), "catalogue", "--out", str(out), "--category", "Minuman")
    assert result.returncode == 0, result.stderr
    drinks = items(shop, "Minuman")
    assert f"Katalog berisi {len(drinks)} barang ditulis ke {out}:" in result.stdout
    names = sorted(p.name for p in out.iterdir())
    assert names == ["catalogue-square-1.png", "catalogue-status-1.png", "catalogue.pdf"]
    for name in names:
        assert f"  {name}" in result.stdout
    with Image.open(out / "catalogue-status-1.png") as status, Image.open(out / "catalogue-square-1.png") as square:
        assert (status.size, square.size) == ((1080, 1920), (1080, 1080))
    text = pdf_text(out / "catalogue.pdf")
    assert "Warung Bu Sri" in text and "Pesan lewat WhatsApp" in text and "0812-2645-7781" in text
    for drink in drinks:
        assert drink.name in text
        assert f"Rp {drink.price.rupiah:,}".replace(",", ".") in text


def test_a_picture_set_from_the_command_line_is_used_and_a_text_file_is_refused(shop: Path, tmp_path: Path) -> None:
    name = "Teh Kotak Daun Hijau Less Sugar 300 ml"
    code = barcode_of(shop, name)
    notes = tmp_path / "teh.jpg"
    notes.write_text("foto menyusul", encoding="utf-8")
    refused = laci("--data-dir", str(shop), "products", "picture", code, str(notes))
    assert refused.returncode == 2
    assert "bukan gambar yang bisa dibaca Laci" in refused.stderr
    assert not pictures_dir(shop).exists()

    photo = tmp_path / "teh.png"
    Image.new("RGB", (1600, 1200), (46, 139, 87)).save(photo)
    result = laci("--data-dir", str(shop), "products", "picture", code, str(photo))
    assert result.returncode == 0, result.stderr
    [teh] = [i for i in items(shop, "Minuman") if i.name == name]
    assert teh.picture == picture_of(shop, teh.id) == pictures_dir(shop) / f"{teh.id}.jpg"
    with Image.open(teh.picture) as kept:
        assert kept.size == (800, 600)
    out = tmp_path / "out"
    made = laci("--data-dir", str(shop), "catalogue", "--out", str(out), "--category", "minuman", "--format", "status")
    assert made.returncode == 0, made.stderr
    with Image.open(out / "catalogue-status-1.png") as status:
        apart = ImageChops.difference(status.convert("RGB"), Image.new("RGB", status.size, (46, 139, 87)))
    red, green, blue = apart.split()
    close = sum(ImageChops.lighter(ImageChops.lighter(red, green), blue).histogram()[:9])
    assert close > 30_000  # the photo fills its card's picture box on the status


def test_a_products_file_chooses_and_the_selection_is_saved_for_next_time(shop: Path, tmp_path: Path) -> None:
    chosen = ["Gas LPG 3 kg isi ulang", "Mi Goreng Selera Rasa Sate 85 g", "Kecap Manis Cap Perahu 135 ml"]
    listing = tmp_path / "pilihan.txt"
    listing.write_text(
        "# untuk status minggu ini\n" + "".join(f"{barcode_of(shop, n)};{n}\n" for n in chosen) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    saved = laci(
        "--data-dir", str(shop), "catalogue", "--out", str(out), "--products-file", str(listing), "--save-selection"
    )
    assert saved.returncode == 0, saved.stderr
    assert "Katalog berisi 3 barang" in saved.stdout and "Pilihan disimpan untuk lain kali." in saved.stdout
    again = laci("--data-dir", str(shop), "catalogue", "--out", str(out), "--format", "pdf", "--title", "Promo")
    assert again.returncode == 0, again.stderr
    assert "Memakai pilihan yang tersimpan." in again.stdout
    text = pdf_text(out / "catalogue.pdf")
    assert "Promo" in text
    for name in chosen:
        assert name in text
    assert "Air Mineral" not in text


def test_unknown_codes_and_categories_are_refused_and_nothing_is_written(shop: Path, tmp_path: Path) -> None:
    listing = tmp_path / "pilihan.txt"
    listing.write_text("8990000000000\nSKU-HILANG\n", encoding="utf-8")
    out = tmp_path / "out"
    unknown = laci("--data-dir", str(shop), "catalogue", "--out", str(out), "--products-file", str(listing))
    assert unknown.returncode == 3
    assert "Tidak ada barang dengan kode 8990000000000, SKU-HILANG." in unknown.stderr
    english = laci("--data-dir", str(shop), "catalogue", "--out", str(out), "--category", "Rokok", "--category", "Es")
    assert english.returncode == 3 and "Tidak ada kategori bernama 'Es'." in english.stderr
    lonely = laci("--data-dir", str(shop), "catalogue", "--out", str(out), "--save-selection")
    assert lonely.returncode == 2 and "--save-selection perlu --category atau --products-file." in lonely.stderr
    assert not out.exists()


def test_english_catalogue_with_the_shops_whole_range_when_nothing_is_saved(shop: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = laci("--data-dir", str(shop), "catalogue", "--out", str(out), "--lang", "en", "--format", "pdf")
    assert result.returncode == 0, result.stderr
    assert "every product on sale is in the catalogue" in result.stdout
    assert "A catalogue of 40 products was written to" in result.stdout
    text = pdf_text(out / "catalogue.pdf")
    assert "Order on WhatsApp" in text and "Catalogue" in text and "1/5" in text and "5/5" in text


def test_a_catalogue_for_each_channel_shows_that_channels_prices_and_says_so(shop: Path, tmp_path: Path) -> None:
    counter_prices = {i.name: i.price.rupiah for i in items(shop, "Minuman")}  # no channel marks them up yet
    marked_up = laci("--data-dir", str(shop), "channel", "edit", "whatsapp", "--markup", "20", "--round", "500")
    assert marked_up.returncode == 0, marked_up.stderr
    laci("--data-dir", str(shop), "channel", "edit", "gofood", "--markup", "30", "--round", "500")
    texts = {}
    for channel in ("", "counter", "gofood"):
        out = tmp_path / (channel or "default")
        result = laci(
            "--data-dir",
            str(shop),
            "catalogue",
            "--out",
            str(out),
            "--category",
            "Minuman",
            "--format",
            "pdf",
            *(("--channel", channel) if channel else ()),
        )
        assert result.returncode == 0, result.stderr
        texts[channel or "default"] = (result.stdout, pdf_text(out / "catalogue.pdf"))
    said, text = texts["default"]
    assert "Harga untuk WhatsApp." in said and "Pesan lewat WhatsApp" in text and "Harga WhatsApp per " in text
    for name, price in counter_prices.items():
        whatsapp = -(-price * 12 // 5_000) * 500  # +20%, rounded up to Rp 500
        assert f"Rp {whatsapp:,}".replace(",", ".") in text, name
    said, text = texts["counter"]
    assert "Pesan lewat" not in text and "Harga Toko per " in text
    assert all(f"Rp {p:,}".replace(",", ".") in text for p in counter_prices.values())
    said, text = texts["gofood"]
    assert "Pesan lewat GoFood" in text and "Pesan lewat WhatsApp" not in text and "Harga GoFood per " in text
