"""scripts/bootstrap.py, which both `./scripts/test` (bash) and `scripts\\test.ps1` (PowerShell) hand over to: it
finds the Debian packages that are missing (a t64-renamed library counts as installed), reinstalls Laci only when
pyproject.toml changed, and runs the suite (this very run came through it, or through pytest directly)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def bootstrap() -> ModuleType:
    spec = importlib.util.spec_from_file_location("laci_bootstrap", ROOT / "scripts" / "bootstrap.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_missing_debian_packages_count_t64_names_as_installed(
    bootstrap: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[list[str]] = []

    def dpkg_query(command: list[str], **_kw: Any) -> subprocess.CompletedProcess[str]:
        asked.append(command)
        listed = "installed libglib2.0-0t64\ninstalled hledger\nconfig-files postgresql\n"
        return subprocess.CompletedProcess(command, 0, stdout=listed, stderr="")

    monkeypatch.setattr(bootstrap.subprocess, "run", dpkg_query)
    assert bootstrap.missing_debian(["libglib2.0-0", "hledger", "postgresql", "libusb-1.0-0"]) == [
        "postgresql",
        "libusb-1.0-0",
    ]
    assert asked[0][:2] == ["dpkg-query", "-W"] and "libusb-1.0-0t64" in asked[0]


def test_the_install_stamp_follows_pyproject(
    bootstrap: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'laci'\n", encoding="utf-8")
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    monkeypatch.setattr(bootstrap, "ROOT", tmp_path)
    monkeypatch.setattr(bootstrap, "VENV", tmp_path / ".venv")
    before = bootstrap.install_stamp()
    assert bootstrap.install_stamp() == before
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'laci'\ndependencies = ['tzdata']\n", encoding="utf-8")
    assert bootstrap.install_stamp() != before


def test_the_virtualenv_is_laid_out_as_on_each_system(bootstrap: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bootstrap, "WINDOWS", True)
    assert bootstrap.venv_python().relative_to(bootstrap.VENV).as_posix() == "Scripts/python.exe"
    assert bootstrap.venv_program("laci").name == "laci.exe"
    monkeypatch.setattr(bootstrap, "WINDOWS", False)
    assert bootstrap.venv_python().relative_to(bootstrap.VENV).as_posix() == "bin/python"


def test_it_explains_itself_and_refuses_an_unknown_command() -> None:
    script = str(ROOT / "scripts" / "bootstrap.py")
    shown = subprocess.run([sys.executable, script, "--help"], capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0 and "scripts\\run.ps1" in shown.stdout
    refused = subprocess.run([sys.executable, script, "sell"], capture_output=True, text=True, timeout=60)
    assert refused.returncode == 1 and "unknown command 'sell'" in refused.stderr


def test_bash_and_powershell_hand_over_to_it() -> None:
    for name in ("run", "test", "build"):
        bash = (ROOT / "scripts" / name).read_text(encoding="utf-8")
        powershell = (ROOT / "scripts" / f"{name}.ps1").read_text(encoding="utf-8")
        assert f'scripts/bootstrap.py" {name} "$@"' in bash
        assert f'bootstrap.py" {name} @args' in powershell


def test_a_run_install_serves_the_app_and_a_test_install_serves_both(
    bootstrap: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(bootstrap, "STAMP", tmp_path / "stamp")
    monkeypatch.setattr(bootstrap, "venv_program", lambda name: tmp_path / "laci")
    (tmp_path / "laci").write_text("")
    (tmp_path / "stamp").write_text("run abc\n")
    assert bootstrap.installed_for("run", "abc") and not bootstrap.installed_for("test", "abc")
    assert not bootstrap.installed_for("run", "def")  # pyproject.toml changed since
    (tmp_path / "stamp").write_text("test abc\n")
    assert bootstrap.installed_for("run", "abc") and bootstrap.installed_for("test", "abc")


def test_scripts_run_reads_the_stamp_as_the_bootstrap_writes_it(bootstrap: ModuleType) -> None:
    # scripts/run starts the app without Python when the stamp matches: its shell digest is the bootstrap's.
    if not (bootstrap.VENV / "pyvenv.cfg").exists():
        pytest.fail("the test runs in the checkout's .venv, which has a pyvenv.cfg")
    digest = subprocess.run(
        [
            "bash",
            "-c",
            'root="$1"; { cat "$root/pyproject.toml"; printf "%s\\n" "$root"; cat "$root/.venv/pyvenv.cfg"; }'
            " | sha256sum | cut -d' ' -f1",
            "digest",
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert digest == bootstrap.install_stamp()
    run = (ROOT / "scripts" / "run").read_text(encoding="utf-8")
    assert '"run $digest" | "test $digest") exec "$venv/bin/laci" "$@"' in run
