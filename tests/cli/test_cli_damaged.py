"""`laci` on a damaged database: it says which backup brings the shop back, looking where the owner keeps them,
and `laci restore` puts it back; the damaged file is never written to."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cli_support import laci
from damage_support import corrupt_page_of, files_under
from shop_support import sell, set_up_counter

from pos.ledger import backup, settings
from pos.ledger.payments import cash
from pos.ledger.shop import init_shop, open_database

T = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)


def damaged_shop(directory: Path, usb: Path | None) -> Path:
    """A shop with two sales, backed up once (to `usb` when given, the owner's chosen folder), then damaged."""
    path = directory / "laci.sqlite3"
    db = open_database(path)
    with db.write() as s:
        init_shop(s, "Warung Bu Sri")
        if usb is not None:
            settings.put(s, "backup.folder", str(usb))
    counter = set_up_counter(db)
    for _ in range(2):
        sell(counter, counter.cashier, [(counter.codes[0], 1)], [cash(5_000)])
    db.dispose()
    if usb is not None:
        backup.take_backup(path, usb, "daily", at=T)
    corrupt_page_of(path)
    return path


def test_the_backup_in_the_owners_folder_is_named_and_restores(tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    path = damaged_shop(tmp_path / "shop", usb)
    before = path.read_bytes()

    refused = laci("--lang", "en", "--data-dir", str(path.parent), "report", "daily")
    assert refused.returncode != 0
    wanted = usb / backup.backup_name("daily", T)
    assert "The shop's database cannot be read" in refused.stderr
    assert f"The newest good backup is {wanted}. Restore it with: laci restore {wanted}" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert path.read_bytes() == before, "the damaged file is left as it was"
    assert files_under(usb) == {wanted.name: wanted.read_bytes()}

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
