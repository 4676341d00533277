"""Sync trusts the system's certificate store: a cloud whose certificate comes from an authority that only the
system trusts (as an antivirus scanning HTTPS makes every site's) is reached, where certifi's list alone refused it.

The service is a real HTTPS server on loopback with a certificate from a throwaway authority. On Linux the
system store is what OpenSSL reads, so `SSL_CERT_FILE` naming that authority stands in for adding it to the
store, which is what an antivirus does on Windows.
"""

from __future__ import annotations

import http.server
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import certifi
import httpx
import pytest
import trustme

from pos.ledger.base.db import Database
from pos.sync import client, trust
from pos.sync.client import SyncError, enrol

TEAPOT = 418


class Refusing(http.server.BaseHTTPRequestHandler):
    """Answers every request with 418: reaching it at all proves the certificate was trusted."""

    def do_POST(self) -> None:
        self.send_response(TEAPOT)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"no")

    do_GET = do_POST

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def authority(tmp_path: Path) -> trustme.CA:
    return trustme.CA(organization_name="Antivirus Web Shield (test)")


@pytest.fixture
def cloud(authority: trustme.CA) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Refusing)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    authority.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def system_store(authority: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system's store with the throwaway authority in it (and nothing else)."""
    store = tmp_path / "system-store.pem"
    authority.cert_pem.write_to_path(str(store))
    monkeypatch.setenv("SSL_CERT_FILE", str(store))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    return store


@pytest.mark.linux_only(
    reason="Windows and macOS take a new authority into their store only with a confirmation dialog; on Linux "
    "SSL_CERT_FILE stands in for the store"
)
def test_a_cloud_only_the_system_store_trusts_is_reached(cloud: str, system_store: Path, db: Database) -> None:
    with httpx.Client(verify=trust.ssl_context()) as http:
        assert http.get(cloud + "/v1/health").status_code == TEAPOT
    # certifi's list alone does not know the authority: what the counter met before.
    with (
        httpx.Client(verify=ssl.create_default_context(cafile=certifi.where())) as http,
        pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"),
    ):
        http.get(cloud + "/v1/health")
    # Through the counter's own enrolment: the cloud answered (and refused), it was not "unreachable".
    with pytest.raises(SyncError) as refused:
        enrol(db, cloud, "ABCD-1234")
    assert f"({TEAPOT})" in str(refused.value)


def test_without_the_authority_in_any_store_the_cloud_is_not_reached(cloud: str, db: Database) -> None:
    with pytest.raises(SyncError) as failed:
        enrol(db, cloud, "ABCD-1234")
    assert "ConnectError" in str(failed.value)


def test_certifi_is_the_fallback_where_truststore_is_missing(
    cloud: str, monkeypatch: pytest.MonkeyPatch, system_store: Path
) -> None:
    monkeypatch.setattr(trust, "truststore", None)
    context = trust.ssl_context()
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    # certifi's list holds the public authorities, not the throwaway one.
    with httpx.Client(verify=context) as http, pytest.raises(httpx.ConnectError):
        http.get(cloud + "/v1/health")
    assert len(context.get_ca_certs()) > 50


@pytest.mark.linux_only(reason="a system without a store of authorities is a Linux without ca-certificates")
def test_certifi_fills_in_for_a_linux_without_a_store(
    cloud: str, authority: trustme.CA, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "none.pem"))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path / "none"))
    assert not trust.linux_store_exists()
    # certifi's list, here holding the throwaway authority, is what the context trusts then.
    bundle = tmp_path / "certifi.pem"
    authority.cert_pem.write_to_path(str(bundle))
    monkeypatch.setattr(trust.certifi, "where", lambda: str(bundle))
    with httpx.Client(verify=trust.ssl_context()) as http:
        assert http.get(cloud + "/v1/health").status_code == TEAPOT


def test_the_sync_client_uses_the_system_context(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[ssl.SSLContext] = []
    real = trust.ssl_context

    def spy() -> ssl.SSLContext:
        made.append(real())
        return made[-1]

    monkeypatch.setattr(client, "ssl_context", spy)
    with client._client("https://cloud.example", None, None):
        pass
    assert len(made) == 1
