"""The layering of ARCHITECTURE.md: the import contracts hold, no room reaches into another's private modules, and
the core and the printing and sync packages never load Qt (nor the core ReportLab or python-escpos)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grimp
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


def test_import_contracts_hold() -> None:
    # The contracts are in pyproject.toml ([tool.importlinter]): the program's layers, the order of the core's
    # rooms, the cloud apart. Imports inside functions and under TYPE_CHECKING count like any other.
    code = "import sys\nfrom importlinter.cli import lint_imports\nsys.exit(lint_imports(no_cache=True, no_logo=True))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def _private_owner(module: str) -> str | None:
    """The package a module is private to: `a.b._c.d` is private to `a.b`; None for a public module."""
    parts = module.split(".")
    for i, part in enumerate(parts):
        if part.startswith("_") and not part.startswith("__"):
            return ".".join(parts[:i])
    return None


def test_no_module_imports_a_private_module_of_another_package() -> None:
    # A room's public modules have plain names (and are listed in its __all__); `_name` modules are its own.
    graph = grimp.build_graph("pos", cache_dir=None)
    reaching = sorted(
        f"{importer} -> {imported}"
        for imported in graph.modules
        if (owner := _private_owner(imported)) is not None
        for importer in graph.find_modules_that_directly_import(imported)
        if importer != owner and not importer.startswith(owner + ".")
    )
    assert reaching == []


def test_every_room_says_what_it_holds_and_names_its_public_modules() -> None:
    # The schema is the one room whose face is its tables (importing it registers them all), not its modules.
    rooms = [p for p in sorted((ROOT / "pos" / "ledger").glob("*/__init__.py")) if p.parent.name != "schema"]
    assert len(rooms) >= 12
    for init in rooms:
        room = init.parent
        public = [p.stem for p in room.glob("*.py") if p.stem != "__init__" and not p.stem.startswith("_")]
        tree = ast.parse(init.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{room.name} says nothing of what it holds"
        named = [
            ast.literal_eval(node.value)
            for node in tree.body
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in node.targets)
        ]
        assert named and sorted(named[0]) == sorted(public), f"{room.name}: __all__ should name {sorted(public)}"
        # A room's face names its modules without importing them: starting the counter loads only what it uses.
        assert not [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom)) and n.module != "__future__"]


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
