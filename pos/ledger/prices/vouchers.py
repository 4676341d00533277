"""Vouchers: codes worth an amount or a percent off a cart, with a minimum spend, a last day and a use limit.

A counter refuses a voucher already used up as far as it knows. Two counters offline can still both take the
last use of one; once their sales meet, `vouchers_used_beyond_limit` names the voucher and the sales, as
`orders_rung_up_twice` does for an order, so the owner can settle it. A voided sale gives its use back.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos.i18n import N_, _
from pos.ledger.base.clock import utc_now
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import FULL_BP
from pos.ledger.prices.terms import VoucherTerms
from pos.ledger.replication.changes import record_change
from pos.ledger.schema import Sale, SaleVoid, Voucher, VoucherUse, core

_NAMESPACE: Final = uuid.UUID("a3f4c1e2-7b9d-4e55-8c0f-2d6e9b1a4c73")
_CODE: Final = re.compile(r"^[A-Z0-9][A-Z0-9-]{2,31}$")
_NOT_VOIDED = ~select(SaleVoid.sale_id).where(SaleVoid.sale_id == VoucherUse.sale_id).exists()


def clean_code(code: str) -> str:
    """A code as stored: capitals, without spaces. Cashiers type `hemat 10`, the slip says `HEMAT10`."""
    return re.sub(r"\s+", "", code).upper()


def voucher_id(code: str) -> uuid.UUID:
    """The id of the voucher with this code: the same on every counter, so one code is one voucher."""
    return uuid.uuid5(_NAMESPACE, f"voucher:{clean_code(code)}")


@dataclass(frozen=True, slots=True)
class VoucherInfo:
    code: str
    name: str = ""
    amount: int = 0
    percent_bp: int = 0
    max_off: int = 0
    min_spend: int = 0
    expires_on: dt.date | None = None
    use_limit: int = 1
    is_active: bool = True
    uses: int = 0

    @property
    def terms(self) -> VoucherTerms:
        return VoucherTerms(
            voucher_id(self.code),
            self.code,
            self.name,
            self.amount,
            self.percent_bp,
            self.max_off,
            self.min_spend,
            self.expires_on,
            self.use_limit,
            self.uses,
            self.is_active,
        )


def save_voucher(session: Session, info: VoucherInfo) -> uuid.UUID:
    """Add a voucher, or change the one with this code (a code itself never changes)."""
    code = clean_code(info.code)
    if not _CODE.match(code):
        raise InvalidInput(N_("A voucher code is 3 to 32 letters, digits or dashes."))
    if (info.amount > 0) == (info.percent_bp > 0) or info.amount < 0 or info.percent_bp < 0:
        raise InvalidInput(N_("Give the voucher's value either in rupiah or in percent."))
    if info.percent_bp > FULL_BP:
        raise InvalidInput(N_("A discount cannot be more than 100%."))
    if info.max_off < 0 or info.min_spend < 0:
        raise InvalidInput(N_("An amount cannot be negative."))
    if info.use_limit < 1:
        raise InvalidInput(N_("A voucher can be used at least once."))
    fields = {
        "code": code,
        "name": info.name.strip()[:80],
        "amount": info.amount,
        "percent_bp": info.percent_bp,
        "max_off": info.max_off,
        "min_spend": info.min_spend,
        "expires_on": info.expires_on,
        "use_limit": info.use_limit,
        "is_active": info.is_active,
    }
    vid = voucher_id(code)
    table = core(Voucher)
    if session.get(Voucher, vid) is None:
        session.execute(table.insert().values(id=vid, hlc="", **fields))
    else:
        session.execute(table.update().where(table.c.id == vid).values(**fields))
    record_change(session, "vouchers", vid, fields, utc_now())
    return vid


def _uses(session: Session) -> dict[uuid.UUID, int]:
    rows = session.execute(
        select(VoucherUse.voucher_id, func.count()).where(_NOT_VOIDED).group_by(VoucherUse.voucher_id)
    )
    return {vid: int(n) for vid, n in rows}


def _info(row: Voucher, uses: int) -> VoucherInfo:
    return VoucherInfo(
        row.code,
        row.name,
        row.amount,
        row.percent_bp,
        row.max_off,
        row.min_spend,
        row.expires_on,
        row.use_limit,
        row.is_active,
        uses,
    )


def list_vouchers(session: Session) -> list[VoucherInfo]:
    """Every voucher with how often it was used, active ones first."""
    uses = _uses(session)
    rows = session.scalars(select(Voucher).order_by(Voucher.is_active.desc(), Voucher.code))
    return [_info(row, uses.get(row.id, 0)) for row in rows]


def find_voucher(session: Session, code: str) -> VoucherTerms | None:
    """The voucher with this code and its uses so far (voided sales not counted), or None."""
    row = session.get(Voucher, voucher_id(code))
    if row is None:
        return None
    used = session.scalar(
        select(func.count()).select_from(VoucherUse).where(VoucherUse.voucher_id == row.id, _NOT_VOIDED)
    )
    return _info(row, int(used or 0)).terms


@dataclass(frozen=True, slots=True)
class VoucherUsedTooOften:
    """A voucher used more often than its limit: counters offline at the same time each took a use."""

    code: str
    limit: int
    receipts: tuple[str, ...]  # the sales that used it, oldest first

    def message(self) -> str:
        """What the owner is told, in the language of the moment."""
        return _("Voucher {code} was used {n} times, more than its {limit}: sales {receipts}.").format(
            code=self.code, n=len(self.receipts), limit=self.limit, receipts=", ".join(self.receipts)
        )


def vouchers_used_beyond_limit(session: Session) -> list[VoucherUsedTooOften]:
    """Vouchers whose uses (voided sales left out) are more than their limit, for the owner to settle."""
    uses = _uses(session)
    out = []
    for row in session.scalars(select(Voucher).where(Voucher.id.in_(list(uses))).order_by(Voucher.code)):
        if uses[row.id] <= row.use_limit:
            continue
        receipts = session.scalars(
            select(Sale.receipt_no)
            .join(VoucherUse, VoucherUse.sale_id == Sale.id)
            .where(VoucherUse.voucher_id == row.id, _NOT_VOIDED)
            .order_by(Sale.created_at)
        )
        out.append(VoucherUsedTooOften(row.code, row.use_limit, tuple(receipts)))
    return out
