"""`laci print test`, `laci print receipt NUMBER` and `laci print pending`, run as a separate process."""

from __future__ import annotations

import contextlib
import shutil
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from cli_support import laci
from shop_support import code, sell, set_up_counter

from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.money import Money
from pos.ledger.counter.payments import Payment
from pos.ledger.shop import settings
from pos.ledger.shop.opening import open_database


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A shop with a counter and one sale, A-20261122-0001, queued for the `preview:` printer; made once, copied."""
    data = tmp_path_factory.mktemp("made")
    assert laci("--data-dir", str(data), "init", "--shop-name", "Warung Bu Sri").returncode == 0
    db = open_database(data / "laci.sqlite3")
    counter = set_up_counter(db)
    with db.write() as s:
        settings.put(s, "printer.uri", "preview:")
    sell(counter, counter.cashier, [(code(1), 2)], [Payment("cash", Money(20_000))])
    with db.write() as s:
        settings.put(s, "printer.uri", "")
    db.dispose()
    return data


@pytest.fixture
def data(made: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(made, tmp_path, dirs_exist_ok=True))


@contextmanager
def network_printer() -> Iterator[tuple[str, list[bytes]]]:
    """A printer on 127.0.0.1 that keeps what it is sent and answers status requests."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(30)
    received: list[bytes] = []

    def serve() -> None:
        with contextlib.suppress(OSError):
            conn, _ = listener.accept()
            with conn:
                conn.settimeout(30)
                data = b""
                while chunk := conn.recv(4096):
                    data += chunk
                    if chunk.endswith((b"\x10\x04\x01", b"\x10\x04\x04")):
                        conn.sendall(b"\x12")
                received.append(data)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"tcp://127.0.0.1:{listener.getsockname()[1]}", received
    finally:
        thread.join(30)
        listener.close()


def test_a_copy_of_a_receipt(data: Path) -> None:
    result = laci(
        "--data-dir", str(data), "--lang", "en", "print", "receipt", "a-20261122-0001", "--printer", "preview:"
    )
    assert result.returncode == 0, result.stderr
    assert "*** COPY ***" in result.stdout and "A-20261122-0001" in result.stdout and "Rp 10.000" in result.stdout
    assert "A copy of receipt A-20261122-0001 went to preview:." in result.stdout


def test_an_unknown_receipt_is_exit_3_and_no_printer_exit_2(data: Path) -> None:
    unknown = laci("--data-dir", str(data), "--lang", "en", "print", "receipt", "A-1", "--printer", "preview:")
    assert unknown.returncode == 3 and "No sale has receipt number A-1." in unknown.stderr
    no_printer = laci("--data-dir", str(data), "--lang", "en", "print", "receipt", "A-20261122-0001")
    assert no_printer.returncode == 2 and "No receipt printer is set up. Name one with --printer" in no_printer.stderr


def test_a_test_slip_over_the_network(data: Path) -> None:
    with network_printer() as (uri, received):
        result = laci("--data-dir", str(data), "--lang", "en", "print", "test", "--printer", uri)
    assert result.returncode == 0, result.stderr
    assert f"The test slip went to {uri} (32 columns)." in result.stdout
    [sent] = received
    # Paper, then the printer's state, asked before anything is sent; then the slip.
    assert sent.startswith(b"\x10\x04\x04\x10\x04\x01\x1b@") and b"Warung Bu Sri" in sent and b"32 columns" in sent
    assert b"\x1d(k" in sent and b"\x1dV" in sent and b"\x1bp" not in sent


def test_printer_problems_say_why_and_exit_by_kind(data: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
    off = laci("--data-dir", str(data), "--lang", "en", "print", "test", "--printer", f"tcp://127.0.0.1:{port}")
    assert off.returncode == 6 and f"The printer tcp://127.0.0.1:{port} cannot be reached." in off.stderr
    bad = laci("--data-dir", str(data), "--lang", "en", "print", "test", "--printer", "printer-kasir")
    assert bad.returncode == 2 and "'printer-kasir' is not a printer address." in bad.stderr
    assert "Traceback" not in off.stderr + bad.stderr


def test_the_queue_from_the_terminal(data: Path) -> None:
    result = laci("--data-dir", str(data), "--lang", "en", "print", "pending", "--printer", "preview:")
    assert result.returncode == 0, result.stderr
    assert "A-20261122-0001" in result.stdout and "Slips printed: 1." in result.stdout
    again = laci("--data-dir", str(data), "--lang", "en", "print", "pending", "--printer", "preview:")
    assert again.returncode == 0 and "Slips printed: 0." in again.stdout


def _queue_two_slips(data: Path, uri: str) -> None:
    """A cash sale queued (its drawer kick and its receipt) for the printer at `uri`."""
    db = open_database(data / "laci.sqlite3")
    counter = set_up_counter(db)
    with db.write() as s:
        settings.put(s, "printer.uri", uri)
    sell(counter, counter.cashier, [(code(1), 1)], [Payment("cash", Money(10_000))], at=utc_now())
    db.dispose()


def test_the_queue_from_the_terminal_says_what_waits_and_why_in_indonesian(tmp_path: Path) -> None:
    assert laci("--data-dir", str(tmp_path), "init", "--shop-name", "Warung Bu Sri").returncode == 0
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
    uri = f"tcp://127.0.0.1:{port}"
    _queue_two_slips(tmp_path, uri)
    run = laci("--data-dir", str(tmp_path), "print", "pending")
    assert run.returncode == 1
    assert f"Printer {uri} tidak bisa dihubungi." in run.stderr + run.stdout
    assert "WARNING" not in run.stderr and "Traceback" not in run.stderr  # only what a shopkeeper reads
    status = laci("--data-dir", str(tmp_path), "print", "status")
    assert status.returncode == 1
    assert "Printer: 2 slip menunggu" in status.stdout
    number = f"A-{business_date(utc_now()):%Y%m%d}-0001"
    assert f"Laci kas ({number})" in status.stdout and f"Struk {number}" in status.stdout
    assert "tidak bisa dihubungi" in status.stdout


def test_a_printer_that_takes_the_slip_and_never_answers_is_not_said_to_have_printed(data: Path) -> None:
    """A blackhole: it takes the connection and reads nothing. `print test` used to say it went, and exit 0."""
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    thread = threading.Thread(target=lambda: held.append(listener.accept()[0]), daemon=True)
    thread.start()
    try:
        uri = f"tcp://127.0.0.1:{listener.getsockname()[1]}"
        result = laci("--data-dir", str(data), "--lang", "en", "print", "test", "--printer", uri)
    finally:
        thread.join(5)
        for conn in held:
            conn.close()
        listener.close()
    assert result.returncode == 1
    assert f"The slip was sent to {uri}, but the printer did not confirm it" in result.stderr
    assert "went to" not in result.stdout
