"""`laci` loads only the command it runs: the table naming each command's module matches what the modules register,
and a check or a verify does not start the catalogue's, the demo's or the window's libraries."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys

from pos import cli


def test_every_command_is_found_in_the_module_that_registers_it() -> None:
    registered: dict[str, str] = {}
    for name in cli.COMMAND_MODULES:
        sub = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(f"pos.commands.{name}").register(sub)
        registered.update(dict.fromkeys(sub.choices, name))
    assert registered == cli.COMMANDS
    assert set(cli.build_parser()._subparsers._group_actions[0].choices) == set(cli.COMMANDS)  # type: ignore[union-attr]
    assert cli._command(["--data-dir", "x", "--lang", "en", "check", "--full"]) == "check"
    assert cli._command(["--data-dir", "x"]) is None


def test_laci_check_does_not_load_what_other_commands_need() -> None:
    probe = (
        "import sys\n"
        "from pos import cli\n"
        "cli.build_parser(['check', '--full'])\n"
        "heavy = [m for m in ('reportlab', 'openpyxl', 'PySide6', 'pos.demo.shop', 'pos.printing.catalogue.render') "
        "if m in sys.modules]\n"
        "print(heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout
