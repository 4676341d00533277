"""`laci` on a damaged database: it says which backup brings the shop back, looking where the owner keeps them,
and `laci restore` puts it back; the damaged file is never written to."""

from __future__ import annotations

from pathlib import Path

from cli_support import laci
from damage_support import BACKED_UP_AT, damaged_shop, files_under

from pos.ledger.shop import backup


def test_the_backup_in_the_owners_folder_is_named_and_restores(tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    path = damaged_shop(tmp_path / "shop", usb)
    before = path.read_bytes()

    refused = laci("--lang", "en", "--data-dir", str(path.parent), "report", "daily")
    assert refused.returncode != 0
    wanted = usb / backup.backup_name("daily", BACKED_UP_AT)
    assert "The shop's database cannot be read" in refused.stderr
    assert f"The newest good backup is {wanted}. Restore it with: laci restore {wanted}" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert path.read_bytes() == before, "the damaged file is left as it was"
    page_map = backup.BackupFile(wanted, "daily", BACKED_UP_AT, 0).page_map
    assert files_under(usb) == {wanted.name: wanted.read_bytes(), page_map.name: page_map.read_bytes()}

    restored = laci("--lang", "en", "--data-dir", str(path.parent), "restore", str(wanted))
    assert restored.returncode == 0, restored.stderr
    assert laci("--data-dir", str(path.parent), "check").returncode == 0


def test_with_no_backup_it_says_where_it_looked(tmp_path: Path) -> None:
    path = damaged_shop(tmp_path / "shop", None)
    refused = laci("--lang", "id", "--data-dir", str(path.parent), "report", "daily")
    assert refused.returncode != 0
    assert "Tidak ada cadangan yang baik di" in refused.stderr
    assert str(path.parent / "backups") in refused.stderr
    assert "laci restore" in refused.stderr
