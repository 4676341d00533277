"""`laci`'s exit codes as a script sees them: one per kind of outcome, each listed in `laci --help`, so "fix what
you typed" (2), "not there" (3), "refused" (4), "restore a backup" (5), "try again later" (6) and "a fault in Laci"
(7) can be told apart without reading the message."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import laci
from damage_support import damaged_shop

from pos.commands.common import EXIT_CODES

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
    for result in (customer, no_shop):
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
