"""Every icon the app names is there and loads: from the checkout here, from the bundle in tests/build."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from pos.ui.app import make_application
from pos.ui.icons import ACTIONS, APP_ICON, APP_ICON_SIZES, app_icon, icon, icons_dir


@pytest.mark.parametrize("name", [APP_ICON, *ACTIONS])
def test_named_icon_loads(qapp: QApplication, name: str) -> None:
    loaded = icon(name)
    assert not loaded.isNull()
    image = loaded.pixmap(QSize(48, 48)).toImage()
    assert image.width() == 48
    # Something is drawn: not every pixel is transparent.
    assert any(image.pixelColor(x, y).alpha() > 0 for x in range(48) for y in range(48))


def test_line_icons_share_one_style() -> None:
    for name in ACTIONS:
        svg = (icons_dir() / f"{name}.svg").read_text(encoding="utf-8")
        assert 'viewBox="0 0 24 24"' in svg, name
        assert 'stroke="#1f2430"' in svg and 'stroke-width="2"' in svg and 'fill="none"' in svg, name


def test_app_icon_has_every_rendered_size(qapp: QApplication) -> None:
    made = app_icon()
    assert not made.isNull()
    assert sorted(size.width() for size in made.availableSizes()) == list(APP_ICON_SIZES)
    assert (icons_dir() / "laci.ico").exists()


def test_unknown_icon_is_refused() -> None:
    with pytest.raises(ValueError, match="no icon named"):
        icon("rocket")


def test_application_wears_the_app_icon(qapp: QApplication) -> None:
    font, window_icon = qapp.font(), qapp.windowIcon()
    try:
        made = make_application()
        assert made is qapp
        assert sorted(size.width() for size in made.windowIcon().availableSizes()) == list(APP_ICON_SIZES)
    finally:  # the other window tests keep the font they were written for
        qapp.setFont(font)
        qapp.setWindowIcon(window_icon)
