"""The general journal for the owner's accountant and straight-line depreciation: owner only, audited, balanced or
refused without a trace; equipment bought on credit lands on the supplier's tab and is depreciated month by
month, each month once, the parts adding up to its cost."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from builders import row_counts
from hypothesis import given
from hypothesis import strategies as st
from opening_support import AT, SWITCH, Shop, full_plan, set_up
from sqlalchemy import select

from pos.ledger.base.db import Database
from pos.ledger.base.errors import Conflict, InvalidInput, LedgerError, NotAllowed
from pos.ledger.base.period import month_of
from pos.ledger.books import accounts, audit
from pos.ledger.books.balances import trial_balance
from pos.ledger.books.check import check_books
from pos.ledger.books.depreciation import Equipment as Item
from pos.ledger.books.depreciation import book_depreciation, equipment, months_due
from pos.ledger.books.general_journal import Equipment, party_by_name, post_general_entry
from pos.ledger.books.journal import credit, debit
from pos.ledger.reports.pnl import profit_and_loss
from pos.ledger.reports.position import position_figures
from pos.ledger.schema import JournalEntry
from pos.ledger.spreadsheet.opening_plan import enter_opening
from pos.ledger.stock.purchases import supplier_balance

LATER = AT + dt.timedelta(days=40)  # 10 Aug 2026


@pytest.fixture
def opened(db: Database) -> Shop:
    shop = set_up(db)
    with db.write() as s:
        enter_opening(s, shop.owner, full_plan(), at=AT)
    return shop


def test_equipment_bought_on_credit_goes_on_the_suppliers_tab_and_is_depreciated(db: Database, opened: Shop) -> None:
    with db.write() as s:
        sumber = party_by_name(s, accounts.UTANG_USAHA, "cv sumber  rejeki")
        owed_before = supplier_balance(s, sumber)
        post_general_entry(
            s,
            opened.owner,
            [debit(accounts.PERALATAN, 2_400_000), credit(accounts.UTANG_USAHA, 2_400_000, sumber)],
            day=dt.date(2026, 7, 2),
            memo="Mesin kopi dibeli kredit",
            equipment=[Equipment("Mesin kopi", 2_400_000, 24)],
            at=AT + dt.timedelta(days=1),
        )
    with db.read() as s:
        assert supplier_balance(s, sumber) == owed_before + 2_400_000
        items = {i.name: i for i in equipment(s)}
        assert check_books(s).ok
        (record,) = audit.entries(s, "journal.general")
    assert record.reason == "Mesin kopi dibeli kredit" and record.user_id == opened.owner.user_id
    assert set(items) == {"Kulkas", "Mesin kopi"}  # the opening's equipment with a life, and the new one
    # July's depreciation: Kulkas 3.600.000 / 36 and Mesin kopi 2.400.000 / 24.
    with db.write() as s:
        book_depreciation(s, opened.owner, dt.date(2026, 7, 1), at=LATER)
    with db.read() as s:
        tb = trial_balance(s)
        july = profit_and_loss(s, month_of(SWITCH))
        figures = position_figures(s, dt.date(2026, 7, 31))
        due = months_due(s, LATER.date())
    assert tb.balance(accounts.BEBAN_PENYUSUTAN) == 200_000
    assert figures.account(accounts.AKUMULASI_PENYUSUTAN) == -200_000  # a deduction from the fixed assets
    assert figures.total_fixed_assets == 4_800_000 + 2_400_000 + 5_000_000 - 200_000 and figures.balances
    assert july.current.net_profit == -200_000  # depreciation is an expense; the opening balances are not profit
    assert [(m.month, m.amount, m.booked) for m in due] == [(dt.date(2026, 7, 1), 200_000, True)]


def test_a_month_is_booked_once_and_only_after_it_ended(db: Database, opened: Shop) -> None:
    with pytest.raises(InvalidInput, match="setelah bulannya lewat"), db.write() as s:
        book_depreciation(s, opened.owner, dt.date(2026, 7, 1), at=AT)
    with db.write() as s:
        book_depreciation(s, opened.owner, dt.date(2026, 7, 1), at=LATER)
    with db.read() as s:
        before = row_counts(s)
    with pytest.raises(Conflict, match="sudah dibukukan"), db.write() as s:
        book_depreciation(s, opened.owner, dt.date(2026, 7, 1), at=LATER)
    with pytest.raises(NotAllowed), db.write() as s:
        book_depreciation(s, opened.cashier, dt.date(2026, 8, 1), at=LATER + dt.timedelta(days=30))
    with db.read() as s:
        assert row_counts(s) == before


@pytest.mark.parametrize(
    "why",
    ["unbalanced", "one line", "cashier", "no memo", "persediaan", "tab without party", "party on cash", "before start",
     "future", "equipment not on peralatan", "unknown account"],
)  # fmt: skip
def test_a_refused_entry_writes_nothing(db: Database, opened: Shop, why: str) -> None:
    actor, day, memo = opened.owner, dt.date(2026, 7, 5), "Penyesuaian"
    lines = [debit(accounts.BEBAN_LAIN, 10_000), credit(accounts.KAS, 10_000)]
    kit: list[Equipment] = []
    with db.read() as s:
        before = row_counts(s)
        supplier = s.execute(select(JournalEntry.id)).first()  # any id: not a supplier's
    if why == "unbalanced":
        lines = [debit(accounts.BEBAN_LAIN, 10_000), credit(accounts.KAS, 9_000)]
    elif why == "one line":
        lines = lines[:1]
    elif why == "cashier":
        actor = opened.cashier
    elif why == "no memo":
        memo = "  "
    elif why == "persediaan":
        lines = [debit(accounts.PERSEDIAAN, 10_000), credit(accounts.KAS, 10_000)]
    elif why == "tab without party":
        lines = [debit(accounts.PERALATAN, 10_000), credit(accounts.UTANG_USAHA, 10_000)]
    elif why == "party on cash":
        lines = [debit(accounts.BEBAN_LAIN, 10_000), credit(accounts.KAS, 10_000, supplier[0] if supplier else None)]
    elif why == "before start":
        day = SWITCH - dt.timedelta(days=1)
    elif why == "future":
        day = dt.date(2027, 1, 1)
    elif why == "equipment not on peralatan":
        kit = [Equipment("Timbangan", 10_000, 12)]
    elif why == "unknown account":
        lines = [debit("9-999", 10_000), credit(accounts.KAS, 10_000)]
    with pytest.raises(LedgerError), db.write() as s:
        post_general_entry(s, actor, lines, day=day, memo=memo, equipment=kit, at=AT + dt.timedelta(days=5))
    with db.read() as s:
        assert row_counts(s) == before, why


@given(
    cost=st.integers(min_value=2, max_value=10**10),
    residual_share=st.integers(min_value=0, max_value=99),
    life=st.integers(min_value=1, max_value=600),
    month=st.integers(min_value=1, max_value=12),
)
def test_a_schedule_adds_up_to_cost_less_residual_in_equal_parts(
    cost: int, residual_share: int, life: int, month: int
) -> None:
    residual = cost * residual_share // 100
    item = Item(uuid.uuid4(), "Kulkas", cost, residual, dt.date(2026, month, 15), life)
    schedule = item.schedule()
    amounts = [m.amount for m in schedule]
    assert len(schedule) == life and sum(amounts) == cost - residual
    assert max(amounts) - min(amounts) <= 1  # equal parts, the odd rupiah in the later months
    assert schedule[-1].book_value == residual and schedule[0].month == dt.date(2026, month, 1)
    assert all(item.charge_for(m.month) == m.amount for m in schedule)
