"""Credit a customer keeps with the shop (a down payment not taken back): on their statement with its history, in
the customer list and the kasbon ageing, netted in the reminder (none when it covers the tab), spent at the counter
and on kasbon, and its own liability line on the balance sheet, never netted into Piutang usaha."""

from __future__ import annotations

import datetime as dt
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from builders import counter, counter_template, fresh_db, readable, row_counts
from channel_support import Menu, account, cart_for, entry_lines, hledger_disagrees, set_up_menu, whatsapp_customer

from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.ids import CustomerId
from pos.ledger.base.money import Money, Qty
from pos.ledger.books import accounts
from pos.ledger.books.check import check_books
from pos.ledger.counter.payments import Payment, cash
from pos.ledger.people.customers import list_customers
from pos.ledger.people.deposits import credit_history, customer_credit
from pos.ledger.people.kasbon import customer_statement, kasbon_ageing, record_kasbon_payment, reminder
from pos.ledger.reports.position import position_figures
from pos.ledger.selling.orders import cancel_order, new_order
from pos.ledger.selling.returns import return_items
from pos.ledger.selling.sales import ring_up
from pos.ledger.slips.receipts import receipt_for_sale, slip_for_return
from pos.printing.layout import as_text, lines_for

AT = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)  # 10.00 WIB


@pytest.fixture(scope="module")
def counter_path(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return counter_template(template_db, tmp_path_factory.mktemp("counter"))


@pytest.fixture
def shop(counter_path: Path, tmp_path: Path) -> Iterator[tuple[Database, Menu, CustomerId]]:
    """Bu Ani owes Rp 26.500 on kasbon and keeps Rp 30.000 of credit from a cancelled order (PA-...-001)."""
    db = fresh_db(counter_path, tmp_path / "shop")
    with db.write() as s:
        menu = set_up_menu(s)
        ani = whatsapp_customer(s)
        cashier = counter(s).owner  # the owner gives kasbon beyond the (zero) limit without asking
        ring_up(s, cashier, cart_for(s, (menu.nasi, 1), (menu.kerupuk, 1), customer=ani), [kasbon(21_500)], at=AT)
        ring_up(s, cashier, cart_for(s, (menu.teh, 1), customer=ani), [kasbon(5_000)], at=AT)
        order = new_order(s, cashier, cart_for(s, (menu.nasi, 2), customer=ani), deposit=Money(30_000), at=AT)
        cancel_order(s, cashier, order.id, deposit="credit", at=AT + dt.timedelta(hours=1))
    yield db, menu, ani
    db.dispose()


def kasbon(amount: int) -> Payment:
    return Payment("kasbon", Money(amount))


def test_the_credit_kept_is_on_the_customers_statement_with_the_order_that_left_it(
    shop: tuple[Database, Menu, CustomerId],
) -> None:
    db, _menu, ani = shop
    with db.read() as s:
        [kept] = credit_history(s, ani)
        assert (kept.kind, kept.added, kept.used, kept.balance) == ("order_credit", 30_000, 0, 30_000)
        assert kept.memo.startswith("Uang muka PA-") and kept.memo.endswith("jadi titipan")
        lines = customer_statement(s, ani)
        assert [(x.kind, x.owed, x.credit) for x in lines] == [
            ("sale", 21_500, 0),
            ("sale", 26_500, 0),
            ("order_credit", 26_500, 30_000),  # while the order was open, the down payment was the order's
        ]
        [row] = list_customers(s, "Ani")
        assert (row.balance, row.credit) == (26_500, 30_000)
        [aged] = kasbon_ageing(s)
        assert (aged.total, aged.credit, aged.to_pay) == (26_500, 30_000, 0)


def test_no_reminder_when_the_credit_covers_the_tab_and_a_netted_one_when_it_does_not(
    shop: tuple[Database, Menu, CustomerId],
) -> None:
    db, menu, ani = shop
    with db.read() as s:
        assert reminder(s, ani) is None
    with db.write() as s:
        ring_up(s, counter(s).owner, cart_for(s, (menu.nasi, 1), customer=ani), [kasbon(20_000)], at=AT)
    with db.read() as s:
        note = reminder(s, ani)
    assert note is not None and note.link is not None
    assert "Rp 46.500" in note.text and "Rp 30.000" in note.text and "Rp 16.500" in note.text
    assert urllib.parse.unquote(note.link.split("text=")[1]) == note.text


def test_credit_pays_at_the_counter_up_to_what_the_customer_keeps(shop: tuple[Database, Menu, CustomerId]) -> None:
    db, menu, ani = shop
    with db.write() as s:
        cashier = counter(s).cashier
        before = row_counts(s)
        for cart, payments, msgid in (
            (cart_for(s, (menu.nasi, 2)), [Payment("credit", Money(40_000))], "Paying with credit needs a customer"),
            (cart_for(s, (menu.nasi, 2), customer=ani), [Payment("credit", Money(40_000))], "{name} has only"),
        ):
            with pytest.raises(InvalidInput) as refused:
                ring_up(s, cashier, cart, payments, at=AT)
            assert refused.value.msgid.startswith(msgid)
            readable(refused.value, refused.value.msgid)
        assert row_counts(s) == before
        sale = ring_up(
            s, cashier, cart_for(s, (menu.nasi, 2), customer=ani), [Payment("credit", Money(30_000)), cash(10_000)]
        )
        assert entry_lines(s, sale.sale_id)[accounts.UANG_MUKA] == (30_000, 0)
        assert customer_credit(s, ani) == Money(0)
        receipt = receipt_for_sale(s, sale.sale_id)
        assert receipt.credit_balance == 0
        text = as_text(lines_for(receipt, 32), 32)
        assert "Saldo titipan pelanggan" in text and "Sisa titipan" in text
        assert check_books(s).ok


def test_credit_pays_the_kasbon_without_money_changing_hands(shop: tuple[Database, Menu, CustomerId]) -> None:
    db, _menu, ani = shop
    with db.write() as s:
        owner = counter(s).owner
        with pytest.raises(InvalidInput):
            record_kasbon_payment(s, owner, ani, Money(26_501), method="credit")
        cash_before = account(s, accounts.KAS)
        record_kasbon_payment(s, owner, ani, Money(26_500), method="credit")
        assert account(s, accounts.KAS) == cash_before == 30_000  # the down payment, taken in cash before
        assert (account(s, accounts.PIUTANG), account(s, accounts.UANG_MUKA)) == (0, 3_500)
        last = customer_statement(s, ani)[-1]
        assert (last.kind, last.payment, last.credit_used, last.owed, last.credit) == (
            "kasbon_payment",
            26_500,
            26_500,
            0,
            3_500,
        )
        assert check_books(s).ok


def test_the_balance_sheet_shows_customers_credit_as_a_liability_of_its_own(
    shop: tuple[Database, Menu, CustomerId],
) -> None:
    db, menu, _ani = shop
    with db.write() as s:
        budi = whatsapp_customer(s, "Pak Budi", "0813-5555-6666")
        cashier = counter(s).cashier
        sale = ring_up(s, cashier, cart_for(s, (menu.nasi, 1), customer=budi), [cash(20_000)], at=AT)
        # Pak Budi paid cash and had the goods refunded to his (empty) tab: the shop keeps Rp 20.000 for him.
        returned = return_items(
            s, counter(s).owner, sale.receipt_no, [(1, Qty.units(1))], refund_method="kasbon", at=AT
        )
    with db.read() as s:
        figures = position_figures(s, AT.date())
        assert figures.account(accounts.PIUTANG) == account(s, accounts.PIUTANG) == 26_500  # not less Pak Budi's
        assert figures.account(accounts.UANG_MUKA) == 30_000 + 20_000
        [(name, amount)] = [(x.account.name, x.amount) for x in figures.liabilities if x.amount]
        assert (name, amount) == ("Uang muka & titipan pelanggan", 50_000)
        assert figures.balances
        assert check_books(s).ok
        slip = slip_for_return(s, returned.return_id)
        assert (slip.credit_kept, slip.credit_balance, slip.kasbon_balance) == (20_000, 20_000, 0)
        assert "Disimpan sebagai titipan" in as_text(lines_for(slip, 32), 32)


def test_the_hledger_journal_agrees_with_the_books_after_credit_moves(
    shop: tuple[Database, Menu, CustomerId], tmp_path: Path
) -> None:
    db, menu, ani = shop
    with db.write() as s:
        cashier = counter(s).cashier
        ring_up(s, cashier, cart_for(s, (menu.teh, 2), customer=ani), [Payment("credit", Money(10_000))], at=AT)
        record_kasbon_payment(s, counter(s).owner, ani, Money(20_000), method="credit")
    with db.read() as s:
        assert (account(s, accounts.UANG_MUKA), account(s, accounts.PIUTANG)) == (0, 6_500)
        assert hledger_disagrees(s, tmp_path / "books.journal") == {}
