"""What every subcommand shares: opening the shop's database from the global options, printing results."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Final

from sqlalchemy.orm import Session

from pos.i18n import N_, _
from pos.ledger.base.db import Database
from pos.ledger.base.errors import (
    BooksProblem,
    Conflict,
    InvalidInput,
    LedgerError,
    NotAllowed,
    NotFound,
    Unavailable,
)
from pos.ledger.shop.opening import open_database
from pos.paths import data_dir, database_path

# How `laci` ends, one code per kind of outcome, so a script can tell "fix what you typed" from "try again
# later" from "restore a backup". Listed in `laci --help` (EXIT_CODES) and in the README.
EXIT_OK = 0
EXIT_PROBLEM = 1  # the command ran and reports something to look at: a slip not confirmed, a statement that fails
EXIT_BAD_INPUT = 2  # the request is wrong (argparse uses 2 for a wrong option as well)
EXIT_NOT_FOUND = 3
EXIT_REFUSED = 4
# Damaged is also what `laci check` ends with when it finds problems in the books: what it finds (a broken chain,
# an unbalanced entry, a figure that disagrees with its records) is exactly a `BooksProblem`, and a nightly script
# must react to it as to a damaged file at start, not as to an unconfirmed slip.
EXIT_DAMAGED = 5
EXIT_UNAVAILABLE = 6
EXIT_BUG = 7

# Each kind of the core's errors (pos/ledger/base/errors.py) and its code. A kind may be a kind of another
# (`Conflict` is an `InvalidInput`, so screens show it alike): `exit_code` takes the most specific one listed.
ERROR_EXITS: Final[dict[type[LedgerError], int]] = {
    InvalidInput: EXIT_BAD_INPUT,
    Conflict: EXIT_REFUSED,
    NotFound: EXIT_NOT_FOUND,
    NotAllowed: EXIT_REFUSED,
    BooksProblem: EXIT_DAMAGED,
    Unavailable: EXIT_UNAVAILABLE,
}

EXIT_CODES: Final = (
    (EXIT_OK, N_("done")),
    (EXIT_PROBLEM, N_("done, and it reports something to look at (a slip not confirmed, a statement that fails)")),
    (EXIT_BAD_INPUT, N_("wrong input: an option, a number, a file's contents")),
    (EXIT_NOT_FOUND, N_("not found: the shop, a product, a customer or a sale named is not there")),
    (
        EXIT_REFUSED,
        N_("refused: a rule, a user's rights or the state of what it names (already done, in use) forbid it"),
    ),
    (
        EXIT_DAMAGED,
        N_("damaged: the database will not open, or 'laci check' found problems in the books (restore a backup)"),
    ),
    (EXIT_UNAVAILABLE, N_("not available now: the disk, a file, a printer, the network or the cloud")),
    (EXIT_BUG, N_("a fault in Laci itself: please report it with the message")),
)


def exit_code(err: LedgerError) -> int:
    """The code for `err`: that of the first of its classes with one, the most specific first (a `Conflict` is
    refused though it is an `InvalidInput`; a sync address typed wrong is wrong input before a sync error)."""
    for kind in type(err).__mro__:
        if kind in ERROR_EXITS:
            return ERROR_EXITS[kind]
    return EXIT_BAD_INPUT  # a LedgerError of no kind: the request, as before kinds were told apart


def os_exit(err: OSError) -> int:
    """The code for a file the command could not read or write: a name typed wrong is not found, the rest (held by
    another program, no room, a drive gone) not available."""
    return EXIT_NOT_FOUND if isinstance(err, FileNotFoundError) else EXIT_UNAVAILABLE


def exit_codes_help() -> str:
    """The list of exit codes for `laci --help`, in the current language."""
    lines = [_("Exit codes:")]
    lines += [f"  {code}  {_(text)}" for code, text in EXIT_CODES]
    return "\n".join(lines)


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


def fail(message: str, code: int) -> int:
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
