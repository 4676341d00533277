"""A throwaway PostgreSQL cluster on loopback for the cloud tests.

PostgreSQL refuses to run as root, and CI runs as root: the cluster is then created and started as the
`postgres` system user that Debian's package makes. A missing server is a failure, never a skip: the test
bootstrap installs it on Debian; on Windows the server binaries are found through `PGBIN` (set on GitHub's
Windows runners) or `pg_ctl` on PATH.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def _bindir() -> Path:
    if os.environ.get("PGBIN"):
        return Path(os.environ["PGBIN"])
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name))
    if found:
        return Path(found[-1])
    pg_config = shutil.which("pg_config")
    if pg_config:
        return Path(subprocess.check_output([pg_config, "--bindir"], text=True).strip())
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl:
        return Path(pg_ctl).parent
    raise RuntimeError(
        "PostgreSQL server binaries not found: install Debian's 'postgresql' package (./scripts/test does), "
        "or set PGBIN to the folder holding pg_ctl"
    )


def _as_root() -> bool:
    geteuid = getattr(os, "geteuid", None)  # not on Windows, where PostgreSQL drops an administrator's rights itself
    return geteuid is not None and geteuid() == 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresCluster:
    def __init__(self, base: Path | None = None, *, durable: bool = False) -> None:
        self.bin = _bindir()
        # Not pytest's temporary folder: it is private to the user running the tests, and the server's own
        # user must be able to reach its data directory.
        self.base = base or Path(tempfile.mkdtemp(prefix="laci-pg-"))
        self.data = self.base / "data"
        self.port = free_port()
        self.durable = durable
        self.as_user = "postgres" if _as_root() else None

    def _run(self, *args: str) -> str:
        cmd = list(args)
        if self.as_user:
            cmd = ["runuser", "-u", self.as_user, "--", *cmd]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:1])} failed ({done.returncode}): {done.stderr.strip()[-500:]}")
        return done.stdout

    def start(self) -> None:
        self.base.mkdir(parents=True, exist_ok=True)
        if self.as_user:
            shutil.chown(self.base, self.as_user, self.as_user)
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-locale",
        )
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c max_connections=100"
        if os.name == "posix":  # the socket folder; Windows makes no Unix-domain socket by default
            options += f" -k {self.base}"
        if not self.durable:
            # Test databases are thrown away; the cloud's own crash-safety is PostgreSQL's, not ours to re-test.
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.base / "log"), "-w", "start"
        )
        self.psql("CREATE ROLE laci LOGIN NOSUPERUSER NOBYPASSRLS")

    def psql(self, sql: str, database: str = "postgres") -> str:
        return self._run(
            str(self.bin / "psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-d",
            database,
            "-v",
            "ON_ERROR_STOP=1",
            "-qAt",
            "-c",
            sql,
        )

    def create_database(self, name: str, template: str = "template1") -> str:
        self.psql(f'CREATE DATABASE "{name}" OWNER laci TEMPLATE "{template}"')
        return self.url(name)

    def url(self, name: str) -> str:
        return f"postgresql://laci@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        with contextlib.suppress(RuntimeError):
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
        for _ in range(50):
            if not (self.data / "postmaster.pid").exists():
                break
            time.sleep(0.1)
        shutil.rmtree(self.base, ignore_errors=True)
