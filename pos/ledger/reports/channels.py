"""Sales by channel over a period: what each channel sold, the ongkir charged, what platforms kept as
commission, refunds, and the net takings; and what each platform still owes at the period's end.

Voided sales are left out; refunds count on the channel of the sale refunded, on the day of the refund, and a
refund through the platform gives back the platform's commission on the returned goods that day too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.ledger.base.period import Period
from pos.ledger.books import accounts
from pos.ledger.channels.channels import PLATFORM_KINDS, channel_party
from pos.ledger.reports.rows import plain

_NOT_VOIDED = "NOT EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = s.id)"


@dataclass(frozen=True, slots=True)
class ChannelRow:
    channel: str  # the channel's code
    name: str
    kind: str
    sales: int  # how many sales
    goods: int  # what the goods came to (the totals less ongkir)
    delivery_fees: int  # ongkir charged
    total: int  # what customers paid, ongkir included
    commission: int  # kept by the platform, less what it gave back on refunds through it
    refunds: int = 0  # paid back on returns of this channel's sales

    @property
    def net(self) -> int:
        """What the shop keeps of the takings: less the platform's commission and refunds."""
        return self.total - self.commission - self.refunds

    def as_dict(self) -> dict[str, Any]:
        return {**plain(self), "net": self.net}


@dataclass(frozen=True, slots=True)
class PlatformOwed:
    channel: str
    name: str
    settled: int  # paid out by the platform within the period
    owed: int  # still to be paid out at the end of the period


@dataclass(frozen=True, slots=True)
class ChannelReport:
    period: Period
    rows: tuple[ChannelRow, ...]
    platforms: tuple[PlatformOwed, ...]

    @property
    def total(self) -> ChannelRow:
        def add(name: str) -> int:
            return sum(int(getattr(r, name)) for r in self.rows)

        return ChannelRow(
            "total",
            "",
            "",
            add("sales"),
            add("goods"),
            add("delivery_fees"),
            add("total"),
            add("commission"),
            add("refunds"),
        )

    def row(self, channel: str) -> ChannelRow | None:
        return next((r for r in self.rows if r.channel == channel), None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period.as_dict(),
            "rows": [r.as_dict() for r in self.rows],
            "total": self.total.as_dict(),
            "platforms": [plain(p) for p in self.platforms],
        }


def _channels(session: Session) -> list[tuple[str, str, str]]:
    return [
        (str(code), str(name), str(kind))
        for code, name, kind in session.execute(text("SELECT code, name, kind FROM channels ORDER BY position, name"))
    ]


def channel_rows(session: Session, period: Period) -> tuple[ChannelRow, ...]:
    """A row per channel that sold or refunded anything in `period`, in the channels' order."""
    p = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    sold = {
        str(r[0]): tuple(int(x) for x in r[1:])
        for r in session.execute(
            text(
                "SELECT s.channel, COUNT(*), COALESCE(SUM(s.total - s.delivery_fee), 0), "
                "COALESCE(SUM(s.delivery_fee), 0), COALESCE(SUM(s.total), 0), COALESCE(SUM(s.commission), 0) "
                f"FROM sales s WHERE s.business_date BETWEEN :start AND :end AND {_NOT_VOIDED} GROUP BY 1"
            ),
            p,
        )
    }
    refunded = {
        str(channel): (int(amount), int(commission))
        for channel, amount, commission in session.execute(
            text(
                "SELECT s.channel, SUM(r.amount), SUM(r.commission) FROM sale_returns r "
                "JOIN sales s ON s.id = r.sale_id "
                "WHERE r.business_date BETWEEN :start AND :end GROUP BY 1"
            ),
            p,
        )
    }
    known = _channels(session)
    # A sale synced from a counter that knows a channel this one does not yet: shown under its code.
    codes = {code for code, _name, _kind in known}
    known += [(code, code, "") for code in sorted((sold.keys() | refunded.keys()) - codes)]
    rows = []
    for code, name, kind in known:
        if code not in sold and code not in refunded:
            continue
        count, goods, fees, total, commission = sold.get(code, (0, 0, 0, 0, 0))
        refunds, given_back = refunded.get(code, (0, 0))
        rows.append(ChannelRow(code, name, kind, count, goods, fees, total, commission - given_back, refunds))
    return tuple(rows)


def _platforms(session: Session, period: Period) -> tuple[PlatformOwed, ...]:
    out = []
    for code, name, kind in _channels(session):
        if kind not in PLATFORM_KINDS:
            continue
        owed = session.execute(
            text(
                "SELECT COALESCE(SUM(l.debit - l.credit), 0) FROM journal_lines l "
                "JOIN journal_entries e ON e.id = l.entry_id "
                "WHERE l.party_id = :p AND l.account_code = :a AND e.business_date <= :end"
            ),
            {"p": channel_party(code).bytes, "a": accounts.PIUTANG_PLATFORM, "end": period.end.isoformat()},
        ).scalar_one()
        settled = session.execute(
            text(
                "SELECT COALESCE(SUM(received), 0) FROM channel_settlements "
                "WHERE channel = :c AND business_date BETWEEN :start AND :end"
            ),
            {"c": code, "start": period.start.isoformat(), "end": period.end.isoformat()},
        ).scalar_one()
        if owed or settled:
            out.append(PlatformOwed(code, name, int(settled), int(owed)))
    return tuple(out)


def channel_report(session: Session, period: Period) -> ChannelReport:
    """Sales, commissions, ongkir and net takings per channel over `period`, and what platforms owe."""
    return ChannelReport(period, channel_rows(session, period), _platforms(session, period))


def day_channels(session: Session, day: dt.date) -> tuple[ChannelRow, ...]:
    """The channel rows of one business day, for the Z report."""
    return channel_rows(session, Period(day, day))
