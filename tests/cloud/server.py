"""The real sync service on a loopback port, in this process (a thread) or as a `laci cloud serve` child."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable

import httpx
import uvicorn
from pgserver import free_port

from pos.cloud.app import create_app
from pos.cloud.limits import Rates

# Tests make shops by the dozen from one address: the limits are far above what they do, and tests of the limits
# give their own.
ROOMY = Rates(enrol_per_address=10_000, enrol_per_shop=10_000, failed_per_address=10_000, failed_per_shop=10_000)


def wait_healthy(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/v1/health", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"the sync service at {url} did not come up")


class ThreadServer:
    def __init__(
        self,
        database_url: str,
        port: int | None = None,
        *,
        rates: Rates = ROOMY,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        app = create_app(database_url, rates=rates, clock=clock)
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> ThreadServer:
        self.thread.start()
        wait_healthy(self.url)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


class ProcessServer:
    """`laci cloud serve` as a separate process, so a test can kill it in the middle of a request."""

    def __init__(self, database_url: str, port: int | None = None, *extra: str) -> None:
        self.database_url = database_url
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.extra = extra
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> ProcessServer:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pos",
                "cloud",
                "serve",
                "--database-url",
                self.database_url,
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                *self.extra,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ},
        )
        try:
            wait_healthy(self.url)
        except BaseException:
            self.kill()  # a service that never came up must not outlive the test that started it
            raise
        return self

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()  # SIGKILL, or TerminateProcess on Windows
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
