"""Choosing where to save or what to open: Qt's own dialog, in the user's Documents folder the first time and in
the folder chosen last after that, per kind of file."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog

from pos.ui.widgets import file_dialogs


@pytest.fixture
def dialogs_seen(monkeypatch: pytest.MonkeyPatch, qapp: Any) -> list[QFileDialog]:
    """The file dialogs opened, each accepted at once with the name it suggests."""
    QStandardPaths.setTestModeEnabled(True)  # the remembered folders go to Qt's test settings, not the user's
    seen: list[QFileDialog] = []

    def accept(dialog: QFileDialog) -> int:
        seen.append(dialog)
        return 1

    monkeypatch.setattr(QFileDialog, "exec", accept)
    return seen


def test_the_first_save_opens_in_documents_and_the_next_where_the_last_went(
    dialogs_seen: list[QFileDialog], tmp_path: Path
) -> None:
    kind = f"reports-{uuid.uuid4().hex}"
    assert file_dialogs.last_folder(kind) == file_dialogs.documents()
    first = file_dialogs.save_file(None, "Simpan PDF", "laporan.pdf", "PDF (*.pdf)", kind)
    assert dialogs_seen[-1].directory().absolutePath() == str(file_dialogs.documents())
    assert dialogs_seen[-1].testOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's own, in our language
    assert first == file_dialogs.documents() / "laporan.pdf"

    elsewhere = tmp_path / "usb"
    elsewhere.mkdir()
    file_dialogs.remember(kind, elsewhere / "laporan.pdf")  # the owner saved it on the USB stick
    again = file_dialogs.save_file(None, "Simpan PDF", "laporan-2.pdf", "PDF (*.pdf)", kind)
    assert dialogs_seen[-1].directory().absolutePath() == str(elsewhere)
    assert again == elsewhere / "laporan-2.pdf"
    # Another kind of file keeps its own folder.
    assert file_dialogs.last_folder(f"import-{uuid.uuid4().hex}") == file_dialogs.documents()


def test_a_remembered_folder_that_is_gone_falls_back_to_documents(
    dialogs_seen: list[QFileDialog], tmp_path: Path
) -> None:
    kind = f"qris-{uuid.uuid4().hex}"
    gone = tmp_path / "stick"
    gone.mkdir()
    file_dialogs.remember(kind, gone)
    gone.rmdir()  # the USB stick was taken out
    assert file_dialogs.last_folder(kind) == file_dialogs.documents()
