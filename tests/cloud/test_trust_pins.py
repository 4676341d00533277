"""PIN hashes in the cloud: keyed with a key only the shop's counters hold, from now on and for what was there.

An argon2id hash of a 4 to 6 digit PIN falls to a search of 10^4 to 10^6 guesses; keyed with the shop's PIN key
(HMAC-SHA256 over the argon2id output) it tells whoever reads the cloud's database nothing a search can test.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from argon2 import PasswordHasher
from pgserver import PostgresCluster
from psycopg.types.json import Jsonb
from rogue import enrol_rogue
from server import ThreadServer
from shops import shop_with_counters, sync_all
from trust_support import insert_event

from pos.cloud.db import CloudDB, migrate
from pos.ledger.people.users import add_user, change_pin

PLAIN = '"$argon2'  # how an unkeyed hash starts inside stored JSON


def plain_hashes(cloud: CloudDB, shop_id: uuid.UUID | None = None) -> int:
    with cloud.transaction(shop_id) as conn:
        events = conn.execute("SELECT count(*) FROM events WHERE payload::text LIKE %s", (f"%{PLAIN}%",)).fetchone()
        state = conn.execute("SELECT count(*) FROM master_state WHERE value::text LIKE %s", (f"%{PLAIN}%",)).fetchone()
    assert events is not None and state is not None
    return int(events[0]) + int(state[0])


def test_no_pin_hash_reaches_the_cloud_unkeyed(tmp_path: Path, cloud_db: CloudDB, service: ThreadServer) -> None:
    shop = shop_with_counters(tmp_path, cloud_db, service.url, 2)
    with shop.counters[0].write() as s:
        cashier = add_user(s, "Dewi", "cashier", "1357", by=shop.owner)
        change_pin(s, shop.owner.user_id, "864200", by=shop.owner)
        change_pin(s, cashier, "2468", by=shop.owner)
    sync_all(shop)
    rogue = enrol_rogue(shop.counters[0], service.url)
    # Even an owner's device could not store one: a dishonest counter's unkeyed hash is refused too.
    plain = PasswordHasher().hash("0000")
    answer = rogue.push(rogue.change("users", cashier.hex, {"pin_hash": plain}))
    assert "keyed" in answer.json()["rejected"][0]["reason"]
    with shop.counters[0].read() as s:
        from pos.ledger.replication import sync_state

        shop_id = uuid.UUID(sync_state.enrolment(s).shop_id)  # type: ignore[union-attr]
    assert plain_hashes(cloud_db, shop_id) == 0
    with cloud_db.transaction(shop_id) as conn:
        keyed = conn.execute(
            "SELECT count(*) FROM master_state WHERE entity = 'users' AND field = 'pin_hash' "
            "AND value #>> '{}' LIKE '$laci-k1$%%'"
        ).fetchone()
    assert keyed == (2,)


def test_the_upgrade_takes_the_unkeyed_hashes_out_of_the_cloud(postgres: PostgresCluster) -> None:
    url = postgres.create_database(f"laci_upgrade_{uuid.uuid4().hex[:8]}")
    migrate(url, "c0001")  # the cloud as it was
    shop, device, user = uuid.uuid4(), uuid.uuid4(), uuid.uuid4().hex
    plain = PasswordHasher().hash("2468")
    sale = uuid.uuid4().hex
    old = CloudDB(url, max_size=1)
    try:
        with old.transaction(shop) as conn:
            conn.execute("INSERT INTO shops (shop_id, name, last_seq) VALUES (%s, 'Warung Lama', 2)", (shop,))
            conn.execute(
                "INSERT INTO devices (shop_id, device_id, code, name) VALUES (%s, %s, 'A', '')", (shop, device)
            )
            fields = {"name": "Bu Sri", "role": "owner", "pin_hash": plain, "is_active": True}
            rows = {"sales": [{"id": sale, "receipt_no": "A-20260101-0001"}]}
            for seq, kind, payload in (
                (1, "change", {"entity": "users", "key": user, "fields": fields, "hlc": "x"}),
                (2, "sale.completed", {"rows": rows}),
            ):
                insert_event(conn, shop, seq, device, seq, kind, payload)
            for field, value in fields.items():
                conn.execute(
                    "INSERT INTO master_state (shop_id, entity, key, field, value, hlc) VALUES (%s, 'users', %s, "
                    "%s, %s, 'x')",
                    (shop, user, field, Jsonb(value)),
                )
        assert plain_hashes(old, shop) == 2
    finally:
        old.close()
    migrate(url)
    cloud = CloudDB(url, max_size=1)
    try:
        assert plain_hashes(cloud, shop) == 0
        with cloud.transaction(shop) as conn:
            kept = conn.execute("SELECT payload->'fields' FROM events WHERE server_seq = 1").fetchone()
            known = conn.execute("SELECT kind, key FROM known_rows ORDER BY kind").fetchall()
            checked = conn.execute("SELECT checked_from FROM shops").fetchone()
        assert kept == ({"name": "Bu Sri", "role": "owner", "is_active": True},)  # the rest of the user stays
        assert known == [("sales", sale), ("sales.receipt_no", "A-20260101-0001")]  # what later events may name
        assert checked == (3,)  # counters apply what came before the checks as they did then
    finally:
        cloud.close()
