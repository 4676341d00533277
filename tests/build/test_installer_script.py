"""The Windows installer's script says what the shop needs of it: a per-user install without an administrator,
shortcuts, start at login only when asked, and an uninstaller that leaves the shop's data alone.

Inno Setup's compiler runs on Windows only (.github/workflows/windows.yml compiles, installs and uninstalls with
it); here the script itself is read, section by section.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "installer" / "laci.iss"


def sections() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    current = ""
    for raw in SCRIPT.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        heading = re.fullmatch(r"\[(\w+)\]", line)
        if heading:
            current = heading.group(1)
            found.setdefault(current, [])
        elif current:
            found[current].append(line)
    return found


def setup() -> dict[str, str]:
    return dict(line.split("=", 1) for line in sections()["Setup"] if "=" in line and not line.startswith("#"))


def test_it_installs_for_the_user_without_an_administrator() -> None:
    values = setup()
    assert values["PrivilegesRequired"] == "lowest"
    assert values["DefaultDirName"].startswith("{userpf}")  # %LOCALAPPDATA%\Programs
    assert values["PrivilegesRequiredOverridesAllowed"] == ""  # no "install for all users" that would need one


def test_shortcuts_start_the_windowed_program() -> None:
    text = SCRIPT.read_text(encoding="utf-8")
    assert '#define AppExe "laci.exe"' in text  # build.spec's window, not laci-cli.exe
    icons = sections()["Icons"]
    assert any(line.startswith('Name: "{autoprograms}\\Laci"') for line in icons)
    assert any(line.startswith('Name: "{autodesktop}\\Laci"') and "Tasks: desktopicon" in line for line in icons)


def test_start_at_login_is_offered_unticked_and_removed_with_the_program() -> None:
    tasks = sections()["Tasks"]
    assert any('Name: "startatlogin"' in line and "Flags: unchecked" in line for line in tasks)
    (run_key,) = [line for line in sections()["Registry"] if "CurrentVersion\\Run" in line]
    assert run_key.startswith("Root: HKCU;")  # this user only: no administrator needed


def test_the_uninstaller_keeps_the_shops_data() -> None:
    found = sections()
    assert "UninstallDelete" not in found
    # Only the program's own folder is written, and the data folder (%LOCALAPPDATA%\Laci) is not it.
    destinations = [line for lines in found.values() for line in lines if "DestDir:" in line]
    assert destinations and all('DestDir: "{app}"' in line for line in destinations)
    assert not any("{localappdata}\\Laci" in line for lines in found.values() for line in lines)


def test_signing_happens_only_when_a_certificate_is_given() -> None:
    text = SCRIPT.read_text(encoding="utf-8")
    assert re.search(r"#ifdef Sign\s+SignTool=laci\s+SignedUninstaller=yes\s+#endif", text)
