"""Starting the desktop app: the language, the QApplication, the shop's database, the main window."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from sqlalchemy.orm import Session

from pos import __version__, i18n
from pos.i18n import _
from pos.ledger.base import data_lock
from pos.ledger.base.data_lock import DataFolderInUse
from pos.ledger.base.db import Database
from pos.ledger.base.drives import refuse_network_folder
from pos.ledger.books.approvals import Actor
from pos.ledger.setup.new_shop import needs_setup
from pos.ledger.shop import settings
from pos.ledger.shop.backup import daily_if_due, restore
from pos.ledger.shop.opening import DamagedDatabase, init_shop, is_initialised, open_database
from pos.ledger.shop.recovery import plan_recovery
from pos.logs import start_logging
from pos.paths import data_dir, database_path
from pos.ui import qt_words
from pos.ui.icons import app_icon
from pos.ui.main_window import MainWindow
from pos.ui.single_instance import InstanceServer, ask_first_instance, bring_forward
from pos.ui.tasks import TaskManager, failure_message, read_at_start, write_at_start
from pos.ui.widgets.style import STYLE, light_palette

log = logging.getLogger(__name__)

# A new data folder gets a bare shop under this name at once; the first-run setup then names it and adds its owner.
DEFAULT_SHOP_NAME = "Toko Saya"
MIN_POINT_SIZE = 11
EXIT_CANNOT_OPEN = 1


def make_application() -> QApplication:
    """The one QApplication (reused if it exists), named, in Fusion with Laci's light palette on every platform,
    and with a font that reads well at the counter."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Laci")
    app.setOrganizationName("")
    app.setWindowIcon(app_icon())
    hints = app.styleHints()
    if hasattr(hints, "setColorScheme"):  # Qt 6.8: the style's own colours follow this, not the desktop's mode
        hints.setColorScheme(Qt.ColorScheme.Light)
    app.setStyle(STYLE)
    app.setPalette(light_palette())
    qt_words.install(app)  # Qt's own buttons and file dialog in the shop's language
    font = app.font()
    if font.pointSizeF() < MIN_POINT_SIZE:
        font.setPointSizeF(MIN_POINT_SIZE)
        app.setFont(font)
    return app


def open_shop(directory: Path) -> Database:
    """Open (migrating first) the shop's database in `directory`, creating a bare shop on first start.

    This runs on the GUI thread before the window exists, as Anki loads a profile before its main window.
    """
    db = open_database(database_path(directory))
    # The bare shop (this counter, a placeholder name) lets the window show its books at once; while it has no
    # people, `run_gui` puts the first-run setup over the window, and the setup names the shop.
    try:
        write_at_start(db, _bare_shop)
    except BaseException:
        db.dispose()
        raise
    return db


def _bare_shop(session: Session) -> None:
    if not is_initialised(session):
        init_shop(session, DEFAULT_SHOP_NAME)


def _language(session: Session) -> str:
    return settings.load(session).language


def shop_language(db: Database) -> str:
    return read_at_start(db, _language)


def shop_needs_setup(db: Database) -> bool:
    return read_at_start(db, needs_setup)


def start_setup(window: MainWindow, tasks: TaskManager) -> QDialog:
    """The first-run setup over `window`: when it is done the login shows the new owner; closed before that,
    the app closes too (the shop has nobody to log in), and the setup comes back at the next start."""
    from pos.ui.setup.wizard import SetupWizard  # loaded only on a shop's first day, not at every start

    wizard = SetupWizard(tasks, window)
    wizard.ready.connect(lambda _owner: window.counter.login.load())
    # A shop that traded before Laci goes on to its opening balances (not the demo warung, which has its books).
    wizard.ready.connect(lambda owner: QTimer.singleShot(0, lambda: offer_opening(window, tasks, owner)))
    wizard.accepted.connect(lambda: daily_backup(tasks, window))
    # Closed from the event loop: a window closed before `app.exec()` runs would leave the app running unseen.
    wizard.rejected.connect(lambda: QTimer.singleShot(0, window.close))
    wizard.open()
    return wizard


def offer_opening(window: MainWindow, tasks: TaskManager, owner: Actor | None) -> QDialog | None:
    """The opening balances, right after the first-run setup of a shop of its own; "Later" leaves them for the
    money screen."""
    from pos.ui.opening.dialog import OpeningDialog  # loaded only on a shop's first day, not at every start

    if owner is None:
        return None
    dialog = OpeningDialog(tasks, owner, window, first_run=True)
    dialog.open()
    return dialog


def daily_backup(tasks: TaskManager, window: MainWindow) -> None:
    """Today's copy, if it is still to be made, on the I/O pool. A copy that cannot be made (a USB stick not
    plugged in, a full stick) is said in the window with the way out, not only in the log."""
    db = tasks.db

    def failed(error: BaseException) -> None:
        log.warning("daily backup failed: %s", error)
        window.show_error(_("Today's backup was not made. {reason}").format(reason=failure_message(error)))

    tasks.run_io(lambda: daily_if_due(db), None, failed)


def create_main_window(db: Database, tasks: TaskManager, *, read_books: bool = True) -> MainWindow:
    """The main window over `db`, shown by the caller; with `read_books`, the books' first read is queued.

    The app itself starts without reading the books: the full check of a shop with a long history holds the one
    database worker for many seconds, and the cashier's login and first scans would wait behind it. The owner's
    Books tab reads them when it is first opened.
    """
    if tasks.db is not db:
        raise ValueError("the task manager must run on the same database as the window")
    window = MainWindow(tasks)
    if read_books:
        window.refresh()
    return window


def offer_restore_at_start(directory: Path, damage: DamagedDatabase, *, language_chosen: bool) -> Database | None:
    """The damaged-database dialog, in the shop's own language if the damaged file still tells it."""
    from pos.ui.damaged import offer_restore  # loaded only on the bad day it is needed

    plan = plan_recovery(database_path(directory))
    if not language_chosen and plan.language:
        i18n.set_language(plan.language)
    return offer_restore(plan, str(damage), lambda: open_shop(directory))


def run_gui(args: argparse.Namespace, on_shown: Callable[[MainWindow], None] | None = None) -> int:
    """`laci` with no subcommand: open the shop in `args.data_dir` and run the window until it is closed.

    One window per data folder: when another Laci has the folder, its window is brought forward and this start
    ends. `on_shown` is called with the window once it is shown; scripted starts (the start-up benchmark) use it
    to log in the way a person would.
    """
    start_logging()
    if args.lang:
        i18n.set_language(args.lang)
    app = make_application()
    directory = data_dir(args.data_dir)
    try:
        refuse_network_folder(directory)
        data_lock.hold(directory)
    except DataFolderInUse as busy:
        if ask_first_instance(directory):
            log.info("Laci is already open on %s: that window was brought forward", directory)
            return 0
        QMessageBox.information(None, "Laci", str(busy))
        return EXIT_CANNOT_OPEN
    except Exception as error:
        return cannot_open(error)
    log.info("Laci %s is open on %s", __version__, directory)
    instance = InstanceServer(directory)
    try:
        return run_window(app, args, directory, instance, on_shown)
    finally:
        instance.close()
        data_lock.let_go(directory)


def cannot_open(error: Exception) -> int:
    log.error("Could not open the shop's database", exc_info=error)
    message = _("Laci could not open the shop's data: {error}").format(error=failure_message(error))
    QMessageBox.critical(None, "Laci", message)
    return EXIT_CANNOT_OPEN


def run_window(
    app: QApplication,
    args: argparse.Namespace,
    directory: Path,
    instance: InstanceServer,
    on_shown: Callable[[MainWindow], None] | None,
) -> int:
    """The window over the shop in `directory`, which this program holds, until it is closed.

    A window closed to restore a backup (Settings, Backups) is followed by the restore and a new window over the
    restored shop; the data folder stays held throughout, so no other Laci starts in between.
    """
    shown: list[MainWindow] = []
    instance.show_requested.connect(lambda: bring_forward(shown[-1]) if shown else None)
    note = ""
    while True:
        try:
            db = open_shop(directory)
        except DamagedDatabase as damage:
            log.error("The shop's database is damaged", exc_info=damage)
            restored = offer_restore_at_start(directory, damage, language_chosen=bool(args.lang))
            if restored is None:
                return EXIT_CANNOT_OPEN
            db = restored
        except Exception as error:
            return cannot_open(error)
        if not args.lang:
            i18n.set_language(shop_language(db))
        tasks = TaskManager(db)
        first_day = shop_needs_setup(db)
        window = create_main_window(db, tasks, read_books=False)
        shown.append(window)
        window.show_placed()
        window.sync.start(first_round_ms=5_000)  # on the I/O pool, once the counter is ready
        window.printing.start()  # slips left waiting from before print as soon as the printer takes them
        if first_day:
            start_setup(window, tasks)  # the backup waits for a shop worth keeping
        else:
            daily_backup(tasks, window)
        if note:
            window.statusBar().showMessage(note)
        if on_shown is not None:
            on_shown(window)
        try:
            code = app.exec()
        finally:
            window.printing.stop()
            tasks.shutdown()
            db.dispose()
        if window.restore_from is None:
            return code
        note = restore_closed_shop(window.restore_from, directory)


def restore_closed_shop(source: Path, directory: Path) -> str:
    """Put `source` in place of the closed shop's database; what to tell the owner in the window that follows."""
    try:
        kept = restore(source, database_path(directory))
    except Exception as error:
        log.error("The backup %s was not restored", source, exc_info=error)
        message = _("The backup was not restored: {error}").format(error=failure_message(error))
        QMessageBox.critical(None, "Laci", message)
        return message
    log.info("Restored %s; the data it replaced is kept as %s", source, kept)
    done = _("Restored from {file}.").format(file=source)
    return done if kept is None else f"{done} " + _("The database it replaced is kept as {path}.").format(path=kept)
