"""Draw the catalogue pictures of the documentation: `python tests/printing/make_catalogue_screenshots.py [OUT_DIR]`.

A demo warung with simple drawn product photos for its drinks and snacks (a few left without, to show their
tiles), shared as a WhatsApp status and as the A4 PDF (its first page drawn with pdftoppm).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT)]

from pos.demo.shop import build_demo_shop  # noqa: E402
from pos.ledger.channels import catalogue  # noqa: E402
from pos.ledger.shop.opening import open_database  # noqa: E402
from pos.ledger.stock.pictures import set_picture  # noqa: E402
from pos.printing.catalogue.render import render_catalogue  # noqa: E402
from pos.printing.statements.fonts import FONT_DIR  # noqa: E402

CATEGORIES = ("Minuman", "Makanan ringan", "Mi instan")
# (shape, pack colour, label colour, backdrop) by a word of the product's name; a product matching none keeps its tile.
LOOKS = {
    "Air Mineral": ("bottle", "#7CC6E8", "#FFFFFF", "#E6F4FA"),
    "Sirup": ("bottle", "#E0457B", "#FFF4D6", "#FCE8EF"),
    "Susu UHT": ("box", "#6B3E26", "#FFFFFF", "#F4ECE6"),
    "Teh Kotak": ("box", "#2E8B57", "#FFF7D6", "#E7F5EC"),
    "Teh Celup": ("box", "#B22222", "#FFF2C9", "#FBE9E7"),
    "Kopi Sachet": ("pouch", "#5A3A22", "#F6D365", "#F3ECE4"),
    "Keripik": ("pouch", "#F2A516", "#C0392B", "#FFF5DE"),
    "Wafer": ("box", "#8E44AD", "#FFFFFF", "#F3E9F8"),
    "Roti Tawar": ("pouch", "#F5E6C8", "#D35400", "#FBF5EA"),
    "Mi Goreng": ("pouch", "#C0392B", "#F9E79F", "#FBEAE8"),
    "Mi Cup": ("cup", "#E74C3C", "#FFFFFF", "#FDEDEC"),
}


def _font(size: int, text: str = "", width: int = 0) -> ImageFont.FreeTypeFont:
    """The bold face at `size`, smaller if need be for `text` to fit `width` pixels."""
    font = ImageFont.truetype(str(FONT_DIR / "DejaVuSans-Bold.ttf"), size)
    while width and size > 12 and font.getlength(text) > width:
        size -= 2
        font = ImageFont.truetype(str(FONT_DIR / "DejaVuSans-Bold.ttf"), size)
    return font


def product_photo(name: str, shape: str, pack: str, label: str, backdrop: str) -> Image.Image:
    """A simple studio-style drawing of a pack: soft backdrop, a shadow, the pack and its label."""
    size = 900
    image = Image.new("RGB", (size, size), backdrop)
    shadow = Image.new("L", (size, size), 0)
    ImageDraw.Draw(shadow).ellipse((250, 740, 650, 800), fill=90)
    image.paste((0, 0, 0), (0, 0), shadow.filter(ImageFilter.GaussianBlur(22)))
    draw = ImageDraw.Draw(image)
    word = name.split()[-3] if len(name.split()) > 3 else name.split()[0]
    if shape == "bottle":
        draw.rounded_rectangle((390, 120, 510, 200), 18, fill="#1F4E79")
        draw.rounded_rectangle((400, 190, 500, 280), 20, fill=pack)
        draw.rounded_rectangle((310, 250, 590, 770), 70, fill=pack)
        draw.rectangle((310, 430, 590, 600), fill=label)
        draw.text((450, 515), word, fill=pack, font=_font(46, word, 250), anchor="mm")
        draw.rounded_rectangle((340, 290, 370, 720), 15, fill="#FFFFFF")
    elif shape == "box":
        draw.polygon([(560, 200), (640, 160), (640, 700), (560, 760)], fill=_shade(pack))
        draw.polygon([(260, 200), (340, 160), (640, 160), (560, 200)], fill=_shade(pack, 1.25))
        draw.rectangle((260, 200, 560, 760), fill=pack)
        draw.rectangle((260, 420, 560, 560), fill=label)
        draw.text((410, 490), word, fill=pack, font=_font(44, word, 270), anchor="mm")
        draw.text((410, 300), name.split()[0].upper(), fill=label, font=_font(40), anchor="mm")
    elif shape == "cup":
        draw.polygon([(270, 230), (630, 230), (580, 760), (320, 760)], fill=pack)
        draw.rounded_rectangle((250, 200, 650, 250), 14, fill="#ECF0F1")
        draw.rectangle((300, 420, 600, 560), fill=label)
        draw.text((450, 490), word, fill=pack, font=_font(44, word, 270), anchor="mm")
    else:
        draw.polygon([(250, 190), (650, 190), (690, 760), (210, 760)], fill=pack)
        for x in range(250, 651, 25):
            draw.polygon([(x, 190), (x + 12, 165), (x + 25, 190)], fill=pack)
        draw.ellipse((300, 360, 600, 640), fill=label)
        draw.text((450, 500), word, fill=pack, font=_font(46, word, 270), anchor="mm")
        draw.text((450, 260), name.split()[0].upper(), fill=label, font=_font(40), anchor="mm")
    return image


def _shade(colour: str, factor: float = 0.75) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{min(255, int(v * factor)):02X}" for v in (r, g, b))


def main(out_dir: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        db = open_database(data / "laci.sqlite3")
        build_demo_shop(db, products=40, days=1, seed=1, today=dt.date(2026, 11, 23))
        with db.write() as session:
            ids = catalogue.products_in_categories(session, CATEGORIES)
            made = catalogue.build_catalogue(session, data, ids)
            for item in made.items:
                found = next((look for key, look in LOOKS.items() if key in item.name), None)
                if found is not None:
                    photo = data / "photo.png"
                    product_photo(item.name, *found).save(photo)
                    set_picture(session, data, item.id, photo)
            made = catalogue.build_catalogue(session, data, ids)
        db.dispose()
        files = render_catalogue(made, data / "out", ("status", "pdf"), made_on=dt.date(2026, 11, 23))
        out_dir.mkdir(parents=True, exist_ok=True)
        status = next(f for f in files if f.name.startswith("catalogue-status-"))
        (out_dir / "catalogue-status.png").write_bytes(status.read_bytes())
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "110",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(data / "out" / "catalogue.pdf"),
                str(out_dir / "catalogue-pdf-1"),
            ],
            check=True,
        )
    print(f"written to {out_dir}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
