"""Qt's own words (the buttons of a message box, the file dialog, a text field's menu) in the app's language.

Qt ships no Indonesian translation. Its strings are listed here by the context Qt asks for them in, marked for
the one catalogue, and a translator installed on the application answers Qt from that catalogue. A string not
listed is left to Qt (English), and the translation test fails if a dialog the app opens shows one.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QCoreApplication, QObject, QTranslator

from pos import i18n
from pos.i18n import N_

QT_WORDS: Final[dict[str, frozenset[str]]] = {
    # The standard buttons of message boxes and button boxes.
    "QPlatformTheme": frozenset(
        {
            N_("&Yes"),
            N_("&No"),
            N_("OK"),
            N_("Cancel"),
            N_("Open"),
            N_("Save"),
            N_("Save All"),
            N_("Close"),
            N_("Discard"),
            N_("Apply"),
            N_("Reset"),
            N_("Restore Defaults"),
            N_("Help"),
            N_("Abort"),
            N_("Retry"),
            N_("Ignore"),
            N_("Yes to &All"),
            N_("N&o to All"),
        }
    ),
    "QMessageBox": frozenset({N_("Show Details..."), N_("Hide Details...")}),
    # Qt's own file dialog (the app always uses it, so it speaks the app's language on every system).
    "QFileDialog": frozenset(
        {
            N_("&Look in:"),
            N_("File &name:"),
            N_("Files of &type:"),
            N_("Directory:"),
            N_("&Open"),
            N_("&Save"),
            N_("&Choose"),
            N_("&Delete"),
            N_("&Rename"),
            N_("&New Folder"),
            N_("New Folder"),
            N_("Show &hidden files"),
            N_("All Files (*)"),
            N_("Back"),
            N_("Forward"),
            N_("Go back"),
            N_("Go forward"),
            N_("Parent Directory"),
            N_("Go to the parent directory"),
            N_("Create New Folder"),
            N_("Create a New Folder"),
            N_("List View"),
            N_("Detail View"),
            N_("Change to list view mode"),
            N_("Change to detail view mode"),
            N_("List of places and bookmarks"),
            N_("Sidebar"),
            N_("Files"),
            N_("Directories"),
            N_("Recent Places"),
            N_("%1 already exists.\nDo you want to replace it?"),
            N_("Are you sure you want to delete '%1'?"),
            N_("%1\nFile not found.\nPlease verify the correct file name was given."),
            N_("%1\nDirectory not found.\nPlease verify the correct directory name was given."),
        }
    ),
    "QFileSystemModel": frozenset({N_("Name"), N_("Size"), N_("Type"), N_("Date Modified"), N_("Computer")}),
    "QAbstractFileIconProvider": frozenset({N_("Folder"), N_("Drive"), N_("Unknown")}),
    # A text field's right-click menu.
    "QLineEdit": frozenset(
        {N_("&Undo"), N_("&Redo"), N_("Cu&t"), N_("&Copy"), N_("&Paste"), N_("Delete"), N_("Select All")}
    ),
}


class CatalogueTranslator(QTranslator):
    """Answers Qt from the app's catalogue for the words in `QT_WORDS`; leaves everything else to Qt."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        # None, not "": Qt reads an empty string as a translation and would show a blank button.
        if i18n.language() == "en" or source not in QT_WORDS.get(context, frozenset()):
            return None
        return i18n._(source)

    def isEmpty(self) -> bool:
        return False


def install(app: QCoreApplication, owner: QObject | None = None) -> CatalogueTranslator:
    """Put the catalogue's translator on `app` (once); it follows `i18n.set_language` from then on."""
    found = app.findChild(CatalogueTranslator)
    if isinstance(found, CatalogueTranslator):
        return found
    translator = CatalogueTranslator(owner or app)
    app.installTranslator(translator)
    return translator
