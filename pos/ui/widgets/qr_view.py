"""A QR code drawn on screen, large enough for a phone across the counter to read; made locally, no network."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QTransform
from PySide6.QtWidgets import QSizePolicy, QWidget

from pos.ui.widgets.style import MUTED

QUIET_ZONE = 4  # modules of white around the code, as ISO/IEC 18004 asks


def qr_matrix(payload: str) -> list[list[bool]]:
    """The modules of `payload`'s QR code (medium error correction), quiet zone included; True is dark."""
    # Imported on first use: the counter starts faster, and most sales never show a QR code.
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(payload)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


class QrView(QWidget):
    """Paints `set_payload`'s QR code as square as the widget allows, in whole device pixels per module."""

    def __init__(self, parent: QWidget | None = None, *, empty_text: str = "") -> None:
        super().__init__(parent)
        self.payload: str | None = None
        self.empty_text = empty_text
        self._matrix: list[list[bool]] = []
        self.setMinimumSize(240, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(340, 340)

    def set_payload(self, payload: str | None) -> None:
        self.payload = payload or None
        self._matrix = qr_matrix(payload) if payload else []
        self.update()

    @property
    def modules(self) -> int:
        """Modules per side, quiet zone included; 0 when there is no code."""
        return len(self._matrix)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            if not self._matrix:
                painter.setPen(QColor(MUTED))
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text)
                return
            n = len(self._matrix)
            # Whole *device* pixels per module keep every module the same size, which scanners need. At 125 %
            # scaling a logical pixel is 1.25 device pixels: 3 logical pixels a module would be 3.75 on the
            # screen, drawn 3 or 4 wide. So the code is laid out in device pixels, whatever the scaling.
            scale = painter.deviceTransform().m11() or 1.0
            width, height = round(self.width() * scale), round(self.height() * scale)
            module = max(min(width, height) // n, 1)
            side = module * n
            left = (width - side) // 2
            top = (height - side) // 2
            painter.setWorldTransform(QTransform.fromScale(1 / scale, 1 / scale))
            painter.fillRect(QRect(left, top, side, side), QColor("white"))
            dark = QColor("black")
            for y, row in enumerate(self._matrix):
                for x, on in enumerate(row):
                    if on:
                        painter.fillRect(left + x * module, top + y * module, module, module, dark)
        finally:
            painter.end()
