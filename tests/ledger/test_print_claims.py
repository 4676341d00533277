"""The print queue in the core: claims with leases, their invariants under any interleaving of workers that
claim, settle, die and come back, the drawer kick once per sale, backoff, and what people do to the queue
(retry now, another printer, cancel with a reason), audited."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from shop_support import AT, Counter, code, sell, set_up_counter
from tests_support import copy_db

from pos.ledger.base.db import Database
from pos.ledger.base.errors import Conflict, InvalidInput, LedgerError
from pos.ledger.base.money import Money
from pos.ledger.books import audit
from pos.ledger.counter import print_claims, print_queue
from pos.ledger.counter.payments import Payment
from pos.ledger.schema import PrintJob, SaleQris
from pos.ledger.shop import settings as shop_settings

LEASE = dt.timedelta(seconds=30)


@pytest.fixture
def counter(db: Database) -> Counter:
    shop = set_up_counter(db)
    with db.write() as s:
        shop_settings.put(s, "printer.uri", "preview:")
    return shop


def cash_sale(counter: Counter, at: dt.datetime = AT) -> uuid.UUID:
    return sell(counter, counter.cashier, [(code(1), 1)], [Payment("cash", Money(10_000))], at=at).sale_id


def rows(db: Database) -> list[PrintJob]:
    with db.read() as s:
        return list(s.query(PrintJob).order_by(PrintJob.created_at, PrintJob.id))


def test_a_cash_sale_queues_its_drawer_first_and_only_once(counter: Counter) -> None:
    sale = cash_sale(counter)
    assert [(r.kind, r.source_id, r.open_drawer) for r in rows(counter.db)] == [
        ("drawer", sale, True),
        ("receipt", sale, False),
    ]
    with counter.db.write() as s:
        assert print_queue.enqueue_drawer(s, sale, AT) is None  # a second kick for the same sale: refused
        print_queue.reprint(s, "receipt", sale, AT)
    assert [r.kind for r in rows(counter.db)] == ["drawer", "receipt", "receipt"]  # a copy never kicks


def test_the_drawer_kicks_even_when_receipts_are_not_printed_by_themselves(counter: Counter) -> None:
    with counter.db.write() as s:
        shop_settings.put(s, "receipt.auto_print", False)
    cash_sale(counter)
    assert [r.kind for r in rows(counter.db)] == ["drawer"]


def test_jobs_are_claimed_in_order_one_printer_at_a_time(counter: Counter) -> None:
    first, second = cash_sale(counter), cash_sale(counter, AT + dt.timedelta(seconds=1))
    db = counter.db
    with db.write() as s:
        a = print_claims.claim_next(s, "a", "", AT, LEASE)
        b = print_claims.claim_next(s, "b", "", AT, LEASE)
    assert a.claim is not None and a.claim.job.kind == "drawer" and a.claim.job.source_id == first
    assert b.claim is None and b.busy  # a holds the printer: b leaves its jobs alone
    with db.write() as s:
        assert print_claims.settle(s, a.claim, "printed", AT)
        assert not print_claims.settle(s, a.claim, "printed", AT)  # settled once; the lease is gone
        nxt = print_claims.claim_next(s, "b", "", AT, LEASE)
    assert nxt.claim is not None and nxt.claim.job.kind == "receipt" and nxt.claim.job.source_id == first
    del second


def test_a_failed_job_backs_off_and_the_whole_printer_with_it(counter: Counter) -> None:
    cash_sale(counter)
    db = counter.db
    with db.write() as s:
        claim = print_claims.claim_next(s, "a", "", AT, LEASE).claim
        assert claim is not None
        print_claims.settle(s, claim, "failed", AT, error="off", maybe_sent=False)
        print_claims.hold_printer(s, "", AT + print_claims.backoff(1))
    with db.write() as s:
        assert print_claims.claim_next(s, "a", "", AT, LEASE, due_only=True).claim is None
        assert print_claims.next_due(s) == AT + dt.timedelta(seconds=5)
        assert print_claims.claim_next(s, "a", "", AT + dt.timedelta(seconds=5), LEASE, due_only=True).claim


@pytest.mark.parametrize(("attempts", "seconds"), [(1, 5), (2, 10), (3, 20), (7, 300), (60, 300)])
def test_backoff_doubles_to_five_minutes(attempts: int, seconds: int) -> None:
    assert print_claims.backoff(attempts) == dt.timedelta(seconds=seconds)


def test_retry_now_cancel_and_another_printer_are_audited(counter: Counter) -> None:
    sale = cash_sale(counter)
    db = counter.db
    drawer, receipt = rows(db)
    with db.write() as s:
        print_queue.redirect(s, counter.cashier, receipt.id, "tcp://10.0.0.7:9100", AT)
        with pytest.raises(InvalidInput):
            print_queue.redirect(s, counter.cashier, drawer.id, "tcp://10.0.0.7:9100", AT)
    with pytest.raises(InvalidInput) as no_reason, db.write() as s:
        print_queue.cancel(s, counter.cashier, drawer.id, "   ", AT)
    assert no_reason.value.msgid == "Say why the slip is cancelled."
    with db.write() as s:
        print_queue.cancel(s, counter.cashier, drawer.id, "Laci dibuka manual", AT)
        assert print_claims.due_printers(s, AT, due_only=False) == ["tcp://10.0.0.7:9100"]
        assert print_queue.retry_now(s, receipt.id, AT) == 1
    with db.read() as s:
        [cancelled] = audit.entries(s, "print.cancel")
        [moved] = audit.entries(s, "print.redirect")
        status = print_queue.status(s, AT)
    assert cancelled.reason == "Laci dibuka manual" and cancelled.detail["kind"] == "drawer"
    assert cancelled.user_id == counter.cashier.user_id
    assert moved.detail == {"job": receipt.id.hex, "kind": "receipt", "from": "", "to": "tcp://10.0.0.7:9100"}
    assert status.pending == 1 and [r.status for r in rows(db)] == ["cancelled", "pending"]
    del sale


def test_an_unknown_kind_of_slip_is_a_fault_in_the_code_not_wrong_input(counter: Counter) -> None:
    # Only the code names a slip's kind; a person never types one, so no "wrong input" message would help them.
    with counter.db.read() as s:
        before = print_queue.pending(s)
    with pytest.raises(ValueError, match="unknown kind of slip 'nope'") as fault, counter.db.write() as s:
        print_queue.enqueue(s, "nope", None, at=AT)
    assert not isinstance(fault.value, LedgerError)
    with counter.db.read() as s:
        assert print_queue.pending(s) == before


def test_a_slip_being_printed_cannot_be_cancelled_under_the_worker(counter: Counter) -> None:
    cash_sale(counter)
    with counter.db.write() as s:
        claim = print_claims.claim_next(s, "a", "", AT, LEASE).claim
    assert claim is not None
    with pytest.raises(Conflict) as refused, counter.db.write() as s:
        print_queue.cancel(s, counter.owner, claim.job.id, "salah", AT)
    assert "right now" in refused.value.msgid


class Workers(RuleBasedStateMachine):
    """Workers claim, settle, fail and die in any order while the clock moves; whatever happens, no two hold a
    job of one printer at once, a settled job is never claimed again, and a drawer kick that may have gone out
    is never claimed again."""

    base: Path  # a shop with its people, shift and printer, made once
    base_counter: Counter
    folder: Path

    @initialize(sales=st.integers(1, 3))
    def shop(self, sales: int) -> None:
        self.db = copy_db(type(self).base, type(self).folder / uuid.uuid4().hex)
        self.counter = dataclasses.replace(type(self).base_counter, db=self.db)
        for n in range(sales):
            cash_sale(self.counter, AT + dt.timedelta(seconds=n))
        self.now = AT
        self.held: dict[str, print_claims.Claim] = {}
        self.settled: set[uuid.UUID] = set()
        self.kicks_maybe_sent: set[uuid.UUID] = set()

    def teardown(self) -> None:
        if hasattr(self, "db"):
            self.db.dispose()

    @rule(worker=st.sampled_from("abc"))
    def claim(self, worker: str) -> None:
        if worker in self.held:
            return
        with self.db.write() as s:
            got = print_claims.claim_next(s, worker, "", self.now, LEASE)
        if got.claim is not None:
            job = got.claim.job.id
            assert job not in self.settled, "a settled job was claimed again"
            assert job not in self.kicks_maybe_sent, "a drawer kick that may have gone out was claimed again"
            self.held[worker] = got.claim

    @rule(worker=st.sampled_from("abc"), outcome=st.sampled_from(["printed", "sent", "failed", "lost"]))
    def settle(self, worker: str, outcome: str) -> None:
        claim = self.held.pop(worker, None)
        if claim is None:
            return
        maybe_sent = outcome == "lost"
        with self.db.write() as s:
            done = print_claims.settle(
                s, claim, "failed" if outcome == "lost" else outcome, self.now, maybe_sent=maybe_sent
            )  # type: ignore[arg-type]
        if not done:
            return  # its lease ran out and another took the job over
        if outcome in ("printed", "sent") or (claim.job.kind == "drawer" and maybe_sent):
            self.settled.add(claim.job.id)

    @rule(worker=st.sampled_from("abc"))
    def die(self, worker: str) -> None:
        claim = self.held.pop(worker, None)
        if claim is not None and claim.job.kind == "drawer":
            self.kicks_maybe_sent.add(claim.job.id)  # it may have sent the kick before it died

    @rule(seconds=st.sampled_from([1, 10, 31, 200]))
    def time_passes(self, seconds: int) -> None:
        self.now += dt.timedelta(seconds=seconds)
        for worker, claim in list(self.held.items()):
            if claim.until <= self.now:
                del self.held[worker]  # too slow: its lease is gone, as if it had died
                if claim.job.kind == "drawer":
                    self.kicks_maybe_sent.add(claim.job.id)

    @invariant()
    def one_live_holder_per_printer(self) -> None:
        if not hasattr(self, "db"):
            return
        with self.db.read() as s:
            live = {
                r.lease_owner
                for r in s.query(PrintJob)
                if r.status == "pending" and r.lease_until is not None and r.lease_until > self.now
            }
        assert len(live) <= 1


def test_claims_hold_under_any_interleaving(template_db: Path, tmp_path: Path) -> None:
    base = copy_db(template_db, tmp_path / "base")
    Workers.base_counter = set_up_counter(base)
    with base.write() as s:
        shop_settings.put(s, "printer.uri", "preview:")
    base.dispose()
    Workers.base, Workers.folder = tmp_path / "base" / "laci.sqlite3", tmp_path
    state = Workers.TestCase
    state.settings = settings(
        max_examples=25, stateful_step_count=25, deadline=None, suppress_health_check=list(HealthCheck)
    )
    state().runTest()


def test_an_older_queue_upgrades_with_its_jobs_and_the_qris_its_receipts_were_paid_with(tmp_path: Path) -> None:
    """Revision 0012 rebuilds print_jobs (leases, two new ends) and keeps, for a QRIS sale whose receipt still
    waits, the static QRIS it would have printed with."""
    import shutil
    import sqlite3

    from pos.ledger.shop.opening import open_database

    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "upgrade"
    path = tmp_path / "laci.sqlite3"
    shutil.copyfile(fixtures / "laci-rev-0011.sqlite3", path)
    old = sqlite3.connect(path)
    sale = uuid.UUID(int=3).bytes  # the fixture's sale
    old.execute(  # a QRIS part of the payment (payment rows cannot be changed, only added)
        "INSERT INTO sale_payments (sale_id, line_no, method, amount, tendered, provider, reference) "
        "VALUES (?, 2, 'qris', 1000, 1000, '', '')",
        (sale,),
    )
    old.execute("INSERT INTO settings (key, value, hlc) VALUES ('qris.static_payload', '\"000201STATIC\"', '')")
    for n, (kind, status) in enumerate([("receipt", "pending"), ("test", "printed"), ("drawer", "expired")], 20):
        old.execute(
            "INSERT INTO print_jobs (id, kind, source_id, payload, is_copy, open_drawer, status, attempts, "
            "last_error, created_at, printed_at) VALUES (?, ?, ?, '{}', 0, ?, ?, 2, 'mati', "
            "'2026-01-15T03:00:00.000000+00:00', NULL)",
            (uuid.UUID(int=n).bytes, kind, sale if kind == "receipt" else None, kind == "drawer", status),
        )
    old.commit()
    old.close()
    db = open_database(path)
    try:
        with db.read() as s:
            jobs = {r.kind: r for r in s.query(PrintJob)}
            kept = s.get(SaleQris, uuid.UUID(int=3))
        assert {k: (r.status, r.attempts, r.last_error) for k, r in jobs.items()} == {
            "receipt": ("pending", 2, "mati"),
            "test": ("printed", 2, "mati"),
            "drawer": ("expired", 2, "mati"),
        }
        receipt = jobs["receipt"]
        assert (receipt.printer_uri, receipt.lease_owner, receipt.maybe_sent) == ("", None, False)
        assert kept is not None and kept.static_payload == "000201STATIC"
        with db.write() as s:
            print_queue.enqueue_drawer(s, uuid.UUID(int=3), AT)
            assert print_queue.enqueue_drawer(s, uuid.UUID(int=3), AT) is None
    finally:
        db.dispose()
