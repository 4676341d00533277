"""The one catalogue: every string the code marks for users has an Indonesian translation."""

from __future__ import annotations

import io
import os
from typing import Any

from babel.messages.pofile import write_po

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pos import i18n
from pos.i18n_tools import extract, load, problems


def test_every_message_has_an_indonesian_translation() -> None:
    missing = list(problems("id"))
    assert not missing, "run ./scripts/catalogue and translate:\n" + "\n".join(missing)


def test_the_code_marks_messages_at_all() -> None:
    assert len(extract()) > 50


def test_language_switch_changes_messages() -> None:
    i18n.set_language("id")
    assert i18n._("The cart is empty.") == "Keranjang masih kosong."
    i18n.set_language("en")
    assert i18n._("The cart is empty.") == "The cart is empty."


def test_unknown_language_falls_back_to_indonesian() -> None:
    i18n.set_language("fr")
    assert i18n.language() == "id"


def test_catalogues_are_in_the_form_the_tools_write() -> None:
    """A catalogue spliced by a line-based merge can lose a msgstr and still load; written anew it would differ."""
    for lang in i18n.LANGUAGES:
        out = io.BytesIO()
        write_po(out, load(lang), width=110, omit_header=False, sort_output=True, no_location=True)
        assert out.getvalue() == i18n.po_path(lang).read_bytes(), f"run ./scripts/catalogue: {lang} is not as written"


# --- Qt's own dialogs ---------------------------------------------------------------------------------------------
# Qt ships no Indonesian: its words come from our catalogue through `pos.ui.qt_words`. A spy translator records
# every string Qt asks for while the app's standard dialogs are open; each must be one the catalogue answers.

_NOT_WORDS = {"Alt+Left", "Alt+Right", "Alt+Up", "Show "}  # shortcuts, and a fragment Qt joins itself
# Key names stay as printed on the keys (Ctrl, Esc, F12); a device's error is never shown as such.
_NOT_CONTEXTS = {"QShortcut", "QIODevice"}


def _dialogs_asking(qtbot: Any) -> dict[str, set[str]]:
    from PySide6.QtCore import QCoreApplication, QTranslator
    from PySide6.QtWidgets import QLineEdit, QMessageBox

    from pos.ui.app import make_application
    from pos.ui.widgets import file_dialogs

    asked: dict[str, set[str]] = {}

    class Spy(QTranslator):
        def translate(self, context: str, source: str, disambiguation: Any = None, n: int = -1) -> Any:
            asked.setdefault(context, set()).add(source)
            return None

    buttons = QMessageBox.StandardButton.NoButton
    for button in QMessageBox.StandardButton:
        if button not in (QMessageBox.StandardButton.NoButton, QMessageBox.StandardButton.FlagMask):
            buttons |= button
    app = make_application()
    spy = Spy()
    app.installTranslator(spy)
    try:
        box = QMessageBox(QMessageBox.Icon.Question, "Laci", "?", buttons)
        box.setDetailedText("…")
        qtbot.addWidget(box)
        box.show()
        for accept in ("save", "open", "folder"):
            dialog = file_dialogs._dialog(None, "Laci", file_dialogs.documents(), "PDF (*.pdf)")
            qtbot.addWidget(dialog)
            if accept == "save":
                dialog.setAcceptMode(dialog.AcceptMode.AcceptSave)
            elif accept == "folder":
                dialog.setFileMode(dialog.FileMode.Directory)
            dialog.show()
            QCoreApplication.processEvents()
        field = QLineEdit()
        qtbot.addWidget(field)
        field.createStandardContextMenu()
    finally:
        app.removeTranslator(spy)
    return asked


def test_every_word_qt_shows_in_the_apps_dialogs_is_in_the_catalogue(qtbot: Any) -> None:
    from pos.ui.qt_words import QT_WORDS

    asked = _dialogs_asking(qtbot)
    assert asked, "the dialogs asked Qt for no words at all"
    missing = [
        f"{context}: {source!r}"
        for context, sources in asked.items()
        for source in sources
        if context not in _NOT_CONTEXTS
        and source not in _NOT_WORDS
        and source not in QT_WORDS.get(context, frozenset())
    ]
    assert not missing, "add these to pos/ui/qt_words.py and translate them:\n" + "\n".join(sorted(missing))


def test_qts_message_boxes_and_file_dialog_speak_indonesian(qtbot: Any) -> None:
    from PySide6.QtWidgets import QAbstractButton, QLabel, QMessageBox

    from pos.ui.app import make_application
    from pos.ui.qt_words import QT_WORDS
    from pos.ui.widgets import file_dialogs

    make_application()
    i18n.set_language("id")
    box = QMessageBox(
        QMessageBox.Icon.Question, "Laci", "?", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    )
    qtbot.addWidget(box)
    assert sorted(b.text() for b in box.buttons()) == ["&Tidak", "&Ya"]
    dialog = file_dialogs._dialog(None, "Laci", file_dialogs.documents(), "PDF (*.pdf)")
    dialog.setAcceptMode(dialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    dialog.show()
    english = {source for sources in QT_WORDS.values() for source in sources if i18n._(source) != source}
    shown = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton) if w.isVisible()]
    assert shown and not [text for text in shown if text in english]
    assert "&Simpan" in shown and "&Nama berkas:" in shown
    i18n.set_language("en")
    box_en = QMessageBox(QMessageBox.Icon.Question, "Laci", "?", QMessageBox.StandardButton.Yes)
    qtbot.addWidget(box_en)
    assert [b.text() for b in box_en.buttons()] == ["&Yes"]
