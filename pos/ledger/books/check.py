"""`laci check`: everything that must hold in a shop's books, each check a small function with its own message.

A full check reads every row: SQLite's page check, foreign keys, the fact triggers, balanced entries, a zero trial
balance, day totals against lines, the journal's and the audit log's hash chains, each sale, return and payment
against its entry, stock against its movements, and the chains against the sync service's copy when the shop is
enrolled. A quick check (the default of `laci check`) does the same from the newest checkpoint on: it confirms
the checkpoint still holds (its signature, the sealed entries' hashes, the sealed totals, an unchanged schema)
and reads only what came after, so it takes the same time at five years as in the first week. When there is no
checkpoint it can trust, it checks everything; a passing check of either kind seals a new one once a day.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final

from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.chain import devices_of
from pos.ledger.base.errors import BooksProblem
from pos.ledger.books import check_chains, check_records, check_totals, checkpoints, witnessed
from pos.ledger.books._price_checks import price_problems
from pos.ledger.books.checkpoints import Seal
from pos.ledger.books.journal import Anchor

# Why a quick check became a full one (shown to the owner, who waits longer than usual).
NO_CHECKPOINT: Final = N_("There is no checkpoint yet, so every entry was checked.")
OTHER_KEY: Final = N_("The checkpoints were signed with a key this computer does not have, so every entry was checked.")
SCHEMA_CHANGED: Final = N_("The database's structure changed since the last checkpoint, so every entry was checked.")
ALTERED: Final = N_("The last checkpoint of the books was altered after it was signed.")


@dataclass(frozen=True, slots=True)
class CheckReport:
    problems: tuple[BooksProblem, ...]
    full: bool = True  # every row was read
    since: dt.datetime | None = None  # when the checkpoint a quick check started from was made
    note: str = ""  # message id: why a quick check read everything

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class Scope:
    """What a check reads: everything (`seal` None), or what came after a checkpoint's seal. A full check still
    holds the chains against the newest checkpoint it can trust (`vouched`)."""

    seal: Seal | None
    vouched: Seal | None = None

    @property
    def chains(self) -> dict[uuid.UUID, Anchor] | None:
        return self.seal.journal if self.seal else None

    @property
    def audit(self) -> dict[uuid.UUID, Anchor] | None:
        return self.seal.audit if self.seal else None

    def after(self, table: str) -> int:
        return self.seal.rowids.get(table, 0) if self.seal else 0


def _newer_days(session: Session, since: dict[uuid.UUID, Anchor]) -> list[str]:
    days: set[str] = set()
    for (device_raw,) in session.execute(text(devices_of("journal_entries"))):
        device = uuid.UUID(bytes=bytes(device_raw))
        days.update(
            str(d)
            for (d,) in session.execute(
                text("SELECT DISTINCT business_date FROM journal_entries WHERE device_id = :d AND device_seq > :s"),
                {"d": device.bytes, "s": since.get(device, (0, ""))[0]},
            )
        )
    return sorted(days)


def _checks(session: Session, scope: Scope) -> Iterable[Callable[[], Iterable[BooksProblem]]]:
    """Every check, in the order its findings are listed."""
    seal = scope.seal
    yield lambda: check_totals.fact_triggers(session)
    if seal is None:
        yield lambda: check_totals.foreign_keys(session)
    yield lambda: check_totals.balanced(session, scope.chains)
    yield lambda: check_totals.zero_trial_balance(session)
    if seal is None:
        yield lambda: check_totals.day_totals(session, None)
    else:
        yield lambda: check_totals.day_totals(session, _newer_days(session, seal.journal))
        yield lambda: check_totals.sealed_month_totals(session, seal.journal, seal.totals)
        yield lambda: check_totals.sealed_stock(session, seal.rowids.get("stock_movements", 0), seal.stock)
    if seal is None and scope.vouched is not None:
        vouched = scope.vouched
        yield lambda: check_chains.sealed_heads(session, vouched.journal, vouched.audit)
    yield lambda: check_chains.journal_chain(session, scope.chains)
    yield lambda: check_chains.audit_chain(session, scope.audit)
    yield lambda: check_records.sales_booked(session, scope.after("sales"))
    yield lambda: check_records.returns_booked(session, scope.after("sale_returns"))
    yield lambda: check_records.payments_booked(session, scope.after("party_payments"))
    yield lambda: check_records.entries_have_records(session, scope.chains)
    yield lambda: check_totals.stock_levels(session, scope.after("stock_movements") if seal else None)
    yield lambda: check_chains.cloud_witness(session, witnessed.load(session))
    yield lambda: price_problems(session)  # each sale's price effects tied to its books


def _run(session: Session, scope: Scope) -> list[BooksProblem]:
    problems: list[BooksProblem] = []
    for check in _checks(session, scope):
        problems.extend(check())
    return problems


def check_books(session: Session, *, full: bool = True) -> CheckReport:
    """Check the books: every row (`full`), or what came after the newest checkpoint this computer can trust."""
    found = checkpoints.newest(session)
    if not full:
        if found is None:
            note = NO_CHECKPOINT
        elif not found.own_key:
            note = OTHER_KEY
        elif not found.signature_ok:
            note = ""  # the checkpoint itself was edited: the full check says so
        elif schema_changed(session, found.seal):
            note = SCHEMA_CHANGED
        else:
            return CheckReport(tuple(_run(session, Scope(found.seal))), False, found.made_at, "")
        report = check_books(session, full=True)
        return CheckReport(report.problems, True, None, note)
    damage = check_totals.file_damage(session)
    if damage:
        # The other checks read the same pages and would only fail on them: the file comes first.
        return CheckReport(tuple(damage))
    problems: list[BooksProblem] = []
    if found is not None and found.own_key and not found.signature_ok:
        # Signed with this computer's key, and the signature does not hold.
        problems.append(BooksProblem(ALTERED))
    vouched = found.seal if found is not None and found.signature_ok else None
    return CheckReport(tuple(problems + _run(session, Scope(None, vouched))))


def schema_changed(session: Session, seal: Seal) -> bool:
    """Whether a table, index or trigger was dropped or made since `seal` (SQLite's cookie moves on every one)."""
    return seal.schema_cookie != checkpoints.schema_cookie(session) or seal.triggers != checkpoints.triggers_digest(
        session
    )


def seal_after(session: Session, report: CheckReport, today: dt.date) -> Seal | None:
    """After a passing check, the seal of the books as that same snapshot showed them, if a checkpoint is due (at
    most one per closed day). The caller signs it with `checkpoints.make` in a write transaction: rows booked in
    between lie after the seal and are checked next time."""
    if not report.ok:
        return None
    through = today - dt.timedelta(days=1)
    if not checkpoints.due(checkpoints.newest(session), through):
        return None
    return checkpoints.current_seal(session, through)
