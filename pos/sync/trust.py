"""Which certificate authorities sync trusts: the operating system's, as the browser on the same computer does.

An antivirus that scans HTTPS (Avast, Kaspersky, ESET) puts its own authority in the Windows store and signs every
site again with it; a counter that trusted certifi's list alone found the cloud "unreachable" wherever one ran.
`truststore` verifies through the system itself: the Windows and macOS trust stores, and on Linux the store
OpenSSL reads (the distribution's `ca-certificates`, or `SSL_CERT_FILE` and `SSL_CERT_DIR`). certifi's list is the
fallback where there is no such store: truststore missing, or a Linux without `ca-certificates`.
"""

from __future__ import annotations

import os
import ssl
import sys
from types import ModuleType

import certifi

truststore: ModuleType | None
try:
    import truststore
except ImportError:  # a Python or system truststore does not support: certifi's list alone
    truststore = None


def linux_store_exists() -> bool:
    """Whether OpenSSL has a system store of authorities to read (a file, or a folder with something in it)."""
    paths = ssl.get_default_verify_paths()
    if paths.cafile and os.path.isfile(paths.cafile):
        return True
    return bool(paths.capath and os.path.isdir(paths.capath) and os.listdir(paths.capath))


def ssl_context() -> ssl.SSLContext:
    """A client context that verifies the sync service against the system's trust store (certifi's as fallback)."""
    if truststore is None:
        return ssl.create_default_context(cafile=certifi.where())
    context: ssl.SSLContext = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if sys.platform.startswith("linux") and not linux_store_exists():
        context.load_verify_locations(cafile=certifi.where())
    return context
