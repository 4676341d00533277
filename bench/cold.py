"""A slow machine stood in for: the process held to one core, the file cache dropped before a measure.

A Celeron shop's laptop has two slow cores, little memory for the page cache, and an eMMC disk; the figures a
benchmark takes with a warm cache on a fast core flatter it. `one_core` prefixes a command with `taskset -c 0`;
`drop_caches` asks Linux to forget the file cache (root only), so the next read comes from the disk.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

_DROP = Path("/proc/sys/vm/drop_caches")


def drop_caches() -> bool:
    """Write dirty pages out and drop the page cache; False when this process may not (not root, not Linux)."""
    os.sync()
    try:
        _DROP.write_text("3\n")
    except OSError:
        return False
    return True


def one_core(command: list[str]) -> list[str]:
    """`command` held to the first CPU (and every process it starts), or as it is where `taskset` is missing."""
    taskset = shutil.which("taskset")
    return [taskset, "-c", "0", *command] if taskset else command
