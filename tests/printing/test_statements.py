"""The loan pack PDF: SAK EMKM headings, rupiah totals, "Halaman X dari Y", embedded fonts, the verification code.

In Indonesian (the app's catalogue) and in English.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from ledger.test_reports_shop import built_books, open_books
from pypdf import PdfReader

from pos.ledger.base import fmt
from pos.ledger.base.period import Period
from pos.ledger.reports.pack import LoanPack, loan_pack
from pos.printing.statements.pack import loan_pack_pdf, render_loan_pack
from pos.printing.statements.text import Words

ROOT = Path(__file__).resolve().parents[2]
H1 = Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30))


@pytest.fixture(scope="module")
def pack(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LoanPack]:
    db = open_books(built_books(template_db, tmp_path_factory))
    with db.read() as s:
        yield loan_pack(s, H1, made_on=dt.date(2026, 7, 3))
    db.dispose()


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_indonesian_pack_has_the_sak_emkm_statements_and_their_totals(pack: LoanPack) -> None:
    pages = _pages(loan_pack_pdf(pack, "id"))
    text = _flat(" ".join(pages))
    for heading in ("LAPORAN POSISI KEUANGAN", "LAPORAN LABA RUGI", "CATATAN ATAS LAPORAN KEUANGAN", "SAK EMKM"):
        assert heading in text
    assert "Standar Akuntansi Keuangan Entitas Mikro, Kecil, dan Menengah" in text
    position, pnl = pack.position.current, pack.pnl.current
    for total in (
        position.total_assets,
        position.total_liabilities,
        position.total_equity,
        pnl.net_sales,
        pnl.gross_profit,
        pnl.net_profit,
        pack.stock.total_value,
        pack.kasbon.total,
    ):
        assert fmt.rupiah(total, "id") in text
    assert "JUMLAH LIABILITAS DAN EKUITAS" in text and "Laba tahun berjalan" in text and "Saldo laba" in text
    assert "Rp 22.618.400" in text  # the balance sheet total of the test shop, on 30 Juni 2026
    for policy in ("Dasar akrual", "Biaya historis", "rata-rata bergerak", "PPh Final", "Kasbon"):
        assert policy in text
    assert "per 30 Juni 2026" in text and "Yogyakarta, 3 Juli 2026" in text


def test_every_page_says_halaman_x_dari_y(pack: LoanPack) -> None:
    pages = _pages(loan_pack_pdf(pack, "id"))
    assert len(pages) >= 6
    for number, text in enumerate(pages, 1):
        assert f"Halaman {number} dari {len(pages)}" in text


def test_the_last_page_carries_the_signature_and_the_verification_code(pack: LoanPack) -> None:
    last = _flat(_pages(loan_pack_pdf(pack, "id"))[-1])
    assert re.fullmatch(r"LACI-20260101-20260630-[0-9A-F]{16}", pack.verification_code)
    assert f"Kode verifikasi {pack.verification_code}" in last
    assert f"laci verify {pack.verification_code}" in last
    assert "Sri Wahyuni" in last and "Pemilik" in last


def test_fonts_are_embedded_and_no_other_font_is_used(pack: LoanPack) -> None:
    reader = PdfReader(io.BytesIO(loan_pack_pdf(pack, "id")))
    fonts = {}
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            fonts[font["/BaseFont"]] = font
    assert {name.split("+")[-1] for name in fonts} == {"DejaVuSans", "DejaVuSans-Bold"}
    for font in fonts.values():
        assert "/FontFile2" in font["/FontDescriptor"].get_object()
    assert reader.trailer["/Root"]["/Lang"] == "id-ID"


def test_the_english_pack(pack: LoanPack, tmp_path: Path) -> None:
    path = tmp_path / "pack-en.pdf"
    pages = render_loan_pack(pack, path, "en")
    texts = [page.extract_text() for page in PdfReader(path).pages]
    assert pages == len(texts)
    text = _flat(" ".join(texts))
    for heading in ("STATEMENT OF FINANCIAL POSITION", "INCOME STATEMENT", "NOTES TO THE FINANCIAL STATEMENTS"):
        assert heading in text
    assert "prepared in accordance with SAK EMKM" in text
    assert "Rp 22.618.400" in text and "as of 30 June 2026" in text  # English words, Indonesian numbers
    assert f"Page 1 of {pages}" in texts[0] and f"Page {pages} of {pages}" in texts[-1]


def test_words_for_the_page() -> None:
    words, english = Words("id"), Words("en")
    assert words.money(-12_500) == "(Rp 12.500)" and english.money(12_500) == "Rp 12.500"
    assert words.percent(2_236) == "22,36%" and english.percent(-5) == "-0,05%"
    assert words.span(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == "2026"
    assert words.span(dt.date(2026, 1, 1), dt.date(2026, 6, 30)) == "Jan – Jun 2026"
    assert words.span(dt.date(2026, 5, 1), dt.date(2026, 5, 31)) == "Mei 2026"
    assert words.span(dt.date(2025, 7, 1), dt.date(2026, 6, 30)) == "Jul 2025 – Jun 2026"
    assert words.span(dt.date(2026, 1, 5), dt.date(2026, 2, 4)) == "5 Jan 2026 – 4 Feb 2026"
    assert words.date(dt.date(2026, 8, 17)) == "17 Agustus 2026"


def test_the_layout_is_fed_dataclasses_and_runs_no_sql() -> None:
    for path in sorted((ROOT / "pos/printing/statements").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        assert "sqlalchemy" not in source and "Session" not in source and "execute(" not in source, path.name
