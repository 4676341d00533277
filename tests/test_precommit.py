"""The commit hooks: pre-commit accepts the configuration, and each hook runs a tool of the checkout's .venv with
the same checks the suite makes (tests/test_quality.py, tests/test_layering.py), so a commit that passes them
passes those tests too."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from test_quality import MYPY_TARGETS

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / ".pre-commit-config.yaml"


def _hooks() -> dict[str, list[str]]:
    config: dict[str, Any] = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    return {hook["id"]: shlex.split(hook["entry"]) for repo in config["repos"] for hook in repo["hooks"]}


def test_pre_commit_accepts_the_configuration() -> None:
    code = "import sys\nfrom pre_commit.main import main\nsys.exit(main(['validate-config', sys.argv[1]]))"
    result = subprocess.run([sys.executable, "-c", code, str(CONFIG)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_hook_runs_a_tool_of_the_venv_the_suite_uses() -> None:
    # Local hooks download nothing: each names a program the set-up installed beside the tests' own Python.
    hooks = _hooks()
    venv_bin = Path(sys.executable).parent
    for hook_id, entry in hooks.items():
        tool = ROOT / entry[0]
        assert entry[0].startswith(".venv/bin/"), f"{hook_id} does not use the checkout's .venv"
        assert tool.name in {p.name for p in venv_bin.iterdir()}, f"{hook_id}: no {tool.name} beside {sys.executable}"
    assert {"ruff-check", "ruff-format", "mypy", "import-contracts"} <= hooks.keys()


def test_hooks_check_what_the_suite_checks() -> None:
    hooks = _hooks()
    assert hooks["ruff-check"][1:3] == ["check", "--force-exclude"]
    assert hooks["ruff-format"][1:3] == ["format", "--check"]
    # mypy over the same packages as tests/test_quality.py; pyproject.toml sets the strictness for both.
    assert tuple(hooks["mypy"][1:]) == MYPY_TARGETS
    assert hooks["import-contracts"] == [".venv/bin/lint-imports"]
