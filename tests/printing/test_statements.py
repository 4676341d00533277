"""The loan pack PDF: SAK EMKM statements with the changes in equity, contents with page numbers, "Halaman X dari Y",
embedded fonts, amounts that never wrap, and the signed code with its QR on the last page.

In Indonesian (the app's catalogue) and in English; each language's PDF carries a code of its own.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from ledger.test_reports_shop import built_books, open_books
from pypdf import PdfReader

from pos.ledger.base import attest, fmt
from pos.ledger.base.db import Database
from pos.ledger.base.period import Period
from pos.ledger.reports.pack import loan_pack
from pos.ledger.reports.pack_seal import SealedPack, seal_locally
from pos.printing.statements.pack import loan_pack_pdf, render_loan_pack
from pos.printing.statements.text import Words

ROOT = Path(__file__).resolve().parents[2]
H1 = Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
MADE = dt.datetime(2026, 7, 3, 2, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def books(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = open_books(built_books(template_db, tmp_path_factory))
    yield db
    db.dispose()


def seal(db: Database, lang: str, period: Period = H1) -> SealedPack:
    with db.write() as s:
        return seal_locally(s, loan_pack(s, period, made_on=MADE.date()), lang, MADE)


@pytest.fixture(scope="module")
def pack(books: Database) -> SealedPack:
    return seal(books, "id")


@pytest.fixture(scope="module")
def pdf(pack: SealedPack) -> bytes:
    return loan_pack_pdf(pack)


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _flat(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def test_the_indonesian_pack_has_the_sak_emkm_statements_and_their_totals(pack: SealedPack, pdf: bytes) -> None:
    text = _flat(" ".join(_pages(pdf)))
    for heading in (
        "LAPORAN POSISI KEUANGAN",
        "LAPORAN LABA RUGI",
        "LAPORAN PERUBAHAN EKUITAS",
        "CATATAN ATAS LAPORAN KEUANGAN",
        "SAK EMKM",
    ):
        assert heading in text
    assert "Standar Akuntansi Keuangan Entitas Mikro, Kecil, dan Menengah" in text
    position, pnl = pack.pack.position.current, pack.pack.pnl.current
    for total in (
        position.total_assets,
        position.total_liabilities,
        position.total_equity,
        pnl.net_sales,
        pnl.gross_profit,
        pnl.net_profit,
        pack.pack.stock.total_value,
        pack.pack.kasbon.total,
    ):
        assert fmt.rupiah(total, "id") in text
    assert "JUMLAH LIABILITAS DAN EKUITAS" in text and "Laba tahun berjalan" in text and "Saldo laba" in text
    assert "Rp 22.618.400" in text  # the balance sheet total of the test shop, on 30 Juni 2026
    assert "Beban keuangan Rp 0" in text  # a line of its own, zero when there were none
    for policy in ("Dasar akrual", "Biaya historis", "rata-rata bergerak", "PPh Final", "Kasbon"):
        assert policy in text
    assert "per 30 Juni 2026" in text and "Yogyakarta, 3 Juli 2026" in text


def test_the_equity_statement_ties_the_net_profit_to_the_balance_sheet(pack: SealedPack) -> None:
    changes, position = pack.pack.equity, pack.pack.position
    assert changes.net_profit == pack.pack.pnl.current.net_profit
    assert changes.closing == position.current.total_equity
    assert position.previous is not None and changes.opening == position.previous.total_equity
    assert changes.other == 0


def test_the_contents_list_the_page_each_part_starts_on(pdf: bytes) -> None:
    pages = [_flat(p) for p in _pages(pdf)]
    cover = pages[0]
    for title, heading in (
        ("Laporan posisi keuangan", "LAPORAN POSISI KEUANGAN"),
        ("Laporan laba rugi", "LAPORAN LABA RUGI"),
        ("Laporan perubahan ekuitas", "LAPORAN PERUBAHAN EKUITAS"),
        ("Laporan arus kas", "LAPORAN ARUS KAS"),
        ("Catatan atas laporan keuangan", "CATATAN ATAS LAPORAN KEUANGAN"),
    ):
        found = re.search(re.escape(title) + r" (\d+)", cover)
        assert found, title
        assert heading in pages[int(found[1]) - 1], (title, found[1])


def test_every_page_says_halaman_x_dari_y(pdf: bytes) -> None:
    pages = _pages(pdf)
    assert len(pages) >= 7
    for number, text in enumerate(pages, 1):
        assert f"Halaman {number} dari {len(pages)}" in text


def test_the_last_page_carries_the_signature_and_the_signed_code(pack: SealedPack, pdf: bytes) -> None:
    last = _flat(_pages(pdf)[-1])
    assert re.fullmatch(r"LACI(-[A-Z2-7]{4}){4}", pack.code)
    assert f"Kode verifikasi {pack.code}" in last
    assert "kunci milik toko ini" in last and "laci verify" in last
    assert "Sri Wahyuni" in last and "Pemilik" in last
    # What the code claims, no more: the shop's own key says nothing of the books behind the figures.
    assert "Tidak ada layanan luar yang menyaksikan pembukuan" in last


def test_each_language_has_a_code_that_binds_its_own_figures(books: Database, pack: SealedPack) -> None:
    english = seal(books, "en")
    assert english.code != pack.code
    assert attest.check(english.token, {}, english.lines).ok and attest.check(pack.token, {}, pack.lines).ok
    assert not attest.check(english.token, {}, pack.lines).ok  # the Indonesian figures are not the English ones


def test_the_pdf_carries_its_statement_and_figures(pack: SealedPack, pdf: bytes) -> None:
    keywords = str(PdfReader(io.BytesIO(pdf)).metadata["/Keywords"])
    assert f"laci-statement:{pack.token}" in keywords and "laci-figures:" in keywords


def test_amounts_never_wrap(pdf: bytes, tmp_path: Path) -> None:
    path = tmp_path / "pack.pdf"
    path.write_bytes(pdf)
    layout = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    for line in layout.stdout.splitlines():
        assert not re.search(r"\bRp\s*\)?$", line.rstrip()), line  # "Rp" never ends a line without its number


def test_fonts_are_embedded_and_no_other_font_is_used(pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    fonts = {}
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            fonts[font["/BaseFont"]] = font
    assert {name.split("+")[-1] for name in fonts} == {"DejaVuSans", "DejaVuSans-Bold"}
    for font in fonts.values():
        assert "/FontFile2" in font["/FontDescriptor"].get_object()
    assert reader.trailer["/Root"]["/Lang"] == "id-ID"


def test_the_english_pack(books: Database, tmp_path: Path) -> None:
    path = tmp_path / "pack-en.pdf"
    pages = render_loan_pack(seal(books, "en"), path)
    texts = [page.extract_text() for page in PdfReader(path).pages]
    assert pages == len(texts)
    text = _flat(" ".join(texts))
    for heading in (
        "STATEMENT OF FINANCIAL POSITION",
        "INCOME STATEMENT",
        "STATEMENT OF CHANGES IN EQUITY",
        "NOTES TO THE FINANCIAL STATEMENTS",
    ):
        assert heading in text
    assert "prepared in accordance with SAK EMKM" in text and "Finance costs" in text
    assert "Rp 22.618.400" in text and "as of 30 June 2026" in text  # English words, Indonesian numbers
    assert f"Page 1 of {pages}" in texts[0] and f"Page {pages} of {pages}" in texts[-1]


def test_a_comparison_before_the_books_start_says_so(books: Database) -> None:
    # The test shop's books begin in 2026: the year-earlier column of the laba rugi has nothing in Laci.
    pack = seal(books, "id")
    assert pack.pack.books_start is not None and pack.pack.books_start > H1.year_before().end
    text = _flat(" ".join(_pages(loan_pack_pdf(pack))))
    assert "Jan – Jun 2025 (sebelum pembukuan dimulai)" in text
    assert "Pembukuan toko di Laci dimulai pada" in text


def test_a_period_that_is_not_a_calendar_year_explains_the_profit_for_the_year(books: Database) -> None:
    text = _flat(" ".join(_pages(loan_pack_pdf(seal(books, "id")))))
    assert "Laba tahun berjalan dihitung dari 1 Januari" in text


def test_words_for_the_page() -> None:
    words, english = Words("id"), Words("en")
    assert words.money(-12_500) == "(Rp\xa012.500)" and english.money(12_500) == "Rp\xa012.500"
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
