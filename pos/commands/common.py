"""What every subcommand shares: opening the shop's database from the global options, printing results."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

from pos.i18n import N_, _
from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.shop.opening import open_database
from pos.paths import data_dir, database_path

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_BAD_INPUT = 2


def open_shop_db(args: argparse.Namespace) -> Database:
    return open_database(database_path(data_dir(args.data_dir)))


@contextmanager
def shop_session(args: argparse.Namespace, *, write: bool = False) -> Iterator[Session]:
    """One read (or write) transaction on the shop in `args.data_dir`, the database closed after it."""
    db = open_shop_db(args)
    try:
        with db.write() if write else db.read() as session:
            yield session
    finally:
        db.dispose()


def has_database(args: argparse.Namespace) -> bool:
    return database_path(data_dir(args.data_dir)).exists()


def fail(message: str, code: int = EXIT_BAD_INPUT) -> int:
    print(_("Error: {message}").format(message=message), file=sys.stderr)
    return code


def table(lines: Sequence[Sequence[str]], header: Sequence[str] | None = None) -> str:
    """Left-aligned first column, right-aligned figures."""
    every = [list(header)] + [list(x) for x in lines] if header else [list(x) for x in lines]
    if not every:
        return ""
    widths = [max(len(r[i]) for r in every if i < len(r)) for i in range(max(len(r) for r in every))]
    out = []
    for row in every:
        cells = [row[0].ljust(widths[0])] + [c.rjust(widths[i]) for i, c in enumerate(row[1:], 1)]
        out.append("  ".join(cells).rstrip())
    return "\n".join(out)


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def ask_secret(prompt: str) -> str | None:
    """A PIN from the keyboard without echo, or one line from standard input when it is not a terminal.

    Secrets are never taken from the command line, where they would land in the shell's history and `ps`.
    Returns None when standard input is closed (nothing to read).
    """
    import getpass

    if sys.stdin is None:
        return None
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    line = sys.stdin.readline()
    return line.strip() if line else None


def ask_new_pin(prompt: str) -> str | None:
    """A new PIN typed twice (once when read from a pipe)."""
    pin = ask_secret(prompt)
    if pin is None:
        return None
    if sys.stdin.isatty():
        again = ask_secret(_("Type the PIN again: "))
        if again != pin:
            raise InvalidInput(N_("The two PINs differ."))
    return pin
