"""Money that settles a tab: a customer paying kasbon or the shop paying a supplier, booked one way."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any, Literal

from sqlalchemy import insert
from sqlalchemy.orm import Session

from pos.ledger.base.ids import new_id
from pos.ledger.books import audit
from pos.ledger.books.approvals import Actor
from pos.ledger.books.journal import Posting, post_entry
from pos.ledger.replication.changes import emit_facts
from pos.ledger.schema import PartyPayment, core


def book_party_payment(
    session: Session,
    actor: Actor | None,
    *,
    party_kind: Literal["customer", "supplier"],
    party_id: uuid.UUID,
    amount: int,
    method: str,
    entry_kind: str,
    postings: Sequence[Posting],
    memo: str,
    note: str,
    shift_id: uuid.UUID | None,
    audit_action: str,
    when: dt.datetime,
    day: dt.date,
) -> dict[str, Any]:
    """Post the entry, keep the payment row, audit it and queue it for the other counters; returns the row."""
    pid = new_id()
    entry = post_entry(
        session,
        kind=entry_kind,
        postings=postings,
        at=when,
        business_date=day,
        memo=memo,
        source_id=pid,
    )
    row = {
        "id": pid,
        "party_kind": party_kind,
        "party_id": party_id,
        "amount": amount,
        "method": method,
        "shift_id": shift_id,
        "business_date": day,
        "created_at": when,
        "user_id": actor.user_id if actor else None,
        "note": note[:200],
        "entry_id": entry.id,
    }
    session.execute(insert(core(PartyPayment)), [row])
    if actor is not None:
        audit.record(session, audit_action, at=when, user_id=actor.user_id, detail={"amount": amount, "method": method})
    emit_facts(session, "party.paid", {**entry.rows(), "party_payments": [row]}, when)
    return row
