"""A consignor's statement on paper: the slip for the receipt printer at 32 and 48 columns, and the A4 PDF, drawn
with pdftoppm (it must draw, and not blank) and read back as text; figures as the statement holds them."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import uuid
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from pos.ledger.base.period import Period
from pos.ledger.slips.slip_types import ConsignorSlip, ShopHeader
from pos.ledger.stock.consignor_statement import ConsignedLine, ConsignorStatement
from pos.printing.layout import as_text, lines_for
from pos.printing.statements.consignor import consignor_statement_pdf

SHOP = ShopHeader("Warung Bu Sri", "Jl. Melati 5, Sleman", "0812-3456-7890")
STATEMENT = ConsignorStatement(
    uuid.uuid4(),
    "Bu Tini",
    "0813-1111-2222",
    "",
    Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30)),
    (
        ConsignedLine(
            uuid.uuid4(), "Keripik singkong Bu Tini", "pcs", 1_500, None, 4_000, 20_000, 17_000, 6_000, 1_000
        ),
        ConsignedLine(uuid.uuid4(), "Kue lapis", "pcs", None, 2_000, 0, 10_000, 8_000, 2_000, 0),
    ),
    owed_before=6_000,
    earned=57_500,
    paid=63_500,
)


def test_the_slip_lists_each_product_and_what_is_paid() -> None:
    slip = ConsignorSlip(SHOP, STATEMENT, dt.datetime(2026, 11, 30, 17, 5), "cash")
    for columns in (32, 48):
        paper = as_text(lines_for(slip, columns), columns)
        assert all(len(line) <= columns for line in paper.splitlines())
        assert "LAPORAN TITIP JUAL" in paper and "Bu Tini" in paper
        assert "Keripik singkong" in paper and "Kue lapis" in paper
        assert "63.500" in paper and "57.500" in paper
        assert paper.rstrip().splitlines()[-1].strip("- ")  # ends with the cut, after the line to sign
    assert [x.other for x in STATEMENT.lines] == [0, 0]  # what was there, came, sold and went back adds up


def test_the_pdf_draws_and_says_the_statement(tmp_path: Path) -> None:
    pdf = consignor_statement_pdf(STATEMENT, SHOP, lang="id")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("\xa0", " ")
    for words in ("Laporan titip jual", "Bu Tini", "Keripik singkong Bu Tini", "Rp 1.500 per satuan", "20% untuk toko"):
        assert words in text, words
    for amount in ("Rp 6.000", "Rp 57.500", "(Rp 63.500)", "Rp 0"):
        assert amount in text, amount
    assert "Halaman 1 dari 1" in text
    path = tmp_path / "tini.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")], check=True
    )
    [drawn] = list(tmp_path.glob("page*.png"))
    image = Image.open(drawn).convert("L")
    assert image.size[0] < image.size[1]  # A4 upright
    assert image.getextrema()[0] < 100  # ink on the page, not a blank sheet
