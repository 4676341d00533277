"""Enrolment never takes a device over: a leaked invite code, the owner's device id and the cloud's answers.

Over real HTTP against the real service on PostgreSQL, as someone holding a forwarded invite code would try.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import httpx
import pytest
from cli_support import laci
from replicas import new_counter
from server import ThreadServer
from shops import sell, shop_with_counters, sync_all
from test_sync_faults import stored_once

from pos.cloud.auth import INVITE_LIFETIME, authenticate, new_enrolment_code
from pos.cloud.db import CloudDB
from pos.ledger.base.db import Database
from pos.ledger.replication import sync_state
from pos.sync.client import SyncClient, SyncError, check_url, enrol


def token_of(db: Database) -> str:
    with db.read() as s:
        found = sync_state.enrolment(s)
    assert found is not None
    return found.token


def device_id_of(db: Database) -> uuid.UUID:
    with db.read() as s:
        from pos.ledger.base.device import local_device

        return local_device(s).id


def enrol_raw(url: str, code: str, device_id: uuid.UUID, device_code: str = "Z") -> httpx.Response:
    return httpx.post(
        f"{url}/v1/enrol", json={"code": code, "device_id": str(device_id), "device_code": device_code}, timeout=30
    )


def test_a_leaked_invite_cannot_take_over_the_owners_device(
    tmp_path: Path, cloud_db: CloudDB, service: ThreadServer
) -> None:
    shop = shop_with_counters(tmp_path, cloud_db, service.url, 2)
    owner = shop.counters[0]
    with SyncClient(owner) as client:
        leaked = client.invite().split(".")[0]  # the screenshot forwarded on WhatsApp
    # Anyone enrolled can read the shop's device ids; the attacker takes the owner's and the counter's.
    for victim in (owner, shop.counters[1]):
        answer = enrol_raw(service.url, leaked, device_id_of(victim), device_code="Z")
        assert answer.status_code == 409, answer.text
        assert "already enrolled" in answer.json()["detail"]
    # The owner's device keeps its token and its role, and its next event is stored, not anyone else's.
    caller = authenticate(cloud_db, token_of(owner))
    assert caller.owner and caller.device_id == device_id_of(owner)
    sell(shop, 0, 0, 1)
    sync_all(shop)
    stored_once(cloud_db, shop)
    # The code was not spent on the attempts: it still enrols a new device, as a counter, under its own id.
    stranger = new_counter(tmp_path / "stranger", "Z")
    enrol(stranger, service.url, leaked)
    joined = authenticate(cloud_db, token_of(stranger))
    assert not joined.owner and joined.device_id == device_id_of(stranger)
    # And the owner sees the attempts in the device log.
    with SyncClient(owner) as client:
        log = client.device_log()
    refused = [e for e in log if e["action"] == "refused"]
    assert {e["device_id"] for e in refused} == {device_id_of(d).hex for d in shop.counters}


def test_the_owner_replaces_a_device_on_purpose_and_its_old_token_stops(
    tmp_path: Path, cloud_db: CloudDB, service: ThreadServer
) -> None:
    shop = shop_with_counters(tmp_path, cloud_db, service.url, 2)
    owner, counter_b = shop.counters
    old_token = token_of(counter_b)
    sell(shop, 1, 1, 2)
    sync_all(shop)
    with SyncClient(owner) as client:
        invite = client.invite(replaces=device_id_of(counter_b))
    # A counter invite without "replaces" is not enough for B's id, whoever uses it.
    with SyncClient(owner) as client:
        plain = client.invite().split(".")[0]
    assert enrol_raw(service.url, plain, device_id_of(counter_b), "B").status_code == 409
    # Nor is the replacement invite for any other device.
    assert enrol_raw(service.url, invite.split(".")[0], uuid.uuid4(), "Y").status_code == 409
    # B's machine, restored, enrols again with it: the old token is revoked, the new one works.
    enrol(counter_b, service.url, invite)
    assert httpx.get(f"{service.url}/v1/devices", headers={"Authorization": f"Bearer {old_token}"}).status_code == 401
    sell(shop, 1, 0, 1)
    sync_all(shop)
    stored_once(cloud_db, shop)
    with SyncClient(owner) as client:
        actions = [(e["code"], e["action"]) for e in client.device_log()]
    assert ("B", "replaced") in actions


def test_an_invite_states_its_role_and_only_an_owners_device_makes_one(
    tmp_path: Path, cloud_db: CloudDB, service: ThreadServer
) -> None:
    shop = shop_with_counters(tmp_path, cloud_db, service.url, 2)
    counter_token = {"Authorization": f"Bearer {token_of(shop.counters[1])}"}
    for body in ({}, {"role": "owner"}, {"role": "counter"}):
        refused = httpx.post(f"{service.url}/v1/enrolment-codes", json=body, headers=counter_token)
        assert refused.status_code == 403
    with SyncClient(shop.counters[0]) as client:
        as_counter, as_owner = client.invite(), client.invite(owner=True)
    second = new_counter(tmp_path / "second", "C")
    enrol(second, service.url, as_counter)
    assert not authenticate(cloud_db, token_of(second)).owner
    third = new_counter(tmp_path / "third", "D")
    enrol(third, service.url, as_owner)
    assert authenticate(cloud_db, token_of(third)).owner
    # Used once only.
    assert enrol_raw(service.url, as_counter.split(".")[0], uuid.uuid4(), "E").status_code == 403


def test_an_invite_lapses_after_an_hour(tmp_path: Path, cloud_db: CloudDB, service: ThreadServer) -> None:
    shop = shop_with_counters(tmp_path, cloud_db, service.url, 1)
    caller = authenticate(cloud_db, token_of(shop.counters[0]))
    made = dt.datetime.now(dt.UTC) - INVITE_LIFETIME - dt.timedelta(seconds=5)
    stale = new_enrolment_code(cloud_db, caller.shop_id, by=caller.device_id, now=made)
    assert enrol_raw(service.url, stale, uuid.uuid4(), "Q").status_code == 403
    fresh = new_enrolment_code(cloud_db, caller.shop_id, by=caller.device_id, now=made + dt.timedelta(minutes=2))
    assert enrol_raw(service.url, fresh, uuid.uuid4(), "Q").status_code == 200


def test_enrolment_sends_the_token_only_over_https_or_to_this_computer(tmp_path: Path) -> None:
    for url in ("https://sync.example.id", "http://127.0.0.1:8740", "http://localhost:8740", "http://[::1]:8740"):
        check_url(url)
    for url in ("http://sync.example.id", "http://192.0.2.7:8740", "ftp://sync.example.id", "sync.example.id"):
        with pytest.raises(SyncError):
            check_url(url)
    data = str(tmp_path / "counter")
    assert laci("--data-dir", data, "init", "--shop-name", "Warung", "--if-empty").returncode == 0
    refused = laci("--data-dir", data, "sync", "enrol", "http://192.0.2.7:8740", "ABC123-DEF456-789ABC")
    assert refused.returncode == 2 and "https://" in refused.stderr


def test_the_owner_lists_devices_and_replaces_one_from_the_command_line(
    tmp_path: Path, cloud_db: CloudDB, service: ThreadServer
) -> None:
    shop_with_counters(tmp_path, cloud_db, service.url, 2)
    owner, counter_b = str(tmp_path / "c0"), str(tmp_path / "c1")
    listed = laci("--data-dir", owner, "--lang", "en", "sync", "devices")
    assert listed.returncode == 0, listed.stderr
    rows = [line.split() for line in listed.stdout.splitlines()]
    assert rows[0][:4] == ["A", "owner's", "device", "active"] and rows[1][:3] == ["B", "counter", "active"]
    assert any("enrolled" in line for line in listed.stdout.splitlines())  # the device log, for the owner
    refused = laci("--data-dir", counter_b, "sync", "invite")
    assert refused.returncode == 4  # refused: a counter makes no invites
    made = laci("--data-dir", owner, "--lang", "en", "sync", "invite", "--replace", "B")
    assert made.returncode == 0, made.stderr
    invite = made.stdout.split(": ", 1)[1].split()[0]
    assert "." in invite  # the code, then the shop's PIN key
    again = laci("--data-dir", counter_b, "sync", "enrol", service.url, invite)
    assert again.returncode == 0, again.stderr
    assert laci("--data-dir", counter_b, "sync", "now").returncode == 0
