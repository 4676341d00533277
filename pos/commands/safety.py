"""`laci backup` and `laci restore`: copies of the shop's books, and putting one back."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from pos.commands.common import EXIT_NOT_FOUND, EXIT_OK, fail
from pos.i18n import _
from pos.ledger.base.files import replace_patiently
from pos.ledger.shop import backup, settings
from pos.ledger.shop.opening import open_database
from pos.paths import data_dir, database_path


def register(sub: Any) -> None:
    take = sub.add_parser("backup", help=_("copy the shop's database now (it keeps selling meanwhile)"))
    take.add_argument("--out", help=_("the folder or file to write (default: the shop's backup folder)"))
    take.set_defaults(handler=run_backup)
    put = sub.add_parser("restore", help=_("put a backup back in place of the shop's database"))
    put.add_argument("file", help=_("the backup file"))
    put.set_defaults(handler=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    path = database_path(data_dir(args.data_dir))
    if not path.exists():
        return fail(_("There is no shop database here yet."), EXIT_NOT_FOUND)
    db = open_database(path)
    try:
        with db.read() as session:
            folder = backup.backup_folder(path, settings.load(session).backup_folder)
    finally:
        db.dispose()
    out = Path(args.out).expanduser() if args.out else folder
    if args.out and out.suffix == ".sqlite3":
        made = backup.take_backup(path, out.parent, "manual")
        replace_patiently(made.path, out)
        written = out
    else:
        written = backup.take_backup(path, out, "manual").path
    print(_("Backup written: {path}").format(path=written))
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:
    path = database_path(data_dir(args.data_dir))
    source = backup.find_backup(args.file)
    kept = backup.restore(source, path)
    print(_("Restored from {file}.").format(file=source))
    if kept is not None:
        print(_("The database it replaced is kept as {path}.").format(path=kept))
    db = open_database(path)  # migrates an older backup to today's schema, after copying it aside
    db.dispose()
    return EXIT_OK
