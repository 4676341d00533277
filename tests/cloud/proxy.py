"""A loopback HTTP proxy between counters and the sync service that breaks requests on purpose.

Each request passing through takes the next planned fault (`plan`), or passes untouched:
- "drop": the connection is reset before anything reaches the service;
- "cut": half of the request reaches the service, then both connections are reset;
- "twice": the request reaches the service two times (the counter sees the second answer);
- "lose": the service answers (and has committed), but the counter's connection is reset instead.
A request while the service is down gets its connection reset, as a real network would.
"""

from __future__ import annotations

import collections
import contextlib
import socket
import struct
import threading
from typing import Final

from pgserver import free_port

FAULTS: Final = ("drop", "cut", "twice", "lose")


def _reset(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # RST, not FIN
        sock.close()


class _Reader:
    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buf = b""

    def _more(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        self.buf += chunk

    def until(self, marker: bytes) -> bytes:
        while marker not in self.buf:
            self._more()
        head, self.buf = self.buf.split(marker, 1)
        return head + marker

    def exactly(self, n: int) -> bytes:
        while len(self.buf) < n:
            self._more()
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def rest(self) -> bytes:
        with contextlib.suppress(ConnectionError):
            while True:
                self._more()
        out, self.buf = self.buf, b""
        return out


def _message(reader: _Reader) -> bytes:
    """One HTTP/1.1 message (request or response), whole, framed by its length or its chunks."""
    head = reader.until(b"\r\n\r\n")
    headers = {
        line.split(b":", 1)[0].strip().lower(): line.split(b":", 1)[1].strip()
        for line in head.split(b"\r\n")[1:]
        if b":" in line
    }
    if b"content-length" in headers:
        return head + reader.exactly(int(headers[b"content-length"]))
    if headers.get(b"transfer-encoding", b"").lower() == b"chunked":
        body = b""
        while True:
            size_line = reader.until(b"\r\n")
            size = int(size_line.split(b";")[0], 16)
            body += size_line + reader.exactly(size + 2)
            if size == 0:
                return head + body
    if head.startswith(b"HTTP/"):
        return head + reader.rest()  # a response without framing ends with its connection
    return head


class FaultProxy:
    def __init__(self, upstream_port: int) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.planned: collections.deque[str] = collections.deque()
        self.seen: collections.Counter[str] = collections.Counter()
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    def plan(self, *faults: str) -> None:
        with self._lock:
            self.planned.extend(faults)

    def clear(self) -> None:
        with self._lock:
            self.planned.clear()

    def _next(self) -> str:
        with self._lock:
            return self.planned.popleft() if self.planned else "pass"

    def _accept(self) -> None:
        while not self._stop:
            try:
                client, _addr = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _forward(self, request: bytes, *, cut: bool = False) -> bytes:
        with socket.create_connection(self.upstream, timeout=60) as upstream:
            if cut:
                upstream.sendall(request[: max(1, len(request) // 2)])
                _reset(upstream)
                return b""
            upstream.sendall(request)
            return _message(_Reader(upstream))

    def _serve(self, client: socket.socket) -> None:
        reader = _Reader(client)
        try:
            while True:
                request = _message(reader)
                # Every forwarded request asks the service to close after answering: one connection each.
                request = request.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n", 1)
                fault = self._next()
                with self._lock:
                    self.seen[fault] += 1
                if fault == "drop":
                    _reset(client)
                    return
                if fault == "cut":
                    self._forward(request, cut=True)
                    _reset(client)
                    return
                answer = self._forward(request)
                if fault == "twice":
                    answer = self._forward(request)
                if fault == "lose":
                    _reset(client)
                    return
                # The counter may keep its connection: the answer goes back without the service's "close".
                client.sendall(answer.replace(b"connection: close\r\n", b"", 1))
        except (ConnectionError, OSError, ValueError):
            _reset(client)

    def close(self) -> None:
        self._stop = True
        with contextlib.suppress(OSError):
            self._listener.close()
