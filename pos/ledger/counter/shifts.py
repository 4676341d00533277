"""Shifts at the drawer: open with a float, cash in and out, the X report at any time, close with a count.

Cash put in or taken out is booked to the account its purpose names (change brought from home is capital, a
bank deposit moves to Bank, petty purchases are expenses). At close, the counted cash is compared with what the
drawer should hold and the difference is booked to Selisih kas, so Kas in the books matches the drawer.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Final

from sqlalchemy import bindparam, insert, select, text
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base import fmt
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.device import local_device
from pos.ledger.base.errors import Conflict, InvalidInput, NotFound
from pos.ledger.base.ids import ShiftId, new_id
from pos.ledger.base.money import Money
from pos.ledger.books import accounts, audit
from pos.ledger.books.approvals import Actor, Approval, require
from pos.ledger.books.journal import credit, debit, post_entry
from pos.ledger.replication.changes import emit_facts
from pos.ledger.schema import CashMovement, Shift, ShiftClose, core
from pos.ledger.shop import settings

DENOMINATIONS: Final = (100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100)

# Purposes of cash put into the drawer, and the account the money comes from.
CASH_IN_PURPOSES: Final = {
    "capital": accounts.MODAL,  # change or capital brought by the owner
    "bank_withdrawal": accounts.BANK,
    "other_income": accounts.PENDAPATAN_LAIN,
}
# Purposes of cash taken out, and the account it goes to.
CASH_OUT_PURPOSES: Final = {
    "bank_deposit": accounts.BANK,
    "drawing": accounts.PRIVE,
    "expense:gaji": accounts.BEBAN_GAJI,
    "expense:sewa": accounts.BEBAN_SEWA,
    "expense:listrik_air": accounts.BEBAN_LISTRIK_AIR,
    "expense:transport": accounts.BEBAN_TRANSPORT,
    "expense:lain": accounts.BEBAN_LAIN,
}


@dataclass(frozen=True, slots=True)
class ShiftInfo:
    id: ShiftId
    opened_by: uuid.UUID
    opened_at: dt.datetime
    business_date: dt.date
    opening_float: int


_SHIFTS, _CLOSES = core(Shift), core(ShiftClose)
# Built once and run through Core: every sale asks for the open shift. Read newest first along
# ix_shifts_device_id_opened_at, the open shift (the newest, while the counter trades) is the first row looked at,
# however many shifts the counter has had; the join and sort it replaced read them all on every sale.
_OPEN_SHIFT = (
    select(_SHIFTS.c.id, _SHIFTS.c.opened_by, _SHIFTS.c.opened_at, _SHIFTS.c.business_date, _SHIFTS.c.opening_float)
    .where(
        _SHIFTS.c.device_id == bindparam("device"),
        ~select(_CLOSES.c.shift_id).where(_CLOSES.c.shift_id == _SHIFTS.c.id).exists(),
    )
    .order_by(_SHIFTS.c.opened_at.desc())
    .limit(1)
)


def current_shift(session: Session) -> ShiftInfo | None:
    """This counter's open shift, if any."""
    device = local_device(session)
    row = session.connection().execute(_OPEN_SHIFT, {"device": device.id}).first()
    if row is None:
        return None
    return ShiftInfo(ShiftId(row.id), row.opened_by, row.opened_at, row.business_date, row.opening_float)


def require_open_shift(session: Session) -> ShiftInfo:
    shift = current_shift(session)
    if shift is None:
        raise Conflict(N_("No shift is open on this counter. Open a shift first."))
    return shift


def open_shift(session: Session, actor: Actor, opening_float: Money, *, at: dt.datetime | None = None) -> ShiftId:
    """Start a shift with the cash already in the drawer (the float). One open shift per counter."""
    if opening_float.rupiah < 0:
        raise InvalidInput(N_("The opening cash cannot be negative."))
    if current_shift(session) is not None:
        raise Conflict(N_("A shift is already open on this counter."))
    when = at or utc_now()
    day = business_date(when, settings.load(session).timezone)
    sid = new_id()
    row = {
        "id": sid,
        "device_id": local_device(session).id,
        "opened_by": actor.user_id,
        "opened_at": when,
        "business_date": day,
        "opening_float": opening_float.rupiah,
    }
    session.execute(insert(core(Shift)), [row])
    audit.record(session, "shift.open", at=when, user_id=actor.user_id, detail={"float": opening_float.rupiah})
    emit_facts(session, "shift.opened", {"shifts": [row]}, when)
    return ShiftId(sid)


def _cash_movement(
    session: Session,
    actor: Actor,
    direction: str,
    amount: Money,
    purpose: str,
    note: str,
    approved_by: uuid.UUID | None,
    when: dt.datetime,
) -> uuid.UUID:
    if amount.rupiah <= 0:
        raise InvalidInput(N_("The amount must be more than zero."))
    purposes = CASH_IN_PURPOSES if direction == "in" else CASH_OUT_PURPOSES
    other = purposes.get(purpose)
    if other is None:
        raise InvalidInput(N_("Choose what the cash is for."))
    shift = require_open_shift(session)
    day = business_date(when, settings.load(session).timezone)
    postings = (
        [debit(accounts.KAS, amount.rupiah), credit(other, amount.rupiah)]
        if direction == "in"
        else [debit(other, amount.rupiah), credit(accounts.KAS, amount.rupiah)]
    )
    entry = post_entry(
        session, kind=f"cash_{direction}", postings=postings, at=when, business_date=day, memo=note or purpose
    )
    mid = new_id()
    movement = {
        "id": mid,
        "shift_id": shift.id,
        "direction": direction,
        "amount": amount.rupiah,
        "purpose": purpose,
        "note": note[:200],
        "user_id": actor.user_id,
        "approved_by": approved_by,
        "created_at": when,
        "entry_id": entry.id,
    }
    session.execute(insert(core(CashMovement)), [movement])
    audit.record(
        session,
        f"cash.{direction}",
        at=when,
        user_id=actor.user_id,
        reason=note,
        approved_by=approved_by,
        detail={"amount": amount.rupiah, "purpose": purpose},
    )
    emit_facts(session, "cash.moved", {**entry.rows(), "cash_movements": [movement]}, when)
    return mid


def cash_in(
    session: Session, actor: Actor, amount: Money, purpose: str, note: str = "", *, at: dt.datetime | None = None
) -> uuid.UUID:
    """Put cash into the drawer (change from the owner, money fetched from the bank)."""
    return _cash_movement(session, actor, "in", amount, purpose, note, None, at or utc_now())


def cash_out(
    session: Session,
    actor: Actor,
    amount: Money,
    purpose: str,
    note: str = "",
    *,
    approvals: tuple[Approval, ...] = (),
    at: dt.datetime | None = None,
) -> uuid.UUID:
    """Take cash out of the drawer; a cashier needs the owner's approval."""
    when = at or utc_now()
    approved_by = require(actor, "cash_out", approvals, when)
    return _cash_movement(session, actor, "out", amount, purpose, note, approved_by, when)


@dataclass(frozen=True, slots=True)
class ShiftReport:
    """The figures of a shift: the X report while it is open, the Z report at close."""

    shift_id: str
    opened_at: str
    opening_float: int
    sales_count: int
    gross: int
    discounts: int
    ppn: int
    rounding: int
    total: int
    by_method: dict[str, int] = field(default_factory=dict)
    refunds_count: int = 0
    refunds_total: int = 0
    refunds_cash: int = 0
    voids_count: int = 0
    voids_total: int = 0
    voids_cash: int = 0
    cash_in: int = 0
    cash_out: int = 0
    kasbon_paid_cash: int = 0
    expected_cash: int = 0
    orders_cash: int = 0  # down payments on orders taken in cash, less those paid back in cash

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def shift_report(session: Session, shift_id: uuid.UUID | None = None) -> ShiftReport:
    """Figures of `shift_id` (default: the open shift). Voided sales are counted apart, not in the takings."""
    sid, opened_at, opening_float = _the_shift(session, shift_id)
    p = {"s": sid.bytes}
    sales = _ints(session, _SALES, p)
    by_method = {m: int(a) for m, a in session.execute(text(_BY_METHOD), p)}
    voids = _ints(session, _VOIDS, p)
    (voided_cash_rung_here,) = _ints(session, _VOIDED_CASH_RUNG_HERE, p)
    refunds = _ints(session, _REFUNDS, p)
    moves: dict[str, int] = dict(session.execute(text(_CASH_MOVES), p).all())
    (kasbon_cash,) = _ints(session, _KASBON_CASH, p)
    (orders_cash,) = _ints(session, _ORDERS_CASH, p)
    return shift_figures(
        ShiftSums(
            shift_id=sid.hex,
            opened_at=opened_at.isoformat(),
            opening_float=opening_float,
            sales=(sales[0], sales[1], sales[2], sales[3], sales[4], sales[5]),
            by_method=by_method,
            voids=(voids[0], voids[1], voids[2]),
            voided_cash_rung_here=voided_cash_rung_here,
            refunds=(refunds[0], refunds[1], refunds[2]),
            cash_in=int(moves.get("in", 0)),
            cash_out=int(moves.get("out", 0)),
            kasbon_cash=kasbon_cash,
            orders_cash=orders_cash,
        )
    )


def _the_shift(session: Session, shift_id: uuid.UUID | None) -> tuple[ShiftId, dt.datetime, int]:
    """The id, opening time and float of `shift_id`, or of the open shift."""
    if shift_id is None:
        shift = require_open_shift(session)
        return shift.id, shift.opened_at, shift.opening_float
    row = session.get(Shift, shift_id)
    if row is None:
        raise NotFound(N_("Shift not found."))
    return ShiftId(row.id), row.opened_at, row.opening_float


def _ints(session: Session, sql: str, params: dict[str, bytes]) -> tuple[int, ...]:
    return tuple(int(v) for v in session.execute(text(sql), params).one())


# A shift's sums, each read by one query; sales voided are counted apart from the sales that stand.
_SALES: Final = (
    "SELECT COUNT(*), COALESCE(SUM(s.gross),0), COALESCE(SUM(s.discount),0), COALESCE(SUM(s.ppn),0), "
    "COALESCE(SUM(s.rounding),0), COALESCE(SUM(s.total),0) FROM sales s "
    "WHERE s.shift_id = :s AND NOT EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = s.id)"
)
_BY_METHOD: Final = (
    "SELECT p.method, SUM(p.amount) FROM sale_payments p JOIN sales s ON s.id = p.sale_id "
    "WHERE s.shift_id = :s AND NOT EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = s.id) "
    "GROUP BY p.method ORDER BY p.method"
)
_VOIDS: Final = (
    "SELECT COUNT(*), COALESCE(SUM(s.total),0), COALESCE(SUM((SELECT COALESCE(SUM(amount),0) "
    "FROM sale_payments p WHERE p.sale_id = s.id AND p.method = 'cash')),0) "
    "FROM sale_voids v JOIN sales s ON s.id = v.sale_id WHERE v.shift_id = :s"
)
_VOIDED_CASH_RUNG_HERE: Final = (
    "SELECT COALESCE(SUM(p.amount),0) FROM sale_voids v JOIN sales s ON s.id = v.sale_id "
    "JOIN sale_payments p ON p.sale_id = s.id AND p.method = 'cash' WHERE s.shift_id = :s"
)
_REFUNDS: Final = (
    "SELECT COUNT(*), COALESCE(SUM(amount),0), COALESCE(SUM(CASE WHEN refund_method='cash' THEN amount END),0) "
    "FROM sale_returns WHERE shift_id = :s"
)
_CASH_MOVES: Final = "SELECT direction, SUM(amount) FROM cash_movements WHERE shift_id = :s GROUP BY direction"
_KASBON_CASH: Final = (
    "SELECT COALESCE(SUM(amount), 0) FROM party_payments "
    "WHERE shift_id = :s AND party_kind = 'customer' AND method = 'cash'"
)
_ORDERS_CASH: Final = (
    "SELECT COALESCE(SUM(CASE WHEN kind = 'refund' THEN -amount ELSE amount END), 0) FROM order_payments "
    "WHERE shift_id = :s AND method = 'cash'"
)


@dataclass(frozen=True, slots=True)
class ShiftSums:
    """What a shift's facts add up to. `shift_report` reads them from the books; the owner's web pages from their
    copy of the same facts; `shift_figures` turns either into the X report by the one rule."""

    shift_id: str
    opened_at: str
    opening_float: int
    sales: tuple[int, int, int, int, int, int]  # sales that stand: count, gross, discounts, PPN, rounding, total
    by_method: dict[str, int]  # what each method paid of those sales
    voids: tuple[int, int, int]  # sales voided in this shift: count, their totals, their cash
    voided_cash_rung_here: int  # cash of sales rung up in this shift and voided (in it or later)
    refunds: tuple[int, int, int]  # returns in this shift: count, amount, paid back in cash
    cash_in: int
    cash_out: int
    kasbon_cash: int  # kasbon paid off in cash into this drawer
    orders_cash: int  # down payments taken in cash, less those paid back in cash


def shift_figures(sums: ShiftSums) -> ShiftReport:
    """The X report of a shift from its sums, with the cash the drawer should hold."""
    cash_sales = sums.by_method.get("cash", 0)
    # Cash sales here exclude voided ones; a sale voided in a later shift still took cash into this drawer.
    expected = (
        sums.opening_float
        + cash_sales
        + sums.voided_cash_rung_here
        - sums.voids[2]
        - sums.refunds[2]
        + sums.cash_in
        - sums.cash_out
        + sums.kasbon_cash
        + sums.orders_cash
    )
    count, gross, discounts, ppn, rounding, total = sums.sales
    return ShiftReport(
        shift_id=sums.shift_id,
        opened_at=sums.opened_at,
        opening_float=sums.opening_float,
        sales_count=count,
        gross=gross,
        discounts=discounts,
        ppn=ppn,
        rounding=rounding,
        total=total,
        by_method=dict(sums.by_method),
        refunds_count=sums.refunds[0],
        refunds_total=sums.refunds[1],
        refunds_cash=sums.refunds[2],
        voids_count=sums.voids[0],
        voids_total=sums.voids[1],
        voids_cash=sums.voids[2],
        cash_in=sums.cash_in,
        cash_out=sums.cash_out,
        kasbon_paid_cash=sums.kasbon_cash,
        expected_cash=expected,
        orders_cash=sums.orders_cash,
    )


def count_cash(denominations: Mapping[int, int]) -> int:
    """The value of a drawer count given as {denomination: how many}."""
    total = 0
    for value, count in denominations.items():
        if value not in DENOMINATIONS:
            raise InvalidInput(N_("{value} is not a rupiah note or coin."), value=fmt.rupiah(value))
        if count < 0:
            raise InvalidInput(N_("A count cannot be negative."))
        total += value * count
    return total


@dataclass(frozen=True, slots=True)
class ShiftCloseResult:
    report: ShiftReport
    counted: int
    difference: int  # counted less expected; negative when the drawer is short


def close_shift(
    session: Session, actor: Actor, denominations: Mapping[int, int], *, at: dt.datetime | None = None
) -> ShiftCloseResult:
    """Close the open shift with the counted cash; the over or short is booked to Selisih kas."""
    when = at or utc_now()
    shift = require_open_shift(session)
    counted = count_cash(denominations)
    report = shift_report(session, shift.id)
    difference = counted - report.expected_cash
    entry_id = None
    facts: dict[str, list[dict[str, Any]]] = {}
    if difference:
        day = business_date(when, settings.load(session).timezone)
        postings = (
            [debit(accounts.KAS, difference), credit(accounts.SELISIH_KAS, difference)]
            if difference > 0
            else [debit(accounts.SELISIH_KAS, -difference), credit(accounts.KAS, -difference)]
        )
        entry = post_entry(
            session,
            kind="cash_difference",
            postings=postings,
            at=when,
            business_date=day,
            memo="Selisih kas",
            source_id=shift.id,
        )
        facts = entry.rows()
        entry_id = entry.id
    row = {
        "shift_id": shift.id,
        "closed_by": actor.user_id,
        "closed_at": when,
        "counted_cash": counted,
        "expected_cash": report.expected_cash,
        "difference": difference,
        "denominations": json.dumps({str(k): v for k, v in sorted(denominations.items(), reverse=True)}),
        "z_report": json.dumps(report.as_dict()),
        "entry_id": entry_id,
    }
    session.execute(insert(core(ShiftClose)), [row])
    audit.record(
        session,
        "shift.close",
        at=when,
        user_id=actor.user_id,
        detail={"counted": counted, "expected": report.expected_cash, "difference": difference},
    )
    emit_facts(session, "shift.closed", {**facts, "shift_closes": [row]}, when)
    return ShiftCloseResult(report, counted, difference)


def z_report(session: Session, shift_id: uuid.UUID) -> ShiftReport:
    """The figures kept with a closed shift, exactly as they were at close."""
    row = session.get(ShiftClose, shift_id)
    if row is None:
        raise NotFound(N_("This shift has not been closed."))
    return ShiftReport(**json.loads(row.z_report))
