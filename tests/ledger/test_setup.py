"""A new shop set up in one go: profile, taxes, printer, QRIS and the first owner, all written or none."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from setup_support import NIB, OWNER, OWNER_PIN, damaged_qris, profile, qris

from pos.ledger.base.db import Database
from pos.ledger.base.device import local_device
from pos.ledger.base.errors import Conflict, NotAllowed
from pos.ledger.books import audit
from pos.ledger.people.users import add_user, authenticate, list_users
from pos.ledger.schema import User
from pos.ledger.setup.new_shop import PIN, PIN_AGAIN, check_profile, needs_setup, set_up_shop
from pos.ledger.setup.settings_form import SettingsRefused
from pos.ledger.shop import settings
from pos.ledger.shop.opening import is_initialised, open_database


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Database]:
    """A data folder opened for the first time: migrated, but no shop in it yet."""
    made = open_database(tmp_path / "new" / "laci.sqlite3")
    yield made
    made.dispose()


def test_a_new_shop_is_set_up_with_its_profile_and_owner(fresh: Database) -> None:
    with fresh.read() as s:
        assert needs_setup(s)
    with fresh.write() as s:
        owner = set_up_shop(s, profile())
    assert owner.name == OWNER and owner.is_owner

    with fresh.read() as s:
        values = settings.load(s)
        assert is_initialised(s) and not needs_setup(s)
        assert local_device(s).code == "A"
        assert [(u.name, u.role) for u in list_users(s)] == [(OWNER, "owner")]
        assert audit.entries(s, "user.add")[0].user_id == owner.user_id
    assert values.shop_name == "Toko Ani"
    assert values.shop_owner == OWNER
    assert values.shop_city == "Sleman"
    assert values.shop_nib == NIB
    assert values.shop_npwp == "01.234.567.8-901.000"
    assert values.ppn_mode == "inclusive"
    assert values.printer_uri == "preview:"
    assert values.printer_columns == 48
    assert values.qris_static_payload == qris()
    # The PIN chosen at setup is the one that logs the owner in.
    assert authenticate(fresh, owner.user_id, OWNER_PIN).name == OWNER


def test_the_bare_shop_laci_init_left_is_named_by_the_setup(db: Database) -> None:
    # `laci init` without an owner (or an older version of the app) leaves a shop with no one to log in.
    with db.read() as s:
        assert needs_setup(s)
        device = local_device(s)
    with db.write() as s:
        set_up_shop(s, profile(ppn_mode="none", npwp=""))
    with db.read() as s:
        assert settings.load(s).shop_name == "Toko Ani"
        assert local_device(s) == device


def test_a_shop_with_people_is_not_set_up_again(fresh: Database) -> None:
    with fresh.write() as s:
        set_up_shop(s, profile())
    with pytest.raises(Conflict, match="sudah disiapkan"), fresh.write() as s:
        set_up_shop(s, profile(shop_name="Toko Lain"))
    with fresh.read() as s:
        assert settings.load(s).shop_name == "Toko Ani"


def test_every_wrong_field_is_named_and_nothing_is_written(fresh: Database) -> None:
    bad = profile(
        shop_name="  ",
        owner_name="",
        nib="12345",
        npwp="01.234.567.8-901",
        phone="call me",
        qris_payload=damaged_qris(),
        owner_pin="12a4",
    )
    with pytest.raises(SettingsRefused) as refused, fresh.write() as s:
        set_up_shop(s, bad)
    problems = refused.value.by_key()
    assert list(problems) == [
        "shop.name",
        "shop.phone",
        "shop.nib",
        "shop.npwp",
        "qris.static_payload",
        "shop.owner",
        PIN,
    ]
    assert problems["shop.nib"] == "NIB terdiri dari 13 angka; yang ini 5 angka."
    assert problems["shop.npwp"] == "NPWP terdiri dari 15 atau 16 angka; yang ini 12 angka."
    assert "CRC" in problems["qris.static_payload"]
    with fresh.read() as s:
        assert not is_initialised(s)
        assert s.query(User).count() == 0


def test_the_pin_must_be_typed_the_same_twice() -> None:
    with pytest.raises(SettingsRefused) as refused:
        check_profile(profile(owner_pin_again="482914"))
    assert refused.value.by_key() == {PIN_AGAIN: "Kedua PIN tidak sama."}


def test_a_pkp_shop_must_give_its_npwp_and_a_16_digit_npwp_is_kept_as_digits() -> None:
    with pytest.raises(SettingsRefused) as refused:
        check_profile(profile(npwp=""))
    assert list(refused.value.by_key()) == ["shop.npwp"]
    assert check_profile(profile(npwp="3171 0123 4567 8901"))["shop.npwp"] == "3171012345678901"
    assert check_profile(profile(npwp="", ppn_mode="none"))["shop.npwp"] == ""


def test_a_qris_code_for_one_payment_is_not_the_shops_qris() -> None:
    with pytest.raises(SettingsRefused) as refused:
        check_profile(profile(qris_payload=qris("12", amount="25000")))
    assert "satu pembayaran" in refused.value.by_key()["qris.static_payload"]


def test_the_first_owner_is_added_as_laci_init_adds_one(fresh: Database) -> None:
    # No one approves the first owner: there is no one yet. Later users need an owner (see users.add_user).
    with fresh.write() as s:
        owner = set_up_shop(s, profile())
    with fresh.read() as s:
        assert [u.id for u in list_users(s) if u.role == "owner"] == [owner.user_id]
    with pytest.raises(NotAllowed), fresh.write() as s:
        add_user(s, "Dewi", "cashier", "1357")
