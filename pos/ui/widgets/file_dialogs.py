"""Choosing a file or a folder: Qt's own dialog (in the app's language on every system, see `qt_words`), opening
in the folder used last for the same kind of file, or else in the user's Documents folder.

The folders are remembered per user (`QSettings`), not per shop: they are where this person keeps their files.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

_GROUP = "folders"


def _store() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Laci", "Laci")


def documents() -> Path:
    """The user's Documents folder (on Windows the one Explorer shows, wherever it was moved), else home."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def last_folder(kind: str) -> Path:
    """Where a file of `kind` ("reports", "import", "qris"...) was last chosen, while it still exists."""
    saved = _store().value(f"{_GROUP}/{kind}")
    if isinstance(saved, str) and saved and Path(saved).is_dir():
        return Path(saved)
    return documents()


def remember(kind: str, chosen: Path) -> None:
    store = _store()
    store.setValue(f"{_GROUP}/{kind}", str(chosen if chosen.is_dir() else chosen.parent))
    store.sync()


def _dialog(parent: QWidget | None, title: str, start: Path, pattern: str) -> QFileDialog:
    dialog = QFileDialog(parent, title, str(start), pattern)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setObjectName("fileDialog")
    return dialog


def open_file(parent: QWidget | None, title: str, pattern: str, kind: str, start: str = "") -> Path | None:
    """A file to read (looked for in `start` when it is a folder, else where one was chosen last), or None when
    the person cancels."""
    begin = Path(start) if start and Path(start).is_dir() else last_folder(kind)
    dialog = _dialog(parent, title, begin, pattern)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    if not dialog.exec() or not dialog.selectedFiles():
        return None
    chosen = Path(dialog.selectedFiles()[0])
    remember(kind, chosen)
    return chosen


def save_file(parent: QWidget | None, title: str, suggested: str, pattern: str, kind: str) -> Path | None:
    """Where to write a new file (named `suggested` to begin with), or None when the person cancels."""
    dialog = _dialog(parent, title, last_folder(kind) / suggested, pattern)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    if not dialog.exec() or not dialog.selectedFiles():
        return None
    chosen = Path(dialog.selectedFiles()[0])
    remember(kind, chosen)
    return chosen


def choose_folder(parent: QWidget | None, title: str, start: str, kind: str) -> Path | None:
    """A folder (starting at `start` when it exists, else where one was chosen last), or None on cancel."""
    begin = Path(start) if start and Path(start).is_dir() else last_folder(kind)
    dialog = _dialog(parent, title, begin, "")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly)
    if not dialog.exec() or not dialog.selectedFiles():
        return None
    chosen = Path(dialog.selectedFiles()[0])
    remember(kind, chosen)
    return chosen
