"""Sizes, colours and fonts the counter shares, so every screen reads the same from a metre away."""

from __future__ import annotations

from typing import Final

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

# A fingertip is about 9 mm wide; 48 px is the smallest target that a hurried thumb hits reliably.
TOUCH_HEIGHT: Final = 48
BIG_TOUCH_HEIGHT: Final = 64
# The customer reads the total from across the counter; on a small screen it gives up size before it is cut.
TOTAL_POINT_SIZE: Final = 56
MIN_TOTAL_POINT_SIZE: Final = 28
AMOUNT_POINT_SIZE: Final = 36
ENTRY_POINT_SIZE: Final = 20

INK: Final = "#1f2430"
MUTED: Final = "#6b7280"
GOOD: Final = "#1d6b3a"
BAD: Final = "#a32020"
ACCENT: Final = "#1857b6"

PRIMARY_BUTTON: Final = (
    "QPushButton { background: #1d7a45; color: white; border: none; border-radius: 8px; font-weight: bold; }"
    "QPushButton:pressed { background: #155c34; } QPushButton:disabled { background: #9bbfa9; }"
)
DANGER_BUTTON: Final = (
    "QPushButton { background: #fbeaea; color: #a32020; border: 1px solid #efc4c4; border-radius: 8px; }"
    "QPushButton:pressed { background: #f3d2d2; }"
    # Greyed when it cannot be pressed: red would still invite the press that does nothing.
    "QPushButton:disabled { background: #f4f5f7; color: #a0a4ab; border-color: #e2e5ea; }"
)
PLAIN_BUTTON: Final = (
    "QPushButton { background: #f4f5f7; color: #1f2430; border: 1px solid #cfd3da; border-radius: 8px; }"
    "QPushButton:pressed { background: #e2e5ea; } QPushButton:checked { background: #dbe7fb; border-color: #1857b6; }"
    "QPushButton:disabled { color: #a0a4ab; }"
)
# The style every platform gets: the style sheets were written under Fusion, and Windows 11's own style ignores
# parts of them.
STYLE: Final = "Fusion"
# Laci's light palette, the same on every platform whatever the desktop's dark mode says: the style sheets paint
# light backgrounds, and a dark palette under them leaves dark text on dark grey.
PALETTE: Final = {
    QPalette.ColorRole.Window: "#f0f1f3",
    QPalette.ColorRole.WindowText: INK,
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#f6f7f9",
    QPalette.ColorRole.Text: INK,
    QPalette.ColorRole.PlaceholderText: MUTED,
    QPalette.ColorRole.Button: "#f4f5f7",
    QPalette.ColorRole.ButtonText: INK,
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Highlight: ACCENT,
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#ffffff",
    QPalette.ColorRole.ToolTipText: INK,
    QPalette.ColorRole.Link: ACCENT,
    QPalette.ColorRole.LinkVisited: "#5b3cc4",
    QPalette.ColorRole.Light: "#ffffff",
    QPalette.ColorRole.Midlight: "#e6e8ec",
    QPalette.ColorRole.Mid: "#cfd3da",
    QPalette.ColorRole.Dark: "#a0a4ab",
    QPalette.ColorRole.Shadow: "#6b7280",
}
DISABLED_TEXT: Final = "#a0a4ab"


def light_palette() -> QPalette:
    """Laci's own light palette (`PALETTE`), with greyed text for what is disabled."""
    palette = QPalette()
    for role, colour in PALETTE.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(DISABLED_TEXT))
    return palette


ERROR_TEXT: Final = f"color: {BAD};"
OK_TEXT: Final = f"color: {GOOD};"
MUTED_TEXT: Final = f"color: {MUTED};"


def font(base: QFont, point_size: float, *, bold: bool = False) -> QFont:
    """`base` at `point_size`, optionally bold."""
    made = QFont(base)
    made.setPointSizeF(point_size)
    made.setBold(bold)
    return made


def scaled(widget: QWidget, factor: float, *, bold: bool = False) -> None:
    """Make `widget`'s font `factor` times the application's size."""
    widget.setFont(font(widget.font(), widget.font().pointSizeF() * factor, bold=bold))


def label(text: str = "", *, factor: float = 1.0, bold: bool = False, style: str = "") -> QLabel:
    made = QLabel(text)
    if factor != 1.0 or bold:
        scaled(made, factor, bold=bold)
    if style:
        made.setStyleSheet(style)
    return made


def whole_placeholder(field: QLineEdit) -> QLineEdit:
    """Never narrower than its hint (the grey text before anything is typed), which would be cut otherwise."""
    clear = 24 if field.isClearButtonEnabled() else 0
    field.setMinimumWidth(field.fontMetrics().horizontalAdvance(field.placeholderText()) + 16 + clear)
    return field


def whole_amounts(text: str) -> str:
    """`text` with every "Rp" bound to its number, so a label that wraps never leaves "Rp" at a line's end."""
    return text.replace("Rp ", "Rp\u00a0")
