"""Limits that hold whatever the transport does, and a service that runs as it is told: over real HTTP.

- The body limit counts bytes as they arrive: a chunked body is cut off at the limit, with no token needed to be
  refused, and the service's memory does not grow with what was sent.
- Enrolment and failed authentication are rate limited per address and per shop: 429 with Retry-After.
- `--workers N` runs N worker processes; off loopback the service wants TLS.
"""

from __future__ import annotations

import contextlib
import os
import select
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest
import trustme
from cli_support import laci
from pgserver import free_port
from rogue import enrol_rogue
from server import ProcessServer, ThreadServer
from shops import shop_with_counters

from pos.cloud.app import MAX_BODY_BYTES
from pos.cloud.auth import create_shop
from pos.cloud.db import CloudDB
from pos.cloud.limits import SMALL_BODY, Rates
from pos.sync.client import SyncClient

MB = 1024 * 1024
SOCKET_BUFFERS = 8 * MB
OPENSSL = (
    "openssl",
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "1",
    "-subj",
    "/CN=laci-test",
)  # what loopback's send and receive buffers can hold between the two ends


def send_chunked(port: int, path: str, total: int, token: str | None = None) -> tuple[int | None, int]:
    """Send a chunked body of up to `total` bytes; returns the status the service answered (None when it only
    cut the connection) and how many bytes had gone out when it answered."""
    auth = f"Authorization: Bearer {token}\r\n" if token else ""
    chunk = b"x" * 65536
    frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: laci\r\nContent-Type: application/json\r\n{auth}"
            "Transfer-Encoding: chunked\r\n\r\n".encode()
        )
        try:
            while sent < total:
                readable, _w, _x = select.select([sock], [], [], 0)
                if readable:
                    break
                sock.sendall(frame)
                sent += len(chunk)
            answer = sock.recv(4096)
        except OSError:
            return None, sent
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else None
    return status, sent


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_the_body_limit_counts_bytes_as_they_arrive(tmp_path: Path, cloud_db: CloudDB, cloud_url: str) -> None:
    server = ProcessServer(cloud_url).start()
    try:
        assert server.proc is not None
        shop = shop_with_counters(tmp_path, cloud_db, server.url, 1)
        with SyncClient(shop.counters[0]) as client:
            token = client.enrolment.token
        before = rss_kb(server.proc.pid)
        # A 64 MB chunked push: answered 413 once the limit is passed, the rest never read. What went out
        # before the answer came back is the limit and what the two ends' socket buffers hold (a few MB).
        status, sent = send_chunked(server.port, "/v1/push", 64 * MB, token)
        assert status in (413, None) and sent < MAX_BODY_BYTES + SOCKET_BUFFERS, (status, sent)
        # A 16 MB chunked enrolment, no token needed to be refused: cut off at the small limit.
        status, sent = send_chunked(server.port, "/v1/enrol", 16 * MB)
        assert status in (413, None) and sent < SMALL_BODY + SOCKET_BUFFERS, (status, sent)
        print(f"answered 413 after {sent} bytes of a 16 MB chunked enrolment")
        grown = rss_kb(server.proc.pid) - before
        # A body announced too large is refused before anything of it is read.
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(
                f"POST /v1/push HTTP/1.1\r\nHost: laci\r\nContent-Length: {MAX_BODY_BYTES + 1}\r\n\r\n".encode()
            )
            assert sock.recv(4096).startswith(b"HTTP/1.1 413")
        print(f"service memory grew {grown} kB over a 64 MB chunked push and a 16 MB chunked enrolment")
        assert grown < 24 * 1024, grown
        # And the service still works.
        with SyncClient(shop.counters[0]) as client:
            client.sync()
    finally:
        server.stop()


def from_address(address: str) -> httpx.Client:
    """Requests from another loopback address: the service sees another client."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=30)


TIGHT = Rates(enrol_per_address=5, enrol_per_shop=3, failed_per_address=6, failed_per_shop=4)


def test_enrolment_is_rate_limited_per_address_and_per_shop(cloud_db: CloudDB, cloud_url: str) -> None:
    server = ThreadServer(cloud_url, rates=TIGHT).start()
    try:
        guess = {"code": "000000-000000-000000", "device_id": str(uuid.uuid4()), "device_code": "Z"}
        with from_address("127.0.0.2") as http:
            answers = [http.post(f"{server.url}/v1/enrol", json=guess) for _ in range(7)]
        assert [a.status_code for a in answers] == [403] * 5 + [429] * 2
        assert 1 <= int(answers[-1].headers["Retry-After"]) <= 60
        with from_address("127.0.0.3") as http:  # another address is not held back by the first
            assert http.post(f"{server.url}/v1/enrol", json=guess).status_code == 403
        # A shop's codes tried from many addresses: held back per shop.
        _shop, code = create_shop(cloud_db, "Toko Dicoba")
        statuses = []
        for n in range(5):
            with from_address(f"127.0.1.{n + 1}") as http:
                body = {"code": code, "device_id": str(uuid.uuid4()), "device_code": f"K{n}"}
                statuses.append(http.post(f"{server.url}/v1/enrol", json=body).status_code)
        assert statuses == [200, 403, 403, 429, 429], statuses
    finally:
        server.stop()


def test_failed_authentication_is_rate_limited_per_address_and_per_shop(
    tmp_path: Path, cloud_db: CloudDB, cloud_url: str
) -> None:
    server = ThreadServer(cloud_url, rates=TIGHT).start()
    try:
        shop = shop_with_counters(tmp_path, cloud_db, server.url, 1)
        good = {"Authorization": f"Bearer {SyncClient(shop.counters[0]).enrolment.token}"}
        with from_address("127.0.0.4") as http:
            bad = [http.get(f"{server.url}/v1/events", headers={"Authorization": "Bearer guess"}) for _ in range(8)]
            assert [a.status_code for a in bad] == [401] * 6 + [429] * 2
            assert 1 <= int(bad[-1].headers["Retry-After"]) <= 60
            assert http.get(f"{server.url}/v1/events", headers=good).status_code == 429  # the address waits
        with from_address("127.0.0.5") as http:
            assert http.get(f"{server.url}/v1/events", headers=good).status_code == 200
        # A revoked device's token, tried from one address after another: held back for its shop.
        rogue = enrol_rogue(shop.counters[0], server.url)
        with SyncClient(shop.counters[0]) as client:
            client.http.post(f"/v1/devices/{rogue.device_id}/revoke").raise_for_status()
        statuses = []
        for n in range(6):
            with from_address(f"127.0.2.{n + 1}") as http:
                statuses.append(http.get(f"{server.url}/v1/events", headers=rogue.headers).status_code)
        assert statuses == [401] * 4 + [429] * 2, statuses
    finally:
        server.stop()


def worker_processes(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    found = []
    for child in map(int, children):
        with contextlib.suppress(FileNotFoundError):
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.append(child)
    return found


def test_workers_n_runs_n_worker_processes(cloud_url: str) -> None:
    server = ProcessServer(cloud_url, None, "--workers", "3").start()
    try:
        assert server.proc is not None
        deadline = time.monotonic() + 30
        while len(worker_processes(server.proc.pid)) < 3 and time.monotonic() < deadline:
            time.sleep(0.2)
        workers = worker_processes(server.proc.pid)
        assert len(workers) == 3, workers
        for _ in range(6):  # each on a new connection
            assert httpx.get(f"{server.url}/v1/health", headers={"Connection": "close"}).status_code == 200
    finally:
        server.stop()


def test_off_loopback_the_service_wants_tls(tmp_path: Path, cloud_url: str) -> None:
    refused = laci("cloud", "serve", "--database-url", cloud_url, "--host", "0.0.0.0")
    assert refused.returncode == 2 and "--tls-cert" in refused.stderr
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    issued = trustme.CA().issue_cert("127.0.0.1")
    issued.cert_chain_pems[0].write_to_path(str(cert))
    issued.private_key_pem.write_to_path(str(key))
    port = free_port()
    serve = [sys.executable, "-m", "pos", "cloud", "serve", "--database-url", cloud_url, "--host", "0.0.0.0"]
    proc = subprocess.Popen(
        [*serve, "--port", str(port), "--tls-cert", str(cert), "--tls-key", str(key)],
        env={**os.environ},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = httpx.get(f"https://127.0.0.1:{port}/v1/health", verify=False, timeout=1)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "the HTTPS service did not come up"
                time.sleep(0.1)
        assert answer.status_code == 200
        with pytest.raises(httpx.HTTPError):
            httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=2)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
