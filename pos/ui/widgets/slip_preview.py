"""A slip on screen as the printer would print it (an order slip, a delivery slip, a receipt), with a button to
print it when the shop has a printer on paper. With the "on screen only" printer, this is where slips are seen.

The slip is read by the core on the database worker; it is laid out and drawn on the I/O pool (Pillow), and only
the finished picture reaches the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from pos.i18n import _
from pos.ledger.base.errors import LedgerError
from pos.ledger.shop import settings
from pos.ledger.slips.slip_types import AnySlip
from pos.printing.addresses import parse_address
from pos.printing.layout import lines_for
from pos.ui.changes import Change
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.style import ERROR_TEXT, MUTED_TEXT, OK_TEXT, label

if TYPE_CHECKING:
    from PIL import Image

PREVIEW_WIDTH = 460  # pixels a slip is drawn at: a 58 mm or 80 mm roll, readable on a laptop's screen


@dataclass(frozen=True, slots=True)
class SlipToShow:
    """A slip and the paper it is laid out for; `printer` is "" (none), "preview" (the screen) or the kind of
    printer it could go to."""

    slip: AnySlip
    columns: int
    printer: str

    @property
    def prints_on_paper(self) -> bool:
        return self.printer not in ("", "preview")


def slip_to_show(session: Session, slip: Callable[[Session], AnySlip]) -> SlipToShow:
    """The slip `slip` reads, with the shop's paper width and printer, in one snapshot."""
    values = settings.load(session)
    return SlipToShow(slip(session), int(values.printer_columns), printer_kind(values.printer_uri))


def printer_kind(uri: str) -> str:
    """The kind of printer at `uri`: "" when there is none, "preview" for the screen only."""
    try:
        return parse_address(uri).kind if uri.strip() else ""
    except LedgerError:
        return "unknown"  # a damaged address: the slip is still shown, and printing it is for the settings to mend


def drawn(shown: SlipToShow) -> Image.Image:
    """Runs on the I/O pool: the slip laid out for its paper and drawn."""
    from pos.printing.preview import render  # Pillow's drawing loads when a slip is first shown, not at start

    return render(lines_for(shown.slip, shown.columns), shown.columns)


def _pixmap(picture: Image.Image) -> QPixmap:
    rgb = picture.convert("RGB")
    image = QImage(rgb.tobytes("raw", "RGB"), rgb.width, rgb.height, 3 * rgb.width, QImage.Format.Format_RGB888)
    scaled = QPixmap.fromImage(image.copy())
    return scaled.scaledToWidth(min(PREVIEW_WIDTH, rgb.width), Qt.TransformationMode.SmoothTransformation)


class SlipPreview(QDialog):
    """Open with `open()`; `printed` is emitted once the slip is queued for the printer (`print_slip` given).

    `read(session)` reads the slip in a snapshot; `print_slip(session)` queues it, in a write."""

    printed = Signal()

    def __init__(
        self,
        tasks: TaskManager,
        title: str,
        read: Callable[[Session], AnySlip],
        print_slip: Callable[[Session], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("slipPreview")
        self.setWindowTitle(title)
        self.setModal(True)
        self.tasks = tasks
        self.print_slip = print_slip
        self.shown: SlipToShow | None = None
        self.picture = QLabel()
        self.picture.setObjectName("slipPicture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.picture)
        scroll.setMinimumWidth(PREVIEW_WIDTH + 40)
        self.status = label(_("Drawing the slip…"), style=MUTED_TEXT)
        self.status.setObjectName("slipStatus")
        self.status.setWordWrap(True)
        self.close_button = BigButton(_("Close"), "Esc", on_click=self.reject)
        self.print_button = BigButton(_("Print"), kind="primary", on_click=self.print_now)
        self.print_button.setObjectName("printSlip")
        self.print_button.setEnabled(False)
        self.print_button.setVisible(print_slip is not None)
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button, 1)
        buttons.addWidget(self.print_button, 1)
        box = QVBoxLayout(self)
        box.setContentsMargins(18, 14, 18, 14)
        box.addWidget(label(title, factor=1.3, bold=True))
        box.addWidget(scroll, 1)
        box.addWidget(self.status)
        box.addLayout(buttons)
        self.resize(PREVIEW_WIDTH + 80, 640)
        tasks.read(lambda session: slip_to_show(session, read), self._read, self._failed)

    def _read(self, shown: SlipToShow) -> None:
        self.shown = shown
        self.tasks.run_io(lambda: drawn(shown), self._drawn, self._failed)

    def _drawn(self, picture: Image.Image) -> None:
        shown = self.shown
        assert shown is not None
        self.picture.setPixmap(_pixmap(picture))
        if shown.prints_on_paper:
            self.say("")
        elif shown.printer == "preview":
            self.say(_("The printer is the screen only: this is the slip."))
        else:
            self.say(_("No receipt printer is set up: the slip can be seen here."))
        self.print_button.setEnabled(shown.prints_on_paper)

    def print_now(self) -> None:
        work = self.print_slip
        if work is None or self.shown is None or not self.shown.prints_on_paper:
            return
        self.print_button.setEnabled(False)

        def queued(_result: object) -> None:
            self.say(_("The slip is on its way to the printer."), ok=True)
            self.printed.emit()

        self.tasks.write(work, {Change.PRINTING}, queued, self._failed)

    def say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        self.status.setStyleSheet(ERROR_TEXT if error else OK_TEXT if ok else MUTED_TEXT)
        self.status.setText(text)

    def _failed(self, error: BaseException) -> None:
        self.say(failure_message(error), error=True)
        if self.shown is not None:
            self.print_button.setEnabled(self.shown.prints_on_paper)
