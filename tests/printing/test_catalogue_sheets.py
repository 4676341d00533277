"""The shared catalogue: pages of product cards as an A4 PDF and as WhatsApp and Instagram pictures."""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader

from pos.ledger.base.ids import ProductId
from pos.ledger.base.money import Money
from pos.ledger.channels.catalogue import Catalogue, CatalogueItem, whatsapp_link
from pos.printing.catalogue.bands import draw_qr
from pos.printing.catalogue.page import geometry
from pos.printing.catalogue.paging import Room, Segment, paginate, shelves
from pos.printing.catalogue.render import render_catalogue
from pos.printing.catalogue.sheets import SHEETS
from pos.printing.catalogue.tiles import initials, qr_modules, tile_colours
from tests.label_support import sheet_pages

DAY = dt.date(2026, 11, 23)
LINK = whatsapp_link("0812-2645-7781", "Halo, saya mau pesan")
DRINKS = [
    ("Air Mineral Tirta Murni 1,5 L", 6_500),
    ("Kopi Sachet Biji Mas Mocca 20 g", 1_500),
    ("Sirup Manis Jaya Cocopandan 460 ml", 18_500),
    ("Susu UHT Lembu Sari Cokelat 1 L", 18_000),
    ("Teh Celup Daun Hijau Original 25s", 7_500),
    ("Teh Kotak Daun Hijau Less Sugar 300 ml", 5_000),
]
SNACKS = [(f"Keripik Singkong Renyah Rasa {n}", 9_000 + 500 * i) for i, n in enumerate("ABCDEFGHIJKLMNOPQRST")]


def item(name: str, price: int, category: str, picture: Path | None = None, unit: str = "pcs") -> CatalogueItem:
    return CatalogueItem(ProductId(uuid.uuid4()), name, Money(price), unit, category, picture)


def shop(items: list[CatalogueItem], whatsapp: str = LINK) -> Catalogue:
    return Catalogue(
        "Warung Bu Sri",
        "Jl. Diponegoro No. 27, Kauman, Ungaran, Kabupaten Semarang, Jawa Tengah 50511",
        "0812-2645-7781" if whatsapp else "",
        whatsapp,
        tuple(items),
    )


def warung() -> Catalogue:
    """Six drinks, twenty snacks, a weighed item with no category: more than one page on every sheet."""
    return shop(
        [item(n, p, "Minuman") for n, p in DRINKS]
        + [item(n, p, "Makanan ringan") for n, p in SNACKS]
        + [item("Gula Pasir Curah", 17_500, "", unit="kg")]
    )


def pdf_pages(path: Path) -> list[str]:
    # Names wrap over lines on a card; read each page as one line of words.
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(path.read_bytes())).pages]


# --- paging ---------------------------------------------------------------------------------------------------


def test_a_small_category_shares_the_shelf_left_over_by_the_one_before() -> None:
    sections = [("Minuman", list("abcde")), ("Gas", list("f")), ("Rokok", list("gh")), ("Bumbu", list("ijk"))]
    assert [s.segments for s in shelves(sections, 3)] == [
        (Segment("Minuman", ("a", "b", "c"), 0, heading=True),),
        (Segment("Minuman", ("d", "e"), 0, heading=False), Segment("Gas", ("f",), 2, heading=True)),
        (Segment("Rokok", ("g", "h"), 0, heading=True),),  # three products do not fit the one cell left
        (Segment("Bumbu", ("i", "j", "k"), 0, heading=True),),
    ]


def test_a_category_running_over_a_page_gets_its_heading_again_marked_continued() -> None:
    room = Room(body=100, heading=10, row=40, gap=5)  # a headed shelf and a plain one fit: 10 + 40 + 5 + 40
    pages = paginate([("Minuman", list("abcdefg"))], 3, room)
    assert [[s.items for s in page] for page in pages] == [[("a", "b", "c"), ("d", "e", "f")], [("g",)]]
    first = pages[1][0].segments[0]
    assert (first.heading, first.continued) == (True, True)
    assert not pages[0][1].headed


def test_a_sheet_too_small_for_one_shelf_is_an_error() -> None:
    with pytest.raises(ValueError):
        paginate([("Minuman", ["a"])], 3, Room(body=40, heading=10, row=40, gap=5))


@pytest.mark.parametrize("kind", sorted(SHEETS))
def test_every_sheet_holds_its_rows_even_when_each_row_has_a_heading(kind: str) -> None:
    sheet = SHEETS[kind]  # type: ignore[index]
    g = geometry(sheet)
    one_each = [(f"Kategori {n}", ["x"] * sheet.columns) for n in range(sheet.rows)]
    assert len(paginate(one_each, sheet.columns, g.room())) == 1
    assert 0.5 <= g.picture_ratio <= 1.0


def test_initials_and_tile_colours_are_steady() -> None:
    assert initials("Air Mineral Tirta Murni 1,5 L") == "AM"
    assert initials("7-Up 330 ml") == "UP"
    assert initials("Gula 1 kg") == "GU"
    assert initials("123") == "12"
    assert tile_colours("Air Mineral") == tile_colours("Air Mineral")


# --- the PDF --------------------------------------------------------------------------------------------------


def test_the_pdf_holds_every_name_and_price_and_marks_its_pages(tmp_path: Path) -> None:
    made = warung()
    [pdf] = render_catalogue(made, tmp_path, ("pdf",), made_on=DAY)
    assert pdf == tmp_path / "catalogue.pdf"
    pages = pdf_pages(pdf)
    assert len(pages) == 3
    for number, text in enumerate(pages, start=1):
        assert f"{number}/3" in text
        assert "Warung Bu Sri" in text and "Pesan lewat WhatsApp" in text and "0812-2645-7781" in text
        assert "Harga per 23 Nov 2026" in text
    everything = " ".join(pages)
    for product in made.items:
        assert product.name in everything
    for price in ("Rp 6.500", "Rp 18.500", "Rp 18.000", "Rp 9.000", "Rp 18.500", "Rp 17.500 / kg"):
        assert price in everything
    assert "Makanan ringan (lanjutan)" in everything
    assert "Lainnya" in everything  # the heading of products with no category
    assert everything.index("Air Mineral") < everything.index("Keripik Singkong") < everything.index("Gula Pasir")


def test_the_pdf_speaks_english_and_takes_the_owners_title(tmp_path: Path) -> None:
    [pdf] = render_catalogue(warung(), tmp_path, ("pdf",), lang="en", title="Promo Akhir Tahun", made_on=DAY)
    first = pdf_pages(pdf)[0]
    assert "Promo Akhir Tahun" in first and "Order on WhatsApp" in first and "Prices as of 23 Nov 2026" in first
    assert "Rp 6.500" in first  # rupiah keep Indonesian grouping in both languages, as `fmt` writes them
    metadata = PdfReader(pdf).metadata
    assert metadata is not None and metadata.title == "Promo Akhir Tahun – Warung Bu Sri"


def test_one_page_needs_no_page_mark_and_a_shop_without_a_phone_no_ordering_line(tmp_path: Path) -> None:
    made = shop([item(n, p, "Minuman") for n, p in DRINKS[:3]], whatsapp="")
    [pdf] = render_catalogue(made, tmp_path, ("pdf",), made_on=DAY)
    [text] = pdf_pages(pdf)
    assert "1/1" not in text and "WhatsApp" not in text
    assert "Air Mineral Tirta Murni 1,5 L" in text and "Katalog" in text


# --- the pictures ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "size", "pages"), [("status", (1080, 1920), 3), ("square", (1080, 1080), 5), ("portrait", (1080, 1350), 5)]
)
def test_pictures_have_the_exact_size_of_their_place(
    tmp_path: Path, kind: str, size: tuple[int, int], pages: int
) -> None:
    files = render_catalogue(warung(), tmp_path, (kind,), made_on=DAY)  # type: ignore[arg-type]
    assert [f.name for f in files] == [f"catalogue-{kind}-{n}.png" for n in range(1, pages + 1)]
    for file in files:
        with Image.open(file) as picture:
            assert (picture.format, picture.mode, picture.size) == ("PNG", "RGB", size)


def test_ten_pages_or_more_are_numbered_to_sort_and_old_pages_are_cleared(tmp_path: Path) -> None:
    many = shop([item(f"Barang {n}", 1_000 + n, f"Kategori {n // 3}") for n in range(90)])  # 30 shelves
    files = render_catalogue(many, tmp_path, ("status",), made_on=DAY)
    assert files[0].name == "catalogue-status-01.png" and files[-1].name == "catalogue-status-10.png"
    (tmp_path / "catalogue-status.txt").write_text("the owner's own note", encoding="utf-8")
    render_catalogue(shop([item("Barang", 1_000, "A")]), tmp_path, ("status",), made_on=DAY)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalogue-status-1.png", "catalogue-status.txt"]


def _count(picture: Image.Image, colour: tuple[int, int, int], tolerance: int) -> int:
    """How many pixels are within `tolerance` of `colour` in every channel."""
    difference = ImageChops.difference(picture.convert("RGB"), Image.new("RGB", picture.size, colour))
    red, green, blue = difference.split()
    largest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    return sum(largest.histogram()[: tolerance + 1])


def test_a_product_photo_fills_its_box_and_one_without_gets_its_coloured_tile(tmp_path: Path) -> None:
    photo = tmp_path / "merah.jpg"
    Image.new("RGB", (600, 500), (220, 20, 60)).save(photo)
    pictured = item("Sirup Merah 460 ml", 18_500, "Minuman", picture=photo)
    plain = item("Air Mineral 600 ml", 3_500, "Minuman")
    broken = tmp_path / "rusak.jpg"
    broken.write_bytes(b"not a photo")
    damaged = item("Zebra Cola 330 ml", 6_000, "Minuman", picture=broken)
    [status] = render_catalogue(shop([pictured, plain, damaged]), tmp_path / "out", ("status",), made_on=DAY)
    with Image.open(status) as drawn:
        red = _count(drawn, (220, 20, 60), tolerance=8)
        tile = tile_colours(plain.name)[0]
        shaded = _count(drawn, tuple(int(tile[i : i + 2], 16) for i in (1, 3, 5)), tolerance=2)  # type: ignore[arg-type]
    g = geometry(SHEETS["status"])
    box = (g.card_width - 24) * g.picture_height
    assert red > 0.9 * box  # the photo is cropped to fill the box
    assert shaded > 0.5 * box  # the tile, under its big initials


class _Recorder:
    """A painter that keeps the black boxes drawn, to read the QR code back."""

    def __init__(self) -> None:
        self.boxes: list[tuple[float, float, float, float]] = []

    def rect(self, x: float, y: float, w: float, h: float, fill: str, *_: object, **__: object) -> None:
        if fill == "#000000":
            self.boxes.append((x, y, w, h))


def test_the_qr_code_drawn_is_the_wa_me_link() -> None:
    recorder = _Recorder()
    draw_qr(recorder, LINK, 0, 0, 300)  # type: ignore[arg-type]
    modules = qr_modules(LINK)
    count = len(modules)
    dot = 300 / (count + 4)  # two modules of white all round
    read = [[False] * count for _ in range(count)]
    for x, y, w, _h in recorder.boxes:
        row, first = round(y / dot) - 2, round(x / dot) - 2
        for column in range(first, first + round((w - 0.3) / dot)):
            read[row][column] = True
    assert tuple(tuple(r) for r in read) == modules
    assert LINK == "https://wa.me/6281226457781?text=Halo%2C%20saya%20mau%20pesan"


def test_every_size_of_picture_is_numbered_alike(tmp_path: Path) -> None:
    many = shop([item(f"Barang {n}", 1_000 + n, f"Kategori {n // 3}") for n in range(63)])  # 21 shelves
    files = render_catalogue(many, tmp_path, ("status", "square"), made_on=DAY)
    pages = {kind: [f.name for f in files if f"-{kind}-" in f.name] for kind in ("status", "square")}
    assert len(pages["status"]) < 10 <= len(pages["square"])  # one size under ten pages, the other over
    assert pages["status"][0] == "catalogue-status-01.png" and pages["square"][0] == "catalogue-square-01.png"


def test_a_catalogue_for_a_channel_names_its_prices_and_where_to_order(tmp_path: Path) -> None:
    made = shop([item(n, p, "Minuman") for n, p in DRINKS[:3]], whatsapp="")
    gofood = Catalogue(made.shop_name, made.address, made.phone, "", made.items, "GoFood", "gofood", "GoFood")
    files = render_catalogue(gofood, tmp_path, ("pdf", "status"), made_on=DAY)
    [text] = pdf_pages(files[0])
    assert "Harga GoFood per 23 Nov 2026" in text and "Pesan lewat GoFood" in text and "WhatsApp" not in text


def test_a_product_with_variants_shows_its_lowest_price_and_what_it_comes_in(tmp_path: Path) -> None:
    kaos = CatalogueItem(
        ProductId(uuid.uuid4()),
        "Kaos Tenun Motif Songket Palembang",
        Money(80_000),
        "pcs",
        "Pakaian",
        None,
        from_price=True,
        options="S, M, L, XL, XXL · Merah marun, Biru dongker, Hitam",
    )
    masker = CatalogueItem(
        ProductId(uuid.uuid4()), "Masker Tenun", Money(25_000), "pcs", "Pakaian", None, options="Bunga, Garis"
    )
    made = shop([kaos, masker, item("Kaos Tenun L / Biru", 95_000, "Pakaian")])
    [pdf] = render_catalogue(made, tmp_path / "a4", ("pdf",), made_on=DAY)
    [status] = render_catalogue(made, tmp_path, ("status",), made_on=DAY)
    [text] = pdf_pages(pdf)
    assert "mulai Rp 80.000" in text
    assert "S, M, L, XL, XXL · Mer…" in text and "Bunga, Garis" in text  # cut to the card, never over it
    assert "mulai Rp 25.000" not in text and "Rp 25.000" in text  # one price for every variant: no "mulai"
    assert "Kaos Tenun L / Biru" in text and "Rp 95.000" in text
    [page] = sheet_pages(pdf)  # poppler draws it: the text above is on a page a printer can print
    assert page.size == (1241, 1754)  # A4 at 150 dpi
    assert Image.open(status).size == (1080, 1920)
