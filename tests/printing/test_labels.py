"""Price labels read back as a scanner reads them: the A4 sheet through pdftoppm and the receipt printer's bytes,
each barcode decoded (zxing-cpp) to the 13 digits that ring the product up; printed once like a receipt; and
labels whose input lies (a very long name, Rp 0 and billions, a bad stored barcode, 500 labels at once)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from label_support import cells, decode, raster_pictures, sheet_pages
from printing_support import INDOMIE, warung
from shop_support import Counter

from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money
from pos.ledger.counter import print_queue
from pos.ledger.schema import PrintJob
from pos.ledger.slips.price_labels import LabelRequest, prepare, queue_labels, slip_from_payload
from pos.ledger.slips.slip_types import LabelSlip, PriceLabel
from pos.ledger.stock import product_records
from pos.ledger.stock.own_barcodes import in_store_code
from pos.printing.label_sheets import LAYOUTS, SheetLayout, layout_named, write_sheets
from pos.printing.label_slip import label_lines
from pos.printing.layout import as_text
from pos.printing.preview import render
from pos.printing.printers import EscposPrinter, PreviewPrinter, Printer, open_printer
from pos.printing.queue_worker import print_pending, shop_printer

LONG_NAME = "Keripik Singkong Balado Pedas Manis Khas Padang Kemasan Ekonomis Isi Dua Ratus Lima Puluh Gram"


def _products(db: Database) -> tuple[Counter, list[LabelRequest]]:
    counter = warung(db)
    with db.write() as s:
        free = product_records.add_product(s, "Es Teh (gratis isi ulang)", Money(0))
        dear = product_records.add_product(s, "Emas Antam 1 kg", Money(2_345_678_900))
        long = product_records.add_product(s, LONG_NAME, Money(12_500))
        indomie = product_records.find_by_barcode(s, INDOMIE)
    assert indomie is not None
    return counter, [
        LabelRequest(indomie.product.id, 2),
        LabelRequest(free),
        LabelRequest(dear),
        LabelRequest(long, 3),
    ]


def test_an_a4_sheet_started_at_label_5_decodes_to_each_products_13_digits(db: Database, tmp_path: Path) -> None:
    counter, requests = _products(db)
    with db.write() as s:
        labels = prepare(s, counter.owner, requests)
    codes = [label.barcode for label in labels]
    assert codes[:2] == [INDOMIE, INDOMIE] and all(c.startswith("21") for c in codes[2:])
    layout = layout_named("3x7")
    pdf = tmp_path / "labels.pdf"
    assert write_sheets(labels, layout, pdf, start=5) == 1
    (page,) = sheet_pages(pdf)
    read = cells(page, layout)
    assert read[:4] == [[], [], [], []]  # the part of the sheet already used stays blank
    assert read[4 : 4 + len(codes)] == [[c] for c in codes]
    assert all(found == [] for found in read[4 + len(codes) :])


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda x: x.key)
def test_every_sheet_layout_prints_a_label_in_each_cell_that_scans(layout: SheetLayout, tmp_path: Path) -> None:
    labels = [PriceLabel(LONG_NAME, 9_999_999_999, in_store_code("21", n + 1)) for n in range(layout.per_sheet)]
    pdf = tmp_path / f"{layout.key}.pdf"
    write_sheets(labels, layout, pdf)
    (page,) = sheet_pages(pdf)
    assert cells(page, layout) == [[label.barcode] for label in labels]


def test_thermal_labels_go_through_the_queue_print_once_and_their_raster_decodes(db: Database, tmp_path: Path) -> None:
    counter, requests = _products(db)
    roll = tmp_path / "lp0"
    roll.write_bytes(b"")
    with db.write() as s:
        labels = prepare(s, counter.owner, requests)
        queue_labels(s, labels)
    first = print_pending(db, lambda: _file_printer(db, roll))
    again = print_pending(db, lambda: _file_printer(db, roll))
    assert len(first.printed) + len(first.sent) == 1 and not first.failed
    assert again.printed == () and again.sent == ()  # nothing left: the job went out once
    data = roll.read_bytes()
    assert [decode(p) for p in raster_pictures(data)] == [[label.barcode] for label in labels]
    assert data.count(b"Rp 0") == 1 and data.count(b"Rp 2.345.678.900") == 1
    assert data.count(b"Keripik Singkong") == 3


def _file_printer(db: Database, roll: Path) -> Printer:
    return shop_printer(db, f"file:{roll}")


def test_a_long_name_is_cut_to_two_lines_and_every_line_fits_58_mm() -> None:
    label = PriceLabel(LONG_NAME, 12_500, in_store_code("21", 7))
    text = as_text(label_lines(LabelSlip((label,)), 32), 32)
    assert "Keripik Singkong" in text and ".." in text and "Gram" not in text
    assert all(len(line) <= 32 for line in text.splitlines())
    assert f"[EAN-13 {label.barcode}]" in text


def test_a_queued_job_whose_payload_lies_fails_with_its_reason_and_the_rest_print(db: Database) -> None:
    warung(db)
    good = PriceLabel("Teh", 5_000, in_store_code("21", 9))
    bad_check = good.barcode[:-1] + str((int(good.barcode[-1]) + 1) % 10)
    with pytest.raises(InvalidInput):
        slip_from_payload(
            {"labels": [{"name": "Teh", "price": 5_000, "barcode": bad_check, "unit": "pcs", "copies": 1}]}
        )
    for garbage in ({}, {"labels": "x"}, {"labels": [{"name": 1}]}, {"labels": [{"copies": 10**9}]}):
        with pytest.raises(InvalidInput):
            slip_from_payload(garbage)
    with db.write() as s:
        print_queue.enqueue(s, "labels", payload={"labels": [{"name": "x", "price": True}]})
        queue_labels(s, [good])
    paper = PreviewPrinter()
    run = print_pending(db, lambda: paper)
    assert len(run.failed) == 1 and len(run.printed) == 1
    assert good.barcode in paper.text()


def test_500_labels_at_once_make_one_small_job_and_a_pdf_of_8_sheets(db: Database, tmp_path: Path) -> None:
    counter, requests = _products(db)
    with db.write() as s:
        labels = prepare(s, counter.owner, [LabelRequest(requests[0].product_id, 500)])
        queue_labels(s, labels)
    with db.read() as s:
        (job,) = s.query(PrintJob).filter(PrintJob.kind == "labels").all()
        assert len(job.payload) < 300  # 500 copies of one label are one item with a count
    assert len(slip_from_payload(print_queue.job_of(job).payload).labels) == 500
    started = time.perf_counter()
    assert write_sheets(labels, layout_named("5x13"), tmp_path / "500.pdf") == 8
    assert time.perf_counter() - started < 5
    with db.write() as s, pytest.raises(InvalidInput):
        prepare(s, counter.owner, [LabelRequest(requests[0].product_id, 0)])
    with pytest.raises(InvalidInput):
        write_sheets(labels, layout_named("3x7"), tmp_path / "x.pdf", start=22)


@pytest.mark.parametrize("columns", [32, 48], ids=["58mm", "80mm"])
def test_labels_scan_on_58_and_80_mm_paper_and_in_the_on_screen_preview(columns: int, tmp_path: Path) -> None:
    labels = (PriceLabel(LONG_NAME, 0, in_store_code("21", 5)), PriceLabel("Emas", 9_999_999_999, INDOMIE))
    lines = label_lines(LabelSlip(labels), columns)
    printer = open_printer(f"file:{tmp_path / 'lp0'}", columns=columns)
    assert isinstance(printer, EscposPrinter)
    pictures = raster_pictures(printer.render(lines, open_drawer=False))
    assert [p.width - 80 for p in pictures] == [384 if columns == 32 else 576] * 2  # the paper's full width in dots
    assert [decode(p) for p in pictures] == [[label.barcode] for label in labels]
    assert decode(render(lines, columns)) == [label.barcode for label in labels]
