"""The layering of DESIGN.md: the core and the printing and sync packages never load Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE_PACKAGES = ["pos.ledger", "pos.printing", "pos.sync", "pos.cloud", "pos.demo"]


def _modules_of(package: str) -> list[str]:
    base = ROOT / Path(*package.split("."))
    if not base.exists():
        return []
    # Alembic scripts run only inside Alembic (their env.py needs its context), so they are not imported here.
    return [
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in sorted(base.rglob("*.py"))
        if "migrations" not in p.parts
    ]


@pytest.mark.parametrize("package", [p for p in CORE_PACKAGES if (ROOT / Path(*p.split("."))).exists()])
def test_core_package_does_not_load_qt(package: str) -> None:
    modules = _modules_of(package)
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "", f"{package} loaded Qt: {result.stdout.strip()}"


def test_core_does_not_load_printing_libraries() -> None:
    modules = _modules_of("pos.ledger")
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('reportlab', 'escpos'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == ""
