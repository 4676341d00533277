"""The signed statement and its figures as a loan pack's PDF carries them, read back without a PDF library.

`pack` writes them into the file's Keywords entry as `laci-statement:<token> laci-figures:<zlib, base64url>`; both
are plain ASCII, so they stand in the file's bytes as written and a regular expression finds them again.
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from typing import Any, Final

STATEMENT_MARK: Final = "laci-statement:"
FIGURES_MARK: Final = "laci-figures:"
_FOUND: Final = re.compile(rb"laci-statement:([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)(?: laci-figures:([A-Za-z0-9_=-]+))?")


def keywords(token: str, lines: list[Any]) -> str:
    """The Keywords entry that carries `token` and the printed `lines` it binds."""
    figures = json.dumps(lines, ensure_ascii=False, separators=(",", ":")).encode()
    packed = base64.urlsafe_b64encode(zlib.compress(figures, 9)).decode()
    return f"{STATEMENT_MARK}{token} {FIGURES_MARK}{packed}"


def read(pdf: bytes) -> tuple[str, list[Any] | None] | None:
    """The token and the figures a loan pack's PDF carries (figures None if they are missing or unreadable)."""
    found = _FOUND.search(pdf)
    if found is None:
        return None
    token = found[1].decode()
    if not found[2]:
        return token, None
    try:
        lines = json.loads(zlib.decompress(base64.urlsafe_b64decode(found[2])))
    except (ValueError, zlib.error):
        return token, None
    return token, lines if isinstance(lines, list) else None
