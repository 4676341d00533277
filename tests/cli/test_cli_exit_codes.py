"""`laci`'s exit codes as a script sees them: one per kind of outcome, each listed in `laci --help`, so "fix what
you typed" (2), "not there" (3), "refused" (4, by a rule, a user's rights or the state of what it names),
"restore a backup" (5, a damaged file or problems `laci check` found), "try again later" (6) and "a fault in Laci"
(7) can be told apart without reading the message."""

from __future__ import annotations

import datetime as dt
import inspect
import re
import socket
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from cli_support import laci
from damage_support import damaged_shop

from pos.commands.common import (
    ERROR_EXITS,
    EXIT_BAD_INPUT,
    EXIT_CODES,
    EXIT_DAMAGED,
    EXIT_NOT_FOUND,
    EXIT_REFUSED,
    EXIT_UNAVAILABLE,
    exit_code,
)
from pos.ledger.base import errors
from pos.ledger.base.errors import (
    BooksProblem,
    Conflict,
    InvalidInput,
    LedgerError,
    NotAllowed,
    NotFound,
    Unavailable,
)
from pos.ledger.books.approvals import NeedsApproval
from pos.sync.client import NotEnrolled, SyncSetupWrong

OWNER_PIN = "2468"


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("shop")
    made = laci("--data-dir", str(data), "init", "--shop-name", "Warung", "--owner", "Bu Sri", stdin=f"{OWNER_PIN}\n")
    assert made.returncode == 0, made.stderr
    return data


def _no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr


def test_help_lists_every_code_in_the_users_language() -> None:
    english = laci("--lang", "en", "--help")
    assert english.returncode == 0
    listed = re.findall(r"^ {2}(\d) {2}(.+)$", english.stdout.split("Exit codes:")[1], flags=re.MULTILINE)
    assert [(int(code), text) for code, text in listed] == [(code, str(text)) for code, text in EXIT_CODES]
    assert [int(c) for c, _ in listed] == list(range(8))
    indonesian = laci("--lang", "id", "--help")
    assert "Kode keluar:" in indonesian.stdout and "pulihkan dari cadangan" in indonesian.stdout


def test_wrong_input_is_2(shop: Path) -> None:
    typed = laci("--lang", "en", "--data-dir", str(shop), "qris", "hello", "--amount", "1000")
    assert typed.returncode == 2 and "Error:" in typed.stderr
    address = laci("--lang", "en", "--data-dir", str(shop), "print", "test", "--printer", "printer-kasir")
    assert address.returncode == 2 and "is not a printer address" in address.stderr
    option = laci("--data-dir", str(shop), "report", "--no-such-option")  # argparse's own code for a usage error
    assert option.returncode == 2
    for result in (typed, address):
        _no_traceback(result)


def test_what_is_not_there_is_3(shop: Path, tmp_path: Path) -> None:
    customer = laci("--lang", "en", "--data-dir", str(shop), "customers", "statement", "Nobody")
    assert customer.returncode == 3 and "No customer is called Nobody." in customer.stderr
    no_shop = laci("--lang", "en", "--data-dir", str(tmp_path / "empty"), "backup")
    assert no_shop.returncode == 3 and "There is no shop database here yet." in no_shop.stderr
    pack = laci("--lang", "en", "--data-dir", str(shop), "verify", "LACI-ABCD-EFGH-JKLM-NPQR")  # well formed
    assert pack.returncode == 3 and "No pack with code LACI-ABCD-EFGH-JKLM-NPQR was made" in pack.stderr
    for result in (customer, no_shop, pack):
        _no_traceback(result)


def test_what_a_rule_forbids_is_4(shop: Path) -> None:
    wrong_pin = laci("--lang", "en", "--data-dir", str(shop), "user", "add", "Budi", stdin="1111\n")
    assert wrong_pin.returncode == 4 and "That is not the owner's PIN." in wrong_pin.stderr
    no_pin = laci("--lang", "en", "--data-dir", str(shop), "user", "add", "Budi", stdin="")
    assert no_pin.returncode == 4 and "The owner's PIN is needed to add a user." in no_pin.stderr
    demo = laci("--lang", "en", "--data-dir", str(shop), "demo")
    assert demo.returncode == 4 and "already has data" in demo.stderr
    for result in (wrong_pin, no_pin, demo):
        _no_traceback(result)
    assert "Budi" not in laci("--data-dir", str(shop), "user", "list").stdout


def _rows(path: Path) -> list[str]:
    """Every row of the shop's database as SQL, to show that a refused command wrote nothing."""
    with closing(sqlite3.connect(path)) as conn:
        return list(conn.iterdump())


def test_a_state_that_forbids_it_is_4_says_why_and_changes_nothing(tmp_path: Path) -> None:
    # The request is right in itself (the same one went in a moment ago); what it names, the month's
    # depreciation, is already booked. A script must not "fix its input" and try again: it is refused.
    shop = tmp_path / "shop"
    made = laci("--data-dir", str(shop), "init", "--shop-name", "Warung", "--owner", "Bu Sri", stdin=f"{OWNER_PIN}\n")
    assert made.returncode == 0, made.stderr
    start = (dt.date.today() - dt.timedelta(days=70)).replace(day=1)
    opened = laci(
        "--data-dir", str(shop), "opening", "post", "--date", start.isoformat(), "--equipment", "Kulkas=3.600.000/36"
    )
    assert opened.returncode == 0, opened.stderr
    book = ("--data-dir", str(shop), "journal", "depreciation", "--book", f"{start:%Y-%m}")
    first = laci(*book)
    assert first.returncode == 0, first.stderr
    before = _rows(shop / "laci.sqlite3")
    again = laci(*book)  # in Indonesian, the shop's language
    assert again.returncode == 4, again.stderr
    assert again.stderr.startswith("Kesalahan: Penyusutan ") and "sudah dibukukan." in again.stderr
    _no_traceback(again)
    assert _rows(shop / "laci.sqlite3") == before


class _Taken(Conflict):
    """A state conflict of a room of its own, as the core may add."""


class _RefusedOnTheWay(Conflict, Unavailable):
    """Of two kinds at once: the first in its classes' order speaks."""


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (InvalidInput("x"), EXIT_BAD_INPUT),
        (Conflict("x"), EXIT_REFUSED),  # an InvalidInput, but its own kind comes first
        (_Taken("x"), EXIT_REFUSED),
        (_RefusedOnTheWay("x"), EXIT_REFUSED),
        (NotFound("x"), EXIT_NOT_FOUND),
        (NotAllowed("x"), EXIT_REFUSED),
        (NeedsApproval("open_drawer"), EXIT_REFUSED),
        (BooksProblem("x"), EXIT_DAMAGED),
        (Unavailable("x"), EXIT_UNAVAILABLE),
        (SyncSetupWrong("x"), EXIT_BAD_INPUT),  # an address typed wrong is wrong input before a sync error
        (NotEnrolled("x"), EXIT_REFUSED),
        (LedgerError("x"), EXIT_BAD_INPUT),  # of no kind: the request, as before kinds were told apart
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, LedgerError) else str(value),
)
def test_the_table_gives_each_kind_its_code_the_most_specific_first(error: LedgerError, code: int) -> None:
    assert exit_code(error) == code


def test_every_kind_the_core_names_has_a_code() -> None:
    kinds = {
        kind
        for _name, kind in inspect.getmembers(errors, inspect.isclass)
        if issubclass(kind, LedgerError) and kind is not LedgerError
    }
    assert kinds == set(ERROR_EXITS)


def test_a_damaged_database_is_5(tmp_path: Path) -> None:
    path = damaged_shop(tmp_path / "shop", None)
    before = path.read_bytes()
    result = laci("--lang", "en", "--data-dir", str(path.parent), "report", "daily")
    assert result.returncode == 5 and "laci restore" in result.stderr
    _no_traceback(result)
    assert path.read_bytes() == before


def test_a_printer_that_cannot_be_reached_is_6(shop: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]  # closed again below: nothing listens there
    result = laci("--lang", "en", "--data-dir", str(shop), "print", "test", "--printer", f"tcp://127.0.0.1:{port}")
    assert result.returncode == 6 and f"The printer tcp://127.0.0.1:{port} cannot be reached." in result.stderr
    _no_traceback(result)


def test_a_cloud_that_cannot_be_reached_is_6(shop: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
    result = laci("--lang", "en", "--data-dir", str(shop), "sync", "enrol", f"http://127.0.0.1:{port}", "CODE")
    assert result.returncode == 6 and "The cloud cannot be reached now" in result.stderr
    _no_traceback(result)


def test_a_fault_in_laci_is_7_with_its_traceback(shop: Path) -> None:
    # A command whose code fails as only a bug would: the traceback is printed for the report, and the code says
    # it is none of the kinds above.
    code = (
        "import sys\n"
        "import pos.commands.qris as qris\n"
        "def broken(args):\n"
        "    raise KeyError('a bug')\n"
        "qris.run = broken\n"
        "from pos import cli\n"
        "sys.exit(cli.main(sys.argv[1:]))\n"
    )
    args = ["--lang", "en", "--data-dir", str(shop), "qris", "x", "--amount", "1"]
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)
    assert result.returncode == 7
    assert "Traceback" in result.stderr and "KeyError: 'a bug'" in result.stderr
    assert "This is a fault in Laci, not in what you did." in result.stderr
