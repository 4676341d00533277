"""Reading the shop's QRIS from a picture in the settings and the first-run setup: a photo of the sticker at the
counter or a screenshot; the code is read and checked by the core (`qris_image`), its text put in the field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWidget

from pos.i18n import N_, _
from pos.ledger.base.errors import LedgerError
from pos.ledger.counter.qris_image import qris_from_picture
from pos.ui.widgets import file_dialogs
from pos.ui.widgets.buttons import BigButton

QRIS_EXPLAIN = N_(
    "Read the shop's own QRIS from a photo of the sticker at the counter or a screenshot, or paste its text (a "
    "QR reader app shows it). Laci then shows a QRIS code with the amount at every QRIS payment. Optional."
)
QRIS_PICTURES = N_("Pictures (*.png *.jpg *.jpeg *.webp *.bmp)")


class QrisPictureButton(BigButton):
    """Choose a photo or screenshot of the QRIS: its code is read and checked, and its text put in `field`;
    `refused` says in the shopkeeper's words why a picture gave no QRIS (the field is then left as it was)."""

    refused = Signal(str)

    def __init__(self, field: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(_("Read from a photo or screenshot…"), on_click=self.choose, parent=parent)
        self.setObjectName("qrisPicture")
        self.field = field
        # Replaced in tests: asks which picture (a path, or None when the person cancels).
        self.choose_picture: Callable[[], Path | None] = self._ask

    def _ask(self) -> Path | None:
        return file_dialogs.open_file(self, _("The QRIS picture"), _(QRIS_PICTURES), "qris")

    def choose(self) -> None:
        chosen = self.choose_picture()
        if chosen is not None:
            self.read(chosen)

    def read(self, picture: Path) -> None:
        # A photo reads in well under a second; the owner waits for it as for the dialog that chose it.
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            text, _payload = qris_from_picture(picture)
        except LedgerError as error:
            self.refused.emit(str(error))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.field.setPlainText(text)
