"""The Qt binding must not leak: a counter makes millions of Qt calls between restarts."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot


class _Emitter(QObject):
    happened = Signal()


def test_calls_that_return_nothing_do_not_leak_references(qtbot: QtBot) -> None:
    # PySide6 6.12.0 lost a reference to None on each such call and aborted the process after about 100,000.
    field = QLineEdit()
    qtbot.addWidget(field)
    emitter = _Emitter()
    before = sys.getrefcount(None)
    for _ in range(20_000):
        field.setText("8991234567895")
        emitter.happened.emit()
    assert abs(sys.getrefcount(None) - before) < 100
