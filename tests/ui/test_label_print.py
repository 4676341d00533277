"""Price labels from the products screen, as the owner prints them: several products chosen, copies of each, an A4
sheet from label 4 saved as a PDF and read back label by label, and the same labels on the receipt printer,
through the queue, decoded from the printer's bytes.

With LACI_SCREENSHOTS set to a folder, the dialog is saved there as `labels-dialog.png` at 1366x768, the sheet
as `labels-sheet.png` and the receipt printer's labels as `labels-thermal.png`
(`LACI_SCREENSHOTS=docs/screenshots pytest tests/ui/test_label_print.py`).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from label_support import cells, decode, raster_pictures, sheet_pages
from PySide6.QtCore import Qt
from ui.products_support import names, open_screen, settle

from pos.ledger.base.money import Money
from pos.ledger.counter import print_queue
from pos.ledger.schema import PrintJob
from pos.ledger.shop import settings
from pos.ledger.slips.price_labels import slip_from_payload
from pos.ledger.stock import product_records
from pos.printing.label_sheets import layout_named
from pos.printing.label_slip import label_lines
from pos.printing.preview import render
from pos.ui.products.label_dialog import LabelDialog
from pos.ui.tasks import TaskManager


def _choose(screen: Any, qtbot: Any, wanted: list[str]) -> None:
    listed = names(screen)
    for name in wanted:
        index = screen.model.index(listed.index(name), 0)
        rect = screen.table.visualRect(index)
        qtbot.mouseClick(
            screen.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, rect.center()
        )


def test_the_owner_prints_labels_on_a_sheet_and_on_the_receipt_printer(
    tasks: TaskManager, shop: Any, qtbot: Any, tmp_path: Path
) -> None:
    roll = tmp_path / "lp0"
    roll.write_bytes(b"")
    with tasks.db.write() as s:
        settings.put(s, "printer.uri", f"file:{roll}")
        product_records.add_product(s, "Kue Lapis Legit Buatan Sendiri Toples Besar", Money(185_000))
    screen = open_screen(tasks, shop.owner, qtbot)
    _choose(screen, qtbot, ["Barang 1", "Kue Lapis Legit Buatan Sendiri Toples Besar"])
    assert len(screen.selected_rows()) == 2
    dialog = screen.print_labels()
    assert isinstance(dialog, LabelDialog)
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "Cetak label harga"  # Indonesian first, through the catalogue
    dialog.copies[0].setValue(2)
    dialog.sheet.setCurrentIndex(dialog.sheet.findData("3x8"))
    dialog.start.setValue(4)
    dialog.guides.setChecked(True)  # outlines on the PDF do not stop a label from scanning
    asked: list[str] = []
    target = tmp_path / "label"
    dialog.choose_pdf_path = lambda suggested: asked.append(suggested) or target
    opened: list[Path] = []
    dialog.open_pdf = opened.append
    if os.environ.get("LACI_SCREENSHOTS"):
        dialog.resize(1366, 768)
        qtbot.wait(50)
        dialog.grab().save(str(Path(os.environ["LACI_SCREENSHOTS"]) / "labels-dialog.png"))
    qtbot.mouseClick(dialog.go_button, Qt.MouseButton.LeftButton)
    settle(tasks)
    pdf = target.with_suffix(".pdf")
    assert asked and asked[0].endswith(".pdf") and opened == [pdf]
    assert "3 label" in dialog.status.text(), dialog.status.text()
    (page,) = sheet_pages(pdf)
    read = cells(page, layout_named("3x8"))
    assert read[:3] == [[], [], []]
    assert read[3] == read[4] == [shop.codes[0]]
    (own,) = read[5]
    assert own.startswith("21") and all(found == [] for found in read[6:])
    if os.environ.get("LACI_SCREENSHOTS"):
        shutil.copy(sheet_pages(pdf, dpi=80)[0].filename, Path(os.environ["LACI_SCREENSHOTS"]) / "labels-sheet.png")

    dialog.on_thermal.setChecked(True)
    assert dialog.go_button.text() == "Cetak" and not dialog.sheet.isEnabled()
    qtbot.mouseClick(dialog.go_button, Qt.MouseButton.LeftButton)
    settle(tasks)
    assert [decode(p) for p in raster_pictures(roll.read_bytes())] == [[shop.codes[0]], [shop.codes[0]], [own]]
    assert "dicetak" in dialog.status.text(), dialog.status.text()
    screen.set_actor(None)
    assert not screen.labels_button.isEnabled() and screen.print_labels() is None
    if os.environ.get("LACI_SCREENSHOTS"):
        with tasks.db.read() as s:
            (job,) = _printed_labels(s)
        lines = label_lines(slip_from_payload(job.payload), 32)
        render(lines, 32).save(str(Path(os.environ["LACI_SCREENSHOTS"]) / "labels-thermal.png"))


def _printed_labels(session: Any) -> list[print_queue.Job]:
    rows = session.query(PrintJob).filter(PrintJob.kind == "labels").all()
    return [print_queue.job_of(row) for row in rows]
