"""Running `laci` as a separate process, as a shopkeeper's terminal or a script would."""

from __future__ import annotations

import os
import subprocess
import sys


def laci(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m pos ARGS`; `stdin` is piped in (PINs are read from it when it is not a terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "pos", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
    )
