"""Guessing PINs: every try counted before it is checked, a lock that grows and does not start over when it
lapses, counted alike on every counter through sync; and PIN hashes keyed so the cloud cannot search them."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from replicas import deliver, new_counter, outbox
from shop_support import AT, CASHIER_PIN, OWNER_PIN, Counter, set_up_counter

from pos.ledger.base.db import Database
from pos.ledger.base.errors import NotAllowed
from pos.ledger.base.ids import UserId
from pos.ledger.people import lockout
from pos.ledger.people.users import add_user, approve, authenticate, change_pin
from pos.ledger.replication import pins


@pytest.fixture
def counter(db: Database) -> Counter:
    return set_up_counter(db)


@pytest.mark.slow  # argon2id for every guess
def test_guesses_made_at_the_same_moment_are_all_counted_before_any_is_checked(
    counter: Counter, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []
    real_verify = pins.verify

    def counting_verify(stored: str, pin: str, key: bytes | None) -> bool:
        checked.append(pin)
        return real_verify(stored, pin, key)

    monkeypatch.setattr(pins, "verify", counting_verify)
    refused: list[str] = []

    def guess(n: int) -> None:
        try:
            authenticate(counter.db, counter.cashier.user_id, f"{n:04d}", at=AT)
        except NotAllowed as err:
            refused.append(str(err))

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(refused) == 12
    assert len(checked) == lockout.FREE_TRIES  # the others found the user locked before their PIN was looked at
    with counter.db.read() as s:
        assert lockout.state(s, counter.cashier.user_id, AT).failures == lockout.FREE_TRIES


def guesses_within(counter: Counter, span: dt.timedelta) -> int:
    """How many PINs someone guessing as fast as the lock allows tries in `span` (every guess wrong)."""
    at, tried = AT, 0
    while at < AT + span:
        with counter.db.read() as s:
            lock = lockout.state(s, counter.cashier.user_id, at)
        if lock.until is not None and lock.locked(at):
            with pytest.raises(NotAllowed):  # refused without a look at the PIN, and not counted
                authenticate(counter.db, counter.cashier.user_id, CASHIER_PIN, at=at)
            at = lock.until + dt.timedelta(seconds=1)
            continue
        with pytest.raises(NotAllowed):
            authenticate(counter.db, counter.cashier.user_id, "0000", at=at)
        tried += 1
    return tried


@pytest.mark.slow  # argon2id for every guess
def test_the_lock_grows_and_does_not_start_over_when_it_lapses(counter: Counter) -> None:
    assert lockout.lock_length(4) is None
    assert [lockout.lock_length(n) for n in (5, 6, 7)] == [dt.timedelta(minutes=m) for m in (1, 2, 4)]
    assert lockout.lock_length(40) == lockout.MAX_LOCK
    assert guesses_within(counter, dt.timedelta(hours=1)) == 10


@pytest.mark.slow  # argon2id for every guess
def test_a_day_of_guessing_gets_fifteen_tries(counter: Counter) -> None:
    assert guesses_within(counter, dt.timedelta(days=1)) == 15


def test_the_right_pin_or_a_new_one_starts_the_count_again(counter: Counter) -> None:
    for n in range(4):
        with pytest.raises(NotAllowed):
            authenticate(counter.db, counter.cashier.user_id, "0000", at=AT + dt.timedelta(seconds=n))
    authenticate(counter.db, counter.cashier.user_id, CASHIER_PIN, at=AT + dt.timedelta(seconds=5))
    with counter.db.read() as s:
        assert lockout.state(s, counter.cashier.user_id, AT + dt.timedelta(seconds=6)).failures == 0
    # A right PIN dated in the future (a clock far ahead, or a dishonest counter) does not wipe the count.
    for n in range(3):
        with pytest.raises(NotAllowed):
            authenticate(counter.db, counter.cashier.user_id, "0000", at=AT + dt.timedelta(minutes=1, seconds=n))
    with counter.db.write() as s:
        lockout.note_right(s, counter.cashier.user_id, AT + dt.timedelta(days=365), "login")
    with counter.db.read() as s:
        assert lockout.state(s, counter.cashier.user_id, AT + dt.timedelta(minutes=2)).failures == 3


@pytest.mark.slow  # argon2id for every guess
def test_wrong_pins_at_one_counter_lock_the_user_out_at_the_others(tmp_path: Path) -> None:
    a, b = new_counter(tmp_path / "a", "A"), new_counter(tmp_path / "b", "B")
    with a.write() as s:
        owner = UserId(add_user(s, "Bu Sri", "owner", OWNER_PIN, at=AT))
    deliver(outbox(a), b)
    seen = len(outbox(a))
    for n in range(3):
        with pytest.raises(NotAllowed):
            approve(a, "000000", "void", at=AT + dt.timedelta(seconds=n))
    for n in range(2):
        with pytest.raises(NotAllowed):
            approve(b, "111111", "void", at=AT + dt.timedelta(seconds=10 + n))
    deliver(outbox(a, seen), b)  # A's tries reach B with sync
    with b.read() as s:
        lock = lockout.state(s, owner, AT + dt.timedelta(seconds=20))
    assert lock.failures == 5 and lock.locked(AT + dt.timedelta(seconds=20))
    with pytest.raises(NotAllowed, match=r"terkunci|locked"):
        approve(b, OWNER_PIN, "void", at=AT + dt.timedelta(seconds=20))  # even the right PIN waits


def test_a_pin_hash_without_the_shops_key_tells_a_search_nothing(tmp_path: Path) -> None:
    a = new_counter(tmp_path / "a", "A")
    with a.write() as s:
        add_user(s, "Bu Sri", "owner", OWNER_PIN, at=AT)
    travelled = [p["fields"]["pin_hash"] for _n, kind, p in outbox(a) if kind == "change" and p["entity"] == "users"]
    assert travelled and all(h.startswith(pins.KEYED_PREFIX) for h in travelled)
    with a.read() as s:
        key = pins.shop_key(s)
    assert pins.verify(travelled[0], OWNER_PIN, key)
    assert not pins.verify(travelled[0], OWNER_PIN, pins.new_key())  # another key: no PIN matches
    with pytest.raises(pins.KeyMissing):
        pins.verify(travelled[0], OWNER_PIN, None)  # no key: nothing to test a guess against


def test_a_new_pin_from_the_owner_lifts_a_lock(counter: Counter) -> None:
    for n in range(lockout.FREE_TRIES):
        with pytest.raises(NotAllowed):
            authenticate(counter.db, counter.cashier.user_id, "0000", at=AT + dt.timedelta(seconds=n))
    later = AT + dt.timedelta(seconds=30)
    with counter.db.read() as s:
        assert lockout.state(s, counter.cashier.user_id, later).locked(later)
    with counter.db.write() as s:
        change_pin(s, counter.cashier.user_id, "8642", by=counter.owner, at=later)
    assert authenticate(counter.db, counter.cashier.user_id, "8642", at=later + dt.timedelta(seconds=1))
