"""The version information Windows shows for laci.exe and laci-cli.exe (Properties, Details), made from the package's
version for PyInstaller's `EXE(version=...)`, which reads it as a version file. Used by build.spec; other systems
ignore it.
"""

from __future__ import annotations

import re
from pathlib import Path

COMPANY = "Laci"
COPYRIGHT = "Laci contributors, AGPL-3.0-or-later"


def numbers(version: str) -> tuple[int, int, int, int]:
    """`0.1.0` as (0, 1, 0, 0); a pre-release's letters (`0.2.0rc1`) are dropped, as Windows keeps four numbers."""
    found = [int(part) for part in re.findall(r"\d+", version.split("+")[0])[:4]]
    found += [0] * (4 - len(found))
    return found[0], found[1], found[2], found[3]


def version_file_text(version: str, program: str, description: str) -> str:
    """The text of a PyInstaller version file for `program` (laci.exe, laci-cli.exe) at `version`."""
    four = numbers(version)
    strings = {
        "CompanyName": COMPANY,
        "FileDescription": description,
        "FileVersion": version,
        "InternalName": program.removesuffix(".exe"),
        "LegalCopyright": COPYRIGHT,
        "OriginalFilename": program,
        "ProductName": "Laci",
        "ProductVersion": version,
    }
    entries = ",\n          ".join(f"StringStruct({key!r}, {value!r})" for key, value in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={four}, prodvers={four}, mask=0x3f, flags=0x0, OS=0x40004, fileType=0x1,
                    subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
          {entries}])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""


def write_version_file(folder: Path, version: str, program: str, description: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{program}.version.txt"
    path.write_text(version_file_text(version, program, description), encoding="utf-8")
    return path
