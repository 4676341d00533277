"""Opening balances: a shop with every kind of balance starts its books with one entry whose first balance sheet is
what was entered, whose first laba rugi shows no profit from it, whose cash flow starts from it (and hledger agrees
on the export), whose kasbon ages from the day each debt began, and whose corrections are reversing entries."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
from pathlib import Path

import pytest
from builders import row_counts
from opening_support import (
    ASSETS,
    AT,
    BANKS,
    CASH,
    DEBTS,
    EWALLETS,
    KASBON,
    LOANS,
    OTHER,
    PRODUCTS,
    STOCK_VALUE,
    SUPPLIERS,
    SWITCH,
    Shop,
    full_plan,
    set_up,
)
from sqlalchemy import select, text

from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput, NotAllowed
from pos.ledger.base.money import Money
from pos.ledger.base.period import Period, month_of
from pos.ledger.books import accounts, audit
from pos.ledger.books.balances import trial_balance
from pos.ledger.books.cash_entries import record_expense
from pos.ledger.books.check import check_books
from pos.ledger.books.exports import chart_accounts, export_ledger, hledger_account
from pos.ledger.books.opening_balances import Balance, capital_explained
from pos.ledger.books.opening_view import books_start, opening_view
from pos.ledger.books.payables import payables_due
from pos.ledger.people.customers import kasbon_balance
from pos.ledger.people.kasbon import kasbon_ageing
from pos.ledger.reports.cashflow import cash_flow
from pos.ledger.reports.pnl import profit_and_loss
from pos.ledger.reports.position import financial_position, position_figures
from pos.ledger.schema import Customer, JournalEntry, Product, Supplier
from pos.ledger.spreadsheet.opening_plan import OpeningPlan, enter_opening, preview_opening
from pos.ledger.stock.purchases import pay_supplier, supplier_balance
from pos.ledger.stock.stock_levels import on_hand, stock_value

JULY = month_of(SWITCH)


@pytest.fixture
def shop(db: Database) -> Shop:
    return set_up(db)


@pytest.fixture
def opened(db: Database, shop: Shop) -> Shop:
    with db.write() as s:
        enter_opening(s, shop.owner, full_plan(), at=AT)
    return shop


def _party(db: Database, model: type[Customer] | type[Supplier], name: str) -> object:
    with db.read() as s:
        return s.execute(select(model.id).where(model.name == name)).scalar_one()


def test_one_opening_entry_books_every_kind_of_balance(db: Database, opened: Shop) -> None:
    with db.read() as s:
        entries = s.execute(select(JournalEntry.kind, JournalEntry.business_date)).all()
        view = opening_view(s)
        tb = trial_balance(s)
        assert check_books(s).ok
    assert [tuple(e) for e in entries] == [("opening", SWITCH)]
    assert view is not None and view.day == SWITCH
    assert view.total_assets == ASSETS and view.total_debts == DEBTS and view.capital == ASSETS - DEBTS
    assert tb.balance(accounts.KAS) == sum(CASH.values())
    assert tb.balance(accounts.BANK) == sum(BANKS.values())
    assert tb.balance(accounts.EWALLET) == sum(EWALLETS.values())
    assert tb.balance(accounts.PERSEDIAAN) == STOCK_VALUE
    assert tb.balance(accounts.PIUTANG) == sum(a for _n, a, _d in KASBON)
    assert tb.balance(accounts.PERALATAN) == 4_800_000
    assert tb.balance(accounts.ASET_LAIN) == sum(OTHER.values())
    assert tb.balance(accounts.UTANG_USAHA) == sum(a for _n, a, _d in SUPPLIERS)
    assert tb.balance(accounts.UTANG_PINJAMAN) == sum(LOANS.values())
    assert tb.balance(accounts.EKUITAS_SALDO_AWAL) == ASSETS - DEBTS
    assert [line.label for line in view.of("cash")] == list(CASH)
    assert [line.label for line in view.of("bank")] == list(BANKS)
    assert [(line.label, line.since) for line in view.of("receivable")] == [(n, d) for n, _a, d in KASBON]
    assert [(line.label, line.due) for line in view.of("payable")] == [(n, d) for n, _a, d in SUPPLIERS]
    assert [line.life_months for line in view.of("equipment")] == [36, None]


def test_the_first_balance_sheet_is_what_was_entered(db: Database, opened: Shop) -> None:
    with db.read() as s:
        position = financial_position(s, SWITCH)
    now = position.current
    assert now.balances
    assert now.total_assets == ASSETS
    assert now.total_liabilities == DEBTS
    assert now.account(accounts.EKUITAS_SALDO_AWAL) == ASSETS - DEBTS
    assert now.retained_earnings == 0 and now.profit_for_year == 0
    # The comparison date (the end of 2025) is before the books: the statement says so.
    assert position.books_start == SWITCH
    assert position.note == "Pembukuan di Laci dimulai 1 Jul 2026; angka sebelum tanggal itu tidak ada di Laci."


def test_the_first_laba_rugi_shows_no_profit_from_the_opening_balances(db: Database, opened: Shop) -> None:
    with db.read() as s:
        july = profit_and_loss(s, JULY)
        year = profit_and_loss(s, Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
    for pnl in (july, year):
        assert pnl.current.net_sales == 0 and pnl.current.cogs == 0 and pnl.current.net_profit == 0
        assert pnl.current.total_expenses == 0 and pnl.current.total_other == 0
    assert july.note  # June, the comparison, is before the books


def test_the_cash_flow_starts_from_the_opening_balances(db: Database, opened: Shop) -> None:
    money = sum(CASH.values()) + sum(BANKS.values()) + sum(EWALLETS.values())
    with db.write() as s:
        record_expense(s, "listrik_air", Money(350_000), at=AT + dt.timedelta(days=3))
    with db.read() as s:
        july = cash_flow(s, JULY)
        since_june = cash_flow(s, Period(dt.date(2026, 6, 1), dt.date(2026, 7, 31)))
        august = cash_flow(s, month_of(dt.date(2026, 8, 1)))
    for flow in (july, since_june):
        assert flow.opening == money and flow.brought_in == money
        assert flow.flows == {"expenses": -350_000}  # the opening balances are no flow: no capital, no receipts
        assert flow.closing == money - 350_000 and flow.reconciles
    assert since_june.note and not july.note
    assert august.opening == money - 350_000 and august.brought_in == 0 and not august.flows


def _hledger(journal: Path, *args: str) -> list[list[str]]:
    result = subprocess.run(["hledger", "-f", str(journal), *args, "-O", "csv"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return list(csv.reader(io.StringIO(result.stdout)))


def test_hledger_agrees_on_the_exported_opening_balances(db: Database, opened: Shop, tmp_path: Path) -> None:
    journal = tmp_path / "books.journal"
    with db.read() as s:
        export_ledger(s, "hledger", journal)
        names = {a.code: hledger_account(a) for a in chart_accounts(s)}
        figures = position_figures(s, SWITCH)
        flow = cash_flow(s, JULY)
    rows = _hledger(journal, "balance", "--flat", "--no-total", "-e", str(SWITCH + dt.timedelta(days=1)))
    theirs = {name: int(amount.removeprefix("IDR ").replace(",", "")) for name, amount in rows[1:]}
    for group, sign in ((figures.current_assets, 1), (figures.fixed_assets, 1), (figures.liabilities, -1)):
        for line in group:
            assert line.amount == sign * theirs.get(names[line.account.code], 0), line.account.name
    assert -theirs[names[accounts.EKUITAS_SALDO_AWAL]] == ASSETS - DEBTS
    money = sum(theirs.get(names[code], 0) for code in accounts.MONEY_ACCOUNTS)
    assert money == flow.opening
    # hledger's own income statement of the switch day: nothing earned, nothing spent.
    income = _hledger(journal, "incomestatement", "-p", str(SWITCH))
    assert [row[0] for row in income[2:]] == ["Revenues", "total", "Expenses", "total", "Net:"]
    assert all(cell in ("", "0") for row in income[2:] for cell in row[1:])


def test_kasbon_brought_in_ages_from_the_day_it_began(db: Database, opened: Shop) -> None:
    with db.read() as s:
        ageing = {a.name: a for a in kasbon_ageing(s, SWITCH)}
        budi = _party(db, Customer, "Pak Budi")
        assert kasbon_balance(s, budi).rupiah == 150_000  # type: ignore[arg-type]
    assert ageing["Pak Budi"].buckets == (0, 0, 0, 150_000) and ageing["Pak Budi"].oldest == dt.date(2026, 3, 10)
    assert ageing["Bu Ani"].buckets == (75_000, 0, 0, 0)


def test_supplier_debts_come_with_their_due_dates_and_payments_settle_the_soonest(db: Database, opened: Shop) -> None:
    sumber = _party(db, Supplier, "CV Sumber Rejeki")
    with db.read() as s:
        due = payables_due(s)
    assert [(d.supplier, d.due, d.left) for d in due] == [(n, d, a) for n, a, d in SUPPLIERS]
    with db.write() as s:
        pay_supplier(s, opened.owner, sumber, Money(1_000_000), paid_with="bank", at=AT + dt.timedelta(days=2))  # type: ignore[arg-type]
    with db.read() as s:
        due = payables_due(s)
        assert supplier_balance(s, sumber) == 1_500_000  # type: ignore[arg-type]
    assert [(d.supplier, d.left) for d in due] == [("CV Sumber Rejeki", 1_500_000), ("Toko Grosir Jaya", 1_200_000)]


def test_opening_stock_is_movements_at_cost_never_a_stock_take_difference(db: Database, opened: Shop) -> None:
    with db.read() as s:
        assert stock_value(s) == STOCK_VALUE == trial_balance(s).balance(accounts.PERSEDIAAN)
        assert trial_balance(s).balance(accounts.SELISIH_PERSEDIAAN) == 0
        for name, _sku, _price, _cost, qty in PRODUCTS:
            pid = s.execute(select(Product.id).where(Product.name == name)).scalar_one()
            assert on_hand(s, pid) == qty
        reasons = s.execute(text("SELECT DISTINCT kind, reason FROM stock_movements")).all()
    assert [tuple(r) for r in reasons] == [("adjust", "opening")]


def test_the_capital_is_explained_in_the_shops_words() -> None:
    assert capital_explained(10_000_000, 4_000_000, SWITCH) == (
        "Modal pemilik per 1 Jul 2026: yang dimiliki toko, Rp 10.000.000, dikurangi utangnya, Rp 4.000.000, "
        "sama dengan Rp 6.000.000. Dicatat di Ekuitas saldo awal; bukan laba dan bukan uang yang masuk."
    )


def test_a_correction_is_a_reversing_entry_and_keeps_what_it_does_not_change(db: Database, opened: Shop) -> None:
    plan = OpeningPlan(None, (Balance("cash", "Laci depan", 1_600_000), Balance("cash", "Laci belakang", 750_000)))
    with db.write() as s:
        entered = enter_opening(s, opened.owner, plan, correcting=True, reason="salah hitung", at=AT)
    with db.read() as s:
        kinds = [k for (k,) in s.execute(select(JournalEntry.kind).order_by(JournalEntry.device_seq))]
        reversal = s.execute(select(JournalEntry).where(JournalEntry.kind == "opening_reversal")).scalar_one()
        first = (
            s.execute(select(JournalEntry).where(JournalEntry.kind == "opening").order_by(JournalEntry.device_seq))
            .scalars()
            .first()
        )
        tb = trial_balance(s)
        ageing = {a.name: a.buckets for a in kasbon_ageing(s, SWITCH)}
        value = stock_value(s)
        corrected = [e for e in audit.entries(s, "opening.corrected")]
        assert check_books(s).ok
    assert kinds == ["opening", "opening_reversal", "opening"]
    assert first is not None and reversal.reverses_id == first.id and reversal.business_date == SWITCH
    assert entered.view is not None and entered.view.capital == ASSETS - DEBTS + 100_000
    assert tb.balance(accounts.KAS) == sum(CASH.values()) + 100_000
    assert tb.balance(accounts.EKUITAS_SALDO_AWAL) == ASSETS - DEBTS + 100_000
    assert tb.balance(accounts.PIUTANG) == sum(a for _n, a, _d in KASBON)  # kept as it stood
    assert value == STOCK_VALUE == tb.balance(accounts.PERSEDIAAN)
    assert ageing["Pak Budi"] == (0, 0, 0, 150_000)
    assert [e.reason for e in corrected] == ["salah hitung"]


def test_a_preview_shows_the_capital_and_writes_nothing(db: Database, shop: Shop) -> None:
    with db.read() as s:
        before = row_counts(s)
    with db.write() as s:
        preview = preview_opening(s, shop.owner, full_plan(), at=AT)
    with db.read() as s:
        assert row_counts(s) == before
    assert preview.view is not None and preview.view.capital == ASSETS - DEBTS


@pytest.mark.parametrize(
    ("why", "change"),
    [
        ("a cashier", "cashier"),
        ("a second post", "again"),
        ("a day after trading began", "late"),
        ("a day after today", "future"),
        ("a negative balance", "negative"),
        ("a kasbon beginning after the switch", "since"),
        ("nothing at all", "empty"),
    ],
)
def test_refused_opening_balances_change_nothing(db: Database, shop: Shop, why: str, change: str) -> None:
    plan = full_plan()
    actor = shop.owner
    if change == "again":
        with db.write() as s:
            enter_opening(s, actor, plan, at=AT)
    if change == "late":
        with db.write() as s:
            record_expense(s, "lain", Money(10_000), at=AT - dt.timedelta(days=5))
    with db.read() as s:
        before = row_counts(s)
    if change == "cashier":
        actor = shop.cashier
    elif change == "future":
        plan = full_plan(SWITCH + dt.timedelta(days=1))
    elif change == "negative":
        plan = OpeningPlan(SWITCH, (Balance("cash", "Laci", -5),))
    elif change == "since":
        plan = OpeningPlan(
            SWITCH, customers=(type(plan.customers[0])("Pak Budi", 5_000, SWITCH + dt.timedelta(days=1)),)
        )
    elif change == "empty":
        plan = OpeningPlan(SWITCH)
    with pytest.raises((InvalidInput, NotAllowed)), db.write() as s:
        enter_opening(s, actor, plan, correcting=False, at=AT)
    with db.read() as s:
        assert row_counts(s) == before, why


def test_books_start_is_the_switch_day(db: Database, opened: Shop) -> None:
    with db.read() as s:
        assert books_start(s) == SWITCH
