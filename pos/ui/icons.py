"""The app's icons from assets/icons: the drawer for the window and line icons for the counter's actions."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Final

from PySide6.QtGui import QIcon

# One line icon each, drawn on a 24 px grid (assets/icons/README.md).
ACTIONS: Final = (
    "pay",
    "hold",
    "customer",
    "return",
    "print",
    "product",
    "stock",
    "reports",
    "settings",
    "sync",
    "backup",
    "kasbon",
)
APP_ICON: Final = "laci"
APP_ICON_SIZES: Final = (16, 32, 48, 64, 128, 256)


def icons_dir() -> Path:
    """assets/icons beside the `pos` package in a checkout, or inside the bundle when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "assets" / "icons"
    return Path(__file__).resolve().parents[2] / "assets" / "icons"


def icon_path(name: str) -> Path:
    if name not in ACTIONS and name != APP_ICON:
        raise ValueError(f"no icon named {name!r}; known: {', '.join((APP_ICON, *ACTIONS))}")
    return icons_dir() / f"{name}.svg"


def icon(name: str) -> QIcon:
    """The icon `name` (one of ACTIONS, or "laci"), drawn sharp at any size from its SVG."""
    return QIcon(str(icon_path(name)))


def app_icon() -> QIcon:
    """The window's icon from its PNG renders, which stay crisp at the small sizes a title bar and task bar use."""
    made = QIcon()
    for size in APP_ICON_SIZES:
        png = icons_dir() / f"{APP_ICON}-{size}.png"
        if png.exists():
            made.addFile(str(png))
    return made if not made.isNull() else icon(APP_ICON)
