"""Running `laci` as a separate process, as a shopkeeper's terminal or a script would."""

from __future__ import annotations

import os
import subprocess
import sys


def laci(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pos", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
