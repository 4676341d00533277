"""The owner's changes to settings: each value checked, refusals named by field, all written or none."""

from __future__ import annotations

from pathlib import Path

import pytest
from setup_support import damaged_qris, qris
from shop_support import AT, CASHIER_PIN, OWNER_PIN

from pos import i18n
from pos.ledger.base import fmt
from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput, NotAllowed, NotFound
from pos.ledger.base.ids import UserId
from pos.ledger.books import audit
from pos.ledger.books.approvals import Actor
from pos.ledger.people.users import add_user, authenticate, check_new_pin, deactivate_user, list_users
from pos.ledger.replication.sync_state import waiting_count
from pos.ledger.setup.settings_form import (
    InvalidSetting,
    SettingsRefused,
    clean,
    clean_all,
    percent_bp,
    save_settings,
)
from pos.ledger.shop import settings


def _people(db: Database) -> tuple[Actor, Actor]:
    with db.write() as s:
        owner = Actor(UserId(add_user(s, "Bu Sri", "owner", OWNER_PIN, at=AT)), "Bu Sri", "owner")
        cashier_id = add_user(s, "Dewi", "cashier", CASHIER_PIN, at=AT, by=owner)
    return owner, Actor(UserId(cashier_id), "Dewi", "cashier")


def test_saved_settings_read_back_and_only_changes_are_written(db: Database) -> None:
    owner, _cashier = _people(db)
    changes = {
        "shop.name": "  Warung Bu Sri Jaya ",
        "shop.npwp": "012345678901000",
        "receipt.footer": "Terima kasih  \n\n  Sampai jumpa lagi  \n",
        "rounding.increment": 500,
        "pph.rate_bp": 50,  # the default: not written again
    }
    with db.write() as s:
        stored = save_settings(s, changes, by=owner)
    assert stored == ("shop.name", "shop.npwp", "receipt.footer", "rounding.increment")
    with db.read() as s:
        values = settings.load(s)
        (entry,) = audit.entries(s, "settings.change")
    assert values.shop_name == "Warung Bu Sri Jaya"
    assert values.shop_npwp == "01.234.567.8-901.000"
    assert values.receipt_footer == "Terima kasih\n\nSampai jumpa lagi"
    assert values.rounding_increment == 500
    assert entry.user_id == owner.user_id and entry.detail == {"keys": list(stored)}

    with db.write() as s:
        assert save_settings(s, {"shop.name": "Warung Bu Sri Jaya"}, by=owner) == ()


def test_a_bad_value_refuses_the_whole_save(db: Database) -> None:
    owner, _cashier = _people(db)
    with db.read() as s:
        before = settings.load(s).by_key()
        events = waiting_count(s)
    bad = {"shop.name": "Toko Baru", "shop.nib": "12-34", "qris.static_payload": damaged_qris(), "ppn.rate_bp": 0}
    with pytest.raises(SettingsRefused) as refused, db.write() as s:
        save_settings(s, bad, by=owner)
    assert list(refused.value.by_key()) == ["shop.nib", "qris.static_payload", "ppn.rate_bp"]
    assert refused.value.by_key()["ppn.rate_bp"] == "Isi persentase dari 0,01 sampai 100."
    with db.read() as s:
        assert settings.load(s).by_key() == before
        assert waiting_count(s) == events
        assert audit.entries(s, "settings.change") == []


def test_only_the_owner_changes_settings(db: Database) -> None:
    _owner, cashier = _people(db)
    with pytest.raises(NotAllowed), db.write() as s:
        save_settings(s, {"shop.name": "Toko Dewi"}, by=cashier)


def test_ppn_needs_the_npwp_whichever_is_changed(db: Database) -> None:
    owner, _cashier = _people(db)
    with pytest.raises(SettingsRefused) as refused, db.write() as s:
        save_settings(s, {"ppn.mode": "exclusive"}, by=owner)
    assert list(refused.value.by_key()) == ["ppn.mode"]
    with db.write() as s:
        save_settings(s, {"ppn.mode": "exclusive", "shop.npwp": "3171012345678901"}, by=owner)
    with pytest.raises(SettingsRefused) as refused, db.write() as s:
        save_settings(s, {"shop.npwp": ""}, by=owner)
    assert list(refused.value.by_key()) == ["shop.npwp"]
    # Other settings of a PKP shop save as before.
    with db.write() as s:
        assert save_settings(s, {"language": "en"}, by=owner) == ("language",)


def test_the_taxed_part_of_a_price_is_at_most_all_of_it() -> None:
    with pytest.raises(SettingsRefused) as refused:
        clean_all({"ppn.base_num": 13, "ppn.base_den": 12})
    assert list(refused.value.by_key()) == ["ppn.base_num"]
    assert clean_all({"ppn.base_num": 11, "ppn.base_den": 12}) == {"ppn.base_num": 11, "ppn.base_den": 12}


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("shop.name", ""),
        ("shop.nib", "123456789012"),
        ("shop.nib", "12345678901234"),
        ("shop.npwp", "0123456789012"),
        ("shop.npwp", "01234567890123456"),
        ("shop.npwp", "01.234.567.8-9O1.000"),
        ("shop.phone", "12345"),
        ("qris.static_payload", "not a qris"),
        ("qris.static_payload", qris("12", amount="15000")),
        ("rounding.increment", 250),
        ("printer.columns", 40),
        ("pph.rate_bp", 10_001),
        ("pph.exemption", -1),
        ("ppn.base_den", 0),
        ("language", "jv"),
        ("receipt.header", "x" * 301),
        ("backup.folder", "relative/folder"),
        ("barcode.instore_formats", "20-24"),
        ("no.such.key", "x"),
    ],
)
def test_each_refusal_names_its_setting(key: str, value: object) -> None:
    with pytest.raises(InvalidSetting) as refused:
        clean(key, value)
    assert refused.value.key == key
    assert str(refused.value)


def test_a_backup_folder_must_exist(tmp_path: Path) -> None:
    assert clean("backup.folder", f" {tmp_path} ") == str(tmp_path)
    with pytest.raises(InvalidSetting, match="tidak ada"):
        clean("backup.folder", str(tmp_path / "gone"))


def test_percentages_as_typed() -> None:
    assert [percent_bp("pph.rate_bp", t) for t in ("12", "0,5", "11.25", " 1 % ")] == [1200, 50, 1125, 100]
    for typed in ("", "abc", "1,234", "-1", "1e3"):
        with pytest.raises(InvalidSetting):
            percent_bp("pph.rate_bp", typed)
    assert [fmt.percent_figure(bp) for bp in (1200, 50, 1125, 0)] == ["12", "0,5", "11,25", "0"]
    i18n.set_language("en")
    assert fmt.percent_figure(50) == "0,5"  # Indonesian number marks in both languages, as money and quantities


def test_a_new_pin_is_typed_the_same_twice() -> None:
    check_new_pin("4821", "4821")
    with pytest.raises(InvalidInput, match="tidak sama"):
        check_new_pin("4821", "4812")
    with pytest.raises(InvalidInput, match="4 sampai 6"):
        check_new_pin("12", "12")


def test_a_deactivated_user_can_no_longer_log_in(db: Database) -> None:
    owner, cashier = _people(db)
    with pytest.raises(NotAllowed), db.write() as s:
        deactivate_user(s, owner.user_id, by=cashier)
    with db.write() as s:
        deactivate_user(s, cashier.user_id, by=owner)
    with db.read() as s:
        assert [u.name for u in list_users(s)] == ["Bu Sri"]
        assert [u.is_active for u in list_users(s, active_only=False)] == [True, False]
        assert audit.entries(s, "user.deactivated")[0].user_id == owner.user_id
    with pytest.raises(NotFound):
        authenticate(db, cashier.user_id, CASHIER_PIN)
    with pytest.raises(NotFound), db.write() as s:
        deactivate_user(s, cashier.user_id, by=owner)


def test_the_last_owner_stays_active(db: Database) -> None:
    owner, _cashier = _people(db)
    with pytest.raises(NotAllowed, match="satu-satunya pemilik"), db.write() as s:
        deactivate_user(s, owner.user_id, by=owner)
    with db.write() as s:
        second = add_user(s, "Pak Joko", "owner", "5555", by=owner)
        deactivate_user(s, owner.user_id, by=Actor(UserId(second), "Pak Joko", "owner"))
    with db.read() as s:
        assert [u.name for u in list_users(s)] == ["Pak Joko", "Dewi"]
