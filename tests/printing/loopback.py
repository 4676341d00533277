"""A receipt printer on 127.0.0.1 that misbehaves as real ones do, and counts what it really read.

One connection at a time, as a printer on port 9100 takes them (others wait in the listen queue). Each fault is a
mode, set before or between runs:

- `refuse`: nothing listens (a printer switched off);
- `blackhole`: the connection is taken and nothing is ever read or answered (a hung network card);
- `close_after=N` / `reset_after=N`: hang up politely (FIN) or with a reset once N bytes of a connection are read;
- `paper_out`, `cover_open`: the sensors say so when asked (and the printer keeps reading, as real ones do);
- `slow`: read in small bites with a pause between;
- `silent`: never answer a status request (cheap printers), or `garbage`: answer with bytes that are no status;
- `answers_then_blackhole`: answer the questions before the first slip, then stop reading altogether.

`receipts(number)` counts the whole slips that carry a receipt number, and `kicks()` the drawer pulses, over
every connection.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

PAPER = b"\x10\x04\x04"
PRINTER = b"\x10\x04\x01"
OFFLINE_CAUSE = b"\x10\x04\x02"
KICK = b"\x1bp\x00"
CUT = b"\x1dV"
INIT = b"\x1b@"
FEED = b"\x1bd"
OK = 0x12
PAPER_END = 0x72
OFFLINE = 0x1A  # bit 3 set
COVER_OPEN = 0x16  # bit 2 set


@dataclass
class LoopbackPrinter:
    port: int = 0
    blackhole: bool = False
    close_after: int | None = None
    reset_after: int | None = None
    paper_out: bool = False
    cover_open: bool = False
    slow: float = 0.0  # seconds between bites of `bite` bytes
    bite: int = 4096
    silent: bool = False
    garbage: bool = False
    answers_then_blackhole: bool = False
    receive_buffer: int | None = None
    sessions: list[bytes] = field(default_factory=list)
    questions: int = 0

    def __post_init__(self) -> None:
        self._listener: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._held: list[socket.socket] = []

    @property
    def uri(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def start(self) -> LoopbackPrinter:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if self.receive_buffer is not None:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, self.receive_buffer)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(8)
        listener.settimeout(0.05)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._stop.clear()
        self._thread = threading.Thread(target=self._serve, name="loopback-printer", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)
        if self._listener is not None:
            self._listener.close()
        for conn in self._held:
            with contextlib.suppress(OSError):
                conn.close()
        self._listener = self._thread = None
        self._held = []

    # --- what it read ------------------------------------------------------------------------------------

    @property
    def received(self) -> bytes:
        with self._lock:
            return b"".join(self.sessions)

    def kicks(self) -> int:
        return self.received.count(KICK)

    def receipts(self, number: str) -> int:
        """Whole slips with `number` on them, over every connection: each job starts with ESC @, and a whole one
        carries the number and, after it, the feed to the tear-off edge (ESC d) that comes before any cut."""
        whole = 0
        with self._lock:
            sessions = list(self.sessions)
        for data in sessions:
            for job in data.split(INIT)[1:]:
                at = job.find(number.encode())
                if at != -1 and job.find(FEED, at) != -1:
                    whole += 1
        return whole

    # --- the printer ----------------------------------------------------------------------------------------

    def _serve(self) -> None:
        assert self._listener is not None
        while not self._stop.is_set():
            try:
                conn, _addr = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            if self.blackhole:
                self._held.append(conn)  # taken, never read, never closed
                continue
            try:
                self._talk(conn)
            finally:
                if conn not in self._held:
                    with contextlib.suppress(OSError):
                        conn.close()

    def _answer(self, conn: socket.socket, request: bytes) -> None:
        self.questions += 1
        if self.silent:
            return
        if self.garbage:
            conn.sendall(b"\x00\xff")
            return
        if request == PAPER:
            conn.sendall(bytes([PAPER_END if self.paper_out else OK]))
        elif request == PRINTER:
            conn.sendall(bytes([OFFLINE if self.cover_open or self.paper_out else OK]))
        elif request == OFFLINE_CAUSE:
            conn.sendall(bytes([COVER_OPEN if self.cover_open else (0x32 if self.paper_out else OK)]))

    def _talk(self, conn: socket.socket) -> None:
        conn.settimeout(0.05)
        with self._lock:
            self.sessions.append(b"")
            index = len(self.sessions) - 1
        pending = b""  # a status request split across reads
        while not self._stop.is_set():
            try:
                chunk = conn.recv(self.bite)
            except TimeoutError:
                continue
            except OSError:
                return
            if not chunk:
                return
            if self.answers_then_blackhole and self.questions >= 2 and chunk not in (PAPER, PRINTER, OFFLINE_CAUSE):
                # The slip starts: from here on nothing is read (this bite never reaches the print head).
                self._held.append(conn)
                while not self._stop.is_set():
                    time.sleep(0.05)
                return
            with self._lock:
                self.sessions[index] += chunk
                got = len(self.sessions[index])
            if self.reset_after is not None and got >= self.reset_after:
                self.reset_after = None
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                return
            if self.close_after is not None and got >= self.close_after:
                self.close_after = None
                conn.shutdown(socket.SHUT_RDWR)
                return
            data = pending + chunk
            position = 0
            while (found := data.find(b"\x10\x04", position)) != -1 and found + 3 <= len(data):
                request = data[found : found + 3]
                if request in (PAPER, PRINTER, OFFLINE_CAUSE):
                    with contextlib.suppress(OSError):
                        self._answer(conn, request)
                position = found + 3
            pending = data[-2:] if data.endswith((b"\x10", b"\x10\x04")) else b""
            if self.slow:
                time.sleep(self.slow)


@contextlib.contextmanager
def running(printer: LoopbackPrinter) -> Iterator[LoopbackPrinter]:
    printer.start()
    try:
        yield printer
    finally:
        printer.stop()


def refused_uri() -> str:
    """A loopback address nothing listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return f"tcp://127.0.0.1:{s.getsockname()[1]}"
