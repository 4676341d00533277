"""The code base stays as the style notes ask: ruff clean and formatted, and mypy strict on all of `pos`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# What mypy checks; pyproject.toml says how strictly. The commit hook runs the same (tests/test_precommit.py).
MYPY_TARGETS = ("pos",)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_is_clean() -> None:
    result = _run("ruff", "check", ".")
    assert result.returncode == 0, result.stdout[-3000:]


def test_ruff_format_leaves_every_file_as_it_is() -> None:
    result = _run("ruff", "format", "--check", ".")
    assert result.returncode == 0, result.stdout[-3000:]


def test_mypy_is_strict_clean_on_the_whole_program() -> None:
    result = _run("mypy", *MYPY_TARGETS)
    assert result.returncode == 0, result.stdout[-3000:]


def test_every_test_file_has_a_name_of_its_own() -> None:
    # The test folders are not packages, so pytest imports each file by its bare name: two files of one name in
    # different folders stop the whole run at collection.
    names: dict[str, list[str]] = {}
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        names.setdefault(path.name, []).append(str(path.relative_to(ROOT)))
    assert not {name: where for name, where in names.items() if len(where) > 1}
