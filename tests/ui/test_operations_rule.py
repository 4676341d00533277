"""The UI's one door to the database: only `pos/ui/tasks.py` opens a session. Screens hand a function of the
session to `TaskManager.read` / `write` (which also says what a write changed); a module that opens its own
`db.read()` / `db.write()` would bypass both the worker's order and the change signal the other screens listen to.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "pos" / "ui"
DOOR = UI / "tasks.py"


def _receiver_is_a_database(node: ast.expr) -> bool:
    """`db`, `self.db`, `self.tasks.db`, `counter.db`...: the names a `Database` goes by."""
    name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""
    return name == "db" or name.endswith("_db")


def sessions_opened(source: str) -> list[int]:
    """The lines of `source` that open a session: `.read()` or `.write()` with no arguments, used as a context
    manager (`with x.read() as session`) or called on a database by name."""
    tree = ast.parse(source)
    managed = {
        id(item.context_expr)
        for node in ast.walk(tree)
        if isinstance(node, ast.With | ast.AsyncWith)
        for item in node.items
    }
    return sorted(
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("read", "write")
        and not node.args
        and not node.keywords
        and (id(node) in managed or _receiver_is_a_database(node.func.value))
    )


def test_the_finder_sees_what_opens_a_session_and_nothing_else() -> None:
    source = (
        "with db.read() as session:\n    pass\n"  # 1
        "with self.tasks.db.write() as s:\n    pass\n"  # 3
        "tasks.read(fn, shown)\n"  # 5: an operation, the way to do it
        "self.tasks.write(fn, {Change.SALES})\n"  # 6
        "data = path.read()\n"  # 7: a file, not a database
        "counter.db.read()\n"  # 8
    )
    assert sessions_opened(source) == [1, 3, 8]


def test_only_tasks_opens_a_session() -> None:
    offending = {
        str(path.relative_to(ROOT)): lines
        for path in sorted(UI.rglob("*.py"))
        if path != DOOR and (lines := sessions_opened(path.read_text(encoding="utf-8")))
    }
    assert offending == {}, "open a session outside pos/ui/tasks.py (file: lines):\n" + "\n".join(
        f"  {name}: {lines}" for name, lines in offending.items()
    )
