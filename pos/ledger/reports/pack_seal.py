"""Sealing a loan pack: the statement its code signs, signing it with the shop's key, and checking the books later.

The statement binds the period, the shop, a digest of every printed line (`pack_figures`), the key figures, and
each counter's chain head when the pack was made. An enrolled shop has the sync service witness and sign it (the
service compares the heads with those it holds; see `pos.sync.client`); otherwise the shop's own key signs it,
which proves the figures were not changed since, but not that the books behind them were never rewritten. Each
statement is kept on the counter, so `laci verify` here can tell whether the books still agree with it.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base import attest
from pos.ledger.base.chain import devices_of
from pos.ledger.base.errors import InvalidInput
from pos.ledger.books.journal import head_hashes
from pos.ledger.books.signing import existing_key, shop_key
from pos.ledger.replication import sync_state
from pos.ledger.reports.pack import LoanPack
from pos.ledger.reports.pack_figures import Line, key_figures, printed_lines
from pos.ledger.schema import PackStatement, core

KIND = "loan_pack"


def chain_heads(session: Session) -> list[list[Any]]:
    """Each counter's last journal entry in these books: `[device, sequence, hash]`, in device order."""
    return [[device.hex, seq, digest] for device, (seq, digest) in sorted(head_hashes(session).items())]


def shop_id(session: Session) -> str:
    """The shop's identity in a statement: its id at the sync service, or else its own key's id."""
    found = sync_state.enrolment(session)
    if found is not None:
        return found.shop_id
    return "key:" + attest.key_id(attest.public_bytes(shop_key(session)))


def statement_body(
    session: Session, pack: LoanPack, lang: str, made_at: dt.datetime
) -> tuple[dict[str, Any], list[Line]]:
    """The unsigned statement of `pack` in `lang`, and the printed lines its digest covers."""
    lines = printed_lines(pack, lang)
    shop = pack.shop
    body = {
        "v": attest.VERSION,
        "kind": KIND,
        "shop": {"id": shop_id(session), "name": shop.name, "town": shop.city, "nib": shop.nib, "npwp": shop.npwp},
        "period": [pack.period.start.isoformat(), pack.period.end.isoformat()],
        "lang": lang,
        "made_at": made_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "figures": attest.digest(lines),
        "key_figures": key_figures(pack),
        "heads": chain_heads(session),
        "books_start": pack.books_start.isoformat() if pack.books_start else None,
    }
    return body, lines


def sign_by_shop(session: Session, body: dict[str, Any], at: dt.datetime) -> str:
    """The statement signed with the shop's own key (no service witnessed the books)."""
    key = shop_key(session)
    public = attest.public_bytes(key)
    signed = {
        **body,
        "pub": attest.encode_key(public),
        "witness": {
            "by": "shop",
            "key": attest.key_id(public),
            "at": at.astimezone(dt.UTC).isoformat(timespec="seconds"),
        },
    }
    return attest.sign(signed, key)


def keep(session: Session, token: str, lines: list[Line]) -> str:
    """Store a made statement on this counter; returns its code."""
    signed = attest.decode(token)
    body = signed.body
    start, end = (dt.date.fromisoformat(x) for x in body["period"])
    session.execute(
        insert(core(PackStatement)).prefix_with("OR IGNORE"),
        [
            {
                "code": signed.code,
                "made_at": dt.datetime.fromisoformat(body["made_at"]),
                "period_start": start,
                "period_end": end,
                "lang": str(body.get("lang", "")),
                "token": token,
                "figures": json.dumps(lines, ensure_ascii=False, separators=(",", ":")),
            }
        ],
    )
    return signed.code


def kept(session: Session, code: str) -> tuple[str, list[Line]] | None:
    """The token and printed lines of a pack made on this counter, by its code."""
    row = session.execute(select(PackStatement.token, PackStatement.figures).where(PackStatement.code == code)).first()
    return (row.token, json.loads(row.figures)) if row else None


@dataclass(frozen=True, slots=True)
class Agreement:
    """Whether these books still agree with a statement: its chain heads are still in them, and nothing dated in
    (or before) its period was booked after it was made."""

    missing_heads: tuple[str, ...]  # counters whose entry at the statement's head is gone or differs
    later_entries: int  # entries dated on or before the period's end, booked after the statement's heads

    @property
    def ok(self) -> bool:
        return not self.missing_heads and self.later_entries == 0


def books_agree(session: Session, body: dict[str, Any]) -> Agreement:
    """Compare the books with a statement's heads and period; reads one row per counter and an index range."""
    heads = body.get("heads")
    period = body.get("period")
    if not isinstance(heads, list) or not isinstance(period, list) or len(period) != 2:
        raise InvalidInput(N_("This is not a signed statement from Laci."))
    end = str(period[1])
    missing: list[str] = []
    later = 0
    for device_hex, seq, digest in heads:
        device = uuid.UUID(hex=str(device_hex))
        found = session.execute(
            text("SELECT hash FROM journal_entries WHERE device_id = :d AND device_seq = :s"),
            {"d": device.bytes, "s": int(seq)},
        ).scalar()
        if found != digest:
            missing.append(device.hex[:8])
        later += int(
            session.execute(
                text(
                    "SELECT COUNT(*) FROM journal_entries WHERE device_id = :d AND device_seq > :s "
                    "AND business_date <= :end"
                ),
                {"d": device.bytes, "s": int(seq), "end": end},
            ).scalar_one()
        )
    known = [uuid.UUID(hex=str(h[0])).bytes for h in heads]
    # A counter that had booked nothing when the pack was made may have booked into its period since.
    for (device_raw,) in session.execute(text(devices_of("journal_entries"))):
        if bytes(device_raw) not in known:
            later += int(
                session.execute(
                    text("SELECT COUNT(*) FROM journal_entries WHERE device_id = :d AND business_date <= :end"),
                    {"d": bytes(device_raw), "end": end},
                ).scalar_one()
            )
    return Agreement(tuple(missing), later)


@dataclass(frozen=True, slots=True)
class SealedPack:
    """A pack with its signed statement, as the PDF prints it."""

    pack: LoanPack
    lang: str
    token: str
    lines: list[Line]
    page_url: str = ""  # the service's verification page for this code, when a service witnessed it

    @property
    def code(self) -> str:
        return attest.code_of(self.token)

    @property
    def body(self) -> dict[str, Any]:
        return attest.decode(self.token).body

    @property
    def witnessed(self) -> bool:
        return bool(self.body.get("witness", {}).get("by") == "service")

    @property
    def signed_at(self) -> dt.datetime:
        return dt.datetime.fromisoformat(str(self.body["witness"]["at"]))

    @property
    def key_id(self) -> str:
        return str(self.body["witness"]["key"])


def seal_locally(session: Session, pack: LoanPack, lang: str, at: dt.datetime) -> SealedPack:
    """Sign `pack` with the shop's own key and keep the statement (in the caller's write transaction)."""
    body, lines = statement_body(session, pack, lang, at)
    token = sign_by_shop(session, body, at)
    keep(session, token, lines)
    return SealedPack(pack, lang, token, lines)


@dataclass(frozen=True, slots=True)
class StatementCheck:
    """What `laci verify` found: the signature, the figures, and (on the shop's own books) the books' agreement."""

    verdict: attest.Verdict
    agreement: Agreement | None  # None when the statement is not of these books

    @property
    def ok(self) -> bool:
        return self.verdict.ok and (self.agreement is None or self.agreement.ok)


def of_these_books(session: Session, body: dict[str, Any]) -> bool:
    """Whether a statement names the shop whose books `session` reads."""
    shop = body.get("shop")
    if not isinstance(shop, dict):
        return False
    if sync_state.enrolment(session) is None and existing_key(session) is None:
        return False  # this shop never signed anything
    return bool(shop.get("id") == shop_id(session))


def check_statement(
    session: Session | None, token: str, lines: list[Line] | None, service_keys: dict[str, bytes]
) -> StatementCheck:
    """Check a pack's signed statement: its signature (the service's published keys, or the shop's own key it
    carries), that `lines` are the figures it binds, and, on the shop's own books, that they still agree."""
    verdict = attest.check(token, service_keys, lines)
    body = verdict.signed.body
    agreement = books_agree(session, body) if session is not None and of_these_books(session, body) else None
    return StatementCheck(verdict, agreement)
