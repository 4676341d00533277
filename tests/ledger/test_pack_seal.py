"""A loan pack's signed statement: it binds every printed figure, the shop, the period and the chain heads.

Any edit to a printed figure, or to the statement itself, fails verification (Hypothesis); the shop's own key
proves only that nothing changed since, and the statement says which key signed it. The pack covers closed days
only, reconciles its balance sheet with its income statement, and shows Beban keuangan as a line of its own.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ledger.tampering import rehash_the_chain
from ledger.test_reports_shop import at, books_copy, open_books, set_pph

from pos.ledger.base import attest
from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money
from pos.ledger.base.period import Period
from pos.ledger.books import accounts, cash_entries
from pos.ledger.reports.pack import check_period, closed_period, default_period, loan_pack, shop_identity
from pos.ledger.reports.pack_figures import printed_lines
from pos.ledger.reports.pack_seal import SealedPack, books_agree, check_statement, kept, seal_locally
from pos.ledger.reports.pph_booking import book_months, unbooked_months
from pos.ledger.shop import settings as shop_settings

H1 = Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
MADE = dt.datetime(2026, 7, 3, 2, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def books(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = books_copy(template_db, tmp_path_factory)
    yield db
    db.dispose()


@pytest.fixture(scope="module")
def sealed(books: Database) -> SealedPack:
    with books.write() as s:
        return seal_locally(s, loan_pack(s, H1, made_on=MADE.date()), "id", MADE)


def _numbers(lines: list[Any]) -> list[tuple[int, int]]:
    """Where the printed whole numbers are: (line, position)."""
    return [
        (i, j)
        for i, line in enumerate(lines)
        for j, v in enumerate(line)
        if isinstance(v, int) and not isinstance(v, bool)
    ]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_edit_to_a_printed_figure_fails_verification(sealed: SealedPack, data: st.DataObject) -> None:
    assert attest.check(sealed.token, {}, sealed.lines).ok
    places = _numbers(sealed.lines)
    i, j = data.draw(st.sampled_from(places))
    delta = data.draw(st.integers(-(10**12), 10**12).filter(lambda d: d != 0))
    edited = copy.deepcopy(sealed.lines)
    edited[i][j] += delta
    verdict = attest.check(sealed.token, {}, edited)
    assert verdict.signature_ok and verdict.figures_ok is False and not verdict.ok


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_edit_to_the_signed_statement_breaks_its_signature(sealed: SealedPack, data: st.DataObject) -> None:
    body = sealed.body
    key = data.draw(st.sampled_from(sorted(body["key_figures"])))
    raised = body["key_figures"][key] + data.draw(st.integers(1, 10**9))
    forged = {**body, "key_figures": {**body["key_figures"], key: raised}}
    signature = sealed.token.partition(".")[2]
    token = base64.urlsafe_b64encode(attest.canonical(forged)).rstrip(b"=").decode() + "." + signature
    assert not attest.check(token, {}, sealed.lines).ok
    assert attest.code_of(token) != sealed.code  # the code printed on paper names the original


def test_the_statement_binds_period_shop_figures_and_heads(sealed: SealedPack, books: Database) -> None:
    body = sealed.body
    assert body["period"] == ["2026-01-01", "2026-06-30"] and body["lang"] == "id"
    assert body["shop"]["name"] == "Warung Bu Sri" and body["shop"]["town"] == "Yogyakarta"
    assert body["shop"]["id"].startswith("key:")  # not enrolled: the shop is named by its own key
    assert body["figures"] == attest.digest(printed_lines(sealed.pack, "id"))
    assert body["key_figures"]["total_assets"] == sealed.pack.position.current.total_assets
    assert body["witness"]["by"] == "shop" and not sealed.witnessed
    with books.read() as s:
        assert kept(s, sealed.code) == (sealed.token, sealed.lines)
        result = check_statement(s, sealed.token, sealed.lines, {})
    assert result.ok and result.agreement is not None and result.agreement.ok


def test_a_service_signature_is_checked_against_the_published_key(sealed: SealedPack) -> None:
    service = Ed25519PrivateKey.generate()
    public = attest.public_bytes(service)
    witness = {"by": "service", "key": attest.key_id(public), "at": "2026-07-03T02:00:00+00:00"}
    body = {**sealed.body, "witness": witness}
    body.pop("pub")
    token = attest.sign(body, service)
    assert attest.check(token, {attest.key_id(public): public}, sealed.lines).ok
    assert not attest.check(token, {}, sealed.lines).ok  # an unknown key proves nothing
    other = Ed25519PrivateKey.generate()
    assert not attest.check(token, {attest.key_id(public): attest.public_bytes(other)}, sealed.lines).ok


def test_a_rewritten_journal_no_longer_agrees_with_the_pack(
    template_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    db = books_copy(template_db, tmp_path_factory)
    with db.write() as s:
        pack = seal_locally(s, loan_pack(s, H1), "id", MADE)
    path = db.path
    db.dispose()
    rehash_the_chain(path)
    db = open_books(path)
    try:
        with db.read() as s:
            agreement = books_agree(s, pack.body)
        assert not agreement.ok and agreement.missing_heads
    finally:
        db.dispose()


def test_the_default_period_is_the_last_whole_month_and_never_ends_today() -> None:
    today = dt.date(2026, 3, 1)
    assert default_period(today) == Period(dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert default_period(dt.date(2026, 3, 31)).end == dt.date(2026, 2, 28)
    with pytest.raises(InvalidInput):
        check_period(Period(dt.date(2026, 2, 1), today), today)
    check_period(Period(dt.date(2026, 2, 1), today - dt.timedelta(days=1)), today)
    assert closed_period(Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31)), dt.date(2026, 3, 20)) == default_period(
        dt.date(2026, 3, 20)
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.dates(dt.date(2025, 11, 1), dt.date(2026, 6, 30)), days=st.integers(1, 400))
def test_the_equity_statement_reconciles_any_period(books: Database, start: dt.date, days: int) -> None:
    period = Period(start, start + dt.timedelta(days=days - 1))
    with books.read() as s:
        pack = loan_pack(s, period)
    changes = pack.equity
    assert changes.other == 0
    assert changes.opening + changes.net_profit + changes.capital + changes.drawings == changes.closing
    assert changes.closing == pack.position.current.total_equity


def test_finance_costs_are_a_line_of_their_own(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    db = books_copy(template_db, tmp_path_factory)
    try:
        with db.read() as s:
            rows = {r.key: r for r in loan_pack(s, H1).pnl.rows()}
        assert rows["finance"].amount == 0  # zero when there were none, but printed
        with db.write() as s:
            day = at(dt.date(2026, 6, 10))
            cash_entries.record_expense(s, "keuangan", Money(45_000), paid_from=accounts.BANK, at=day)
        with db.read() as s:
            pnl = loan_pack(s, H1).pnl
        assert {r.key: r for r in pnl.rows()}["finance"].amount == 45_000
        assert pnl.current.profit_before_tax == pnl.current.operating_profit + pnl.current.total_other - 45_000
    finally:
        db.dispose()


def test_pph_final_of_every_closed_month_is_offered_and_booked_in_one_step(
    template_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    db = books_copy(template_db, tmp_path_factory)
    try:
        set_pph(db, taxpayer="company")  # a company pays from the first rupiah: every month owes PPh Final
        today = dt.date(2026, 7, 3)
        with db.read() as s:
            waiting = unbooked_months(s, H1.end, today)
            before = loan_pack(s, H1).position.current.pph_payable
        assert len(waiting) == 7 and before > 0  # December 2025 to June 2026
        with db.write() as s:
            assert book_months(s, waiting, at=dt.datetime(2026, 7, 3, 2, tzinfo=dt.UTC)) == 7
        with db.read() as s:
            assert unbooked_months(s, H1.end, today) == []
            pack = loan_pack(s, H1)
        assert pack.position.current.pph_payable == 0
        assert pack.position.current.total_liabilities_and_equity == pack.position.current.total_assets
    finally:
        db.dispose()


def test_the_place_of_signing_is_the_shops_town_never_a_guess_from_the_address(
    template_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    db = books_copy(template_db, tmp_path_factory)
    try:
        with db.write() as s:
            shop_settings.put(s, "shop.address", "Jl. Diponegoro No. 27, Ungaran, Jawa Tengah 50511")
            shop_settings.put(s, "shop.city", "")
        with db.read() as s:
            assert shop_identity(s).city == ""  # not "Jawa Tengah 50511": the pack leaves the place to the owner
        with db.write() as s:
            shop_settings.put(s, "shop.city", "Ungaran")
        with db.read() as s:
            assert shop_identity(s).city == "Ungaran"
    finally:
        db.dispose()
