"""A dishonest device for the tests: enrolled with an invite like any counter, then talking to the cloud by hand.

It holds what a cashier's counter holds (its token and, from its invite, the shop's PIN key) and sends whatever
it likes, numbered as the protocol wants so the service has to judge each event on what it says.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

from pos.ledger.base.chain import GENESIS_HASH, journal_row_hash
from pos.ledger.base.db import Database
from pos.ledger.replication import pins
from pos.sync.client import SyncClient, parse_invite

_clock = itertools.count()


@dataclass
class Rogue:
    url: str
    token: str
    device_id: uuid.UUID
    key: bytes | None
    seq: int = 0
    answers: list[dict[str, Any]] = field(default_factory=list)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def stamp(self, ahead: dt.timedelta = dt.timedelta(0)) -> str:
        ms = int((dt.datetime.now(dt.UTC) + ahead).timestamp() * 1000) + next(_clock)
        return f"{ms:013d}-00000-{self.device_id.hex}"

    def change(self, entity: str, key: str, fields: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        return "change", {"entity": entity, "key": key, "fields": fields, "hlc": self.stamp()}

    def push(self, *events: tuple[str, Any], url: str | None = None) -> httpx.Response:
        """Send events numbered after what the cloud acknowledged; the cursor follows the answer."""
        body = []
        for n, (kind, payload) in enumerate(events, self.seq + 1):
            body.append(
                {
                    "id": str(uuid.uuid4()),
                    "device_seq": n,
                    "kind": kind,
                    "schema_version": 1,
                    "payload": payload,
                    "created_at": dt.datetime.now(dt.UTC).isoformat(),
                }
            )
        answer = httpx.post(f"{url or self.url}/v1/push", json={"events": body}, headers=self.headers, timeout=30)
        if answer.status_code in (200, 409):
            self.seq = int(answer.json()["acked"])
            self.answers.append(answer.json())
        return answer

    def pull(self, after: int = 0) -> list[dict[str, Any]]:
        answer = httpx.get(f"{self.url}/v1/events", params={"after": after, "limit": 2000}, headers=self.headers)
        answer.raise_for_status()
        return list(answer.json()["events"])

    def keyed_pin(self, pin: str) -> str:
        return pins.hash_pin(pin, self.key)


def enrol_rogue(owner: Database, url: str, code: str = "R") -> Rogue:
    """A device enrolled with a counter invite from the owner's device (leaked, or handed to a dishonest cashier)."""
    with SyncClient(owner) as client:
        invite = client.invite()
    service_code, key = parse_invite(invite)
    device_id = uuid.uuid4()
    answer = httpx.post(
        f"{url}/v1/enrol", json={"code": service_code, "device_id": str(device_id), "device_code": code}, timeout=30
    )
    answer.raise_for_status()
    assert answer.json()["owner"] is False
    return Rogue(url, str(answer.json()["token"]), device_id, key)


@dataclass
class Books:
    """The rogue's own journal chain, so the sales it makes up are well formed and chain like a counter's."""

    seq: int = 0
    head: str = GENESIS_HASH
    receipts: int = 0

    def took(self, event: tuple[str, dict[str, Any]]) -> None:
        """The shop stored this made-up sale: the chain goes on from its entry."""
        entry = event[1]["rows"]["journal_entries"][0]
        self.seq, self.head, self.receipts = int(entry["device_seq"]), str(entry["hash"]), self.receipts + 1


def forge_sale(
    rogue: Rogue, books: Books, product_id: str, *, amount: int = 5_000, qty_milli: int = 1_000, commit: bool = True
) -> tuple[str, dict[str, Any]]:
    """A sale as a counter would write it (entry, lines, payment, stock), well formed in every respect; the
    tests then break one thing at a time. `commit` moves the rogue's chain on (when the event will be stored)."""
    now = dt.datetime.now(dt.UTC)
    day = now.date().isoformat()
    at = now.isoformat(timespec="microseconds")
    entry_id, sale_id = uuid.uuid4().hex, uuid.uuid4().hex
    device = rogue.device_id.hex
    entry = {
        "id": entry_id,
        "device_id": device,
        "device_seq": books.seq + 1,
        "business_date": day,
        "created_at": at,
        "kind": "sale",
        "memo": "R-forged",
        "source_id": sale_id,
        "reverses_id": None,
        "prev_hash": books.head,
    }
    lines = [
        {"entry_id": entry_id, "line_no": 1, "account_code": "1-100", "debit": amount, "credit": 0, "party_id": None},
        {"entry_id": entry_id, "line_no": 2, "account_code": "4-100", "debit": 0, "credit": amount, "party_id": None},
    ]
    entry["hash"] = journal_row_hash(entry, lines)
    receipt = f"R-{now:%Y%m%d}-{books.receipts + 1:04d}-{uuid.uuid4().hex[:4]}"
    sale = {
        "id": sale_id,
        "receipt_no": receipt,
        "device_id": device,
        "business_date": day,
        "created_at": at,
        "ppn_mode": "none",
        "gross": amount,
        "discount": 0,
        "dpp": amount,
        "ppn": 0,
        "rounding": 0,
        "total": amount,
        "tendered": amount,
        "change": 0,
        "cost": 0,
        "entry_id": entry_id,
    }
    line = {
        "sale_id": sale_id,
        "line_no": 1,
        "product_id": product_id,
        "name": "Barang",
        "qty_milli": qty_milli,
        "pack_milli": 1000,
        "unit_price": amount,
        "gross": amount,
        "line_discount": 0,
        "cart_discount": 0,
        "net": amount,
        "dpp": amount,
        "ppn": 0,
        "revenue": amount,
        "cost": 0,
    }
    payment = {"sale_id": sale_id, "line_no": 1, "method": "cash", "amount": amount, "tendered": amount}
    move = {
        "id": uuid.uuid4().hex,
        "product_id": product_id,
        "kind": "sale",
        "qty_milli": -qty_milli,
        "value": 0,
        "source_id": sale_id,
        "business_date": day,
        "created_at": at,
    }
    if commit:
        books.seq, books.head, books.receipts = books.seq + 1, str(entry["hash"]), books.receipts + 1
    rows = {
        "journal_entries": [entry],
        "journal_lines": lines,
        "sales": [sale],
        "sale_lines": [line],
        "sale_payments": [payment],
        "stock_movements": [move],
    }
    return "sale.completed", {"rows": rows}
