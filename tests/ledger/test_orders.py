"""Orders by WhatsApp and phone: a down payment, the board, delivery and the sale it becomes; cancelled orders
whose down payment is paid back or kept as credit; and what the drawer should hold through all of it."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from builders import counter, counter_template, fresh_db, owner_approval, readable, row_counts, stock_sum, use_settings
from channel_support import Menu, account, cart_for, entry_lines, held_for, set_up_menu, whatsapp_customer
from sqlalchemy import select

from pos.ledger.base.db import Database
from pos.ledger.base.errors import Conflict, InvalidInput, NotAllowed, NotFound
from pos.ledger.base.ids import CustomerId
from pos.ledger.base.money import Money
from pos.ledger.books import accounts
from pos.ledger.books.check import check_books
from pos.ledger.counter.payments import cash
from pos.ledger.counter.shifts import shift_report
from pos.ledger.people.deposits import customer_credit
from pos.ledger.reports.daily import daily_report
from pos.ledger.reports.pph import daily_turnover
from pos.ledger.schema import JournalEntry, PrintJob, Sale, SalePayment
from pos.ledger.selling.orders import (
    STATUSES,
    cancel_order,
    complete_order,
    edit_order,
    find_order,
    get_order,
    list_orders,
    new_order,
    set_status,
    take_deposit,
)
from pos.ledger.selling.returns import void_sale
from pos.ledger.slips.order_slips import order_slip
from pos.printing.layout import as_text
from pos.printing.order_slip import order_slip_lines

AT = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)  # 10.00 WIB
WIB = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture(scope="module")
def counter_path(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return counter_template(template_db, tmp_path_factory.mktemp("counter"))


@pytest.fixture
def shop(counter_path: Path, tmp_path: Path) -> Iterator[tuple[Database, Menu, CustomerId]]:
    db = fresh_db(counter_path, tmp_path / "shop")
    with db.write() as s:
        menu = set_up_menu(s)
        ani = whatsapp_customer(s)
    yield db, menu, ani
    db.dispose()


def test_an_order_with_a_down_payment_becomes_a_sale_when_delivered(
    shop: tuple[Database, Menu, CustomerId],
) -> None:
    db, menu, ani = shop
    with db.write() as s:
        cashier = counter(s).cashier
        order = new_order(
            s,
            cashier,
            cart_for(s, (menu.nasi, 2), (menu.teh, 2), customer=ani),
            channel="whatsapp",
            delivery_fee=Money(10_000),
            note="Pedas, tanpa bawang",
            deposit=Money(20_000),
            deposit_method="transfer",
            at=AT,
        )
    assert order.number == f"PA-{AT:%Y%m%d}-001"
    assert (order.status, order.goods, order.total, order.deposit, order.to_collect) == (
        "new",
        50_000,
        60_000,
        20_000,
        40_000,
    )
    assert order.address == "Jl. Melati 7, RT 02/RW 05"  # the customer's, unless another is given
    with db.read() as s:
        assert held_for(s, order.id) == 20_000
        assert account(s, accounts.BANK) == 20_000
        assert account(s, accounts.UANG_MUKA) == 20_000
        assert stock_sum(s, menu.nasi.id) == 0, "an order moves no stock until it is delivered"
        assert account(s, accounts.PENDAPATAN) == 0

    with db.write() as s:
        set_status(s, cashier, order.id, "preparing", at=AT)
        sent = set_status(s, cashier, order.id, "sent", at=AT)
        assert [o.number for o in list_orders(s)] == [order.number]
        assert find_order(s, order.number.lower()) == order.id
    assert sent.status == "sent"

    with db.write() as s:
        result = complete_order(s, cashier, order.id, [cash(50_000)], at=AT + dt.timedelta(hours=2))
    assert (result.total, result.change, result.channel, result.delivery_fee) == (60_000, 10_000, "whatsapp", 10_000)
    with db.read() as s:
        assert entry_lines(s, result.sale_id, "sale") == {
            accounts.UANG_MUKA: (20_000, 0),
            accounts.KAS: (40_000, 0),
            accounts.PENDAPATAN: (0, 50_000),
            accounts.PENDAPATAN_ONGKIR: (0, 10_000),
            accounts.HPP: (27_000, 0),
            accounts.PERSEDIAAN: (0, 27_000),
        }
        # Ongkir is turnover for PPh Final, like the goods.
        day = (AT + dt.timedelta(hours=2)).astimezone(WIB).date()
        assert daily_turnover(s, day, day) == {day: 60_000}
        methods = [
            (p.method, p.amount) for p in s.scalars(select(SalePayment).where(SalePayment.sale_id == result.sale_id))
        ]
        assert methods == [("cash", 40_000), ("deposit", 20_000)]
        sale = s.get(Sale, result.sale_id)
        assert sale is not None and (sale.customer_id, sale.channel) == (ani, "whatsapp")
        done = get_order(s, order.id)
        assert (done.status, done.sale_id, done.deposit) == ("done", result.sale_id, 0)
        assert held_for(s, order.id) == 0 and account(s, accounts.UANG_MUKA) == 0
        assert stock_sum(s, menu.nasi.id) == -2_000
        assert list_orders(s) == []
        assert shift_report(s).expected_cash == 200_000 + 40_000
        day = daily_report(s, AT.date())
        assert day.deposits_received == 20_000 and day.deposits_cash == 0
        [whatsapp] = day.by_channel
        assert (whatsapp.channel, whatsapp.goods, whatsapp.delivery_fees, whatsapp.total) == (
            "whatsapp",
            50_000,
            10_000,
            60_000,
        )
        assert check_books(s).ok

    with db.write() as s, pytest.raises(Conflict) as caught:
        set_status(s, cashier, order.id, "sent")
    readable(caught.value, "Order {number} is already done.")


def test_a_cancelled_order_pays_the_down_payment_back_with_the_owners_approval(
    shop: tuple[Database, Menu, CustomerId],
) -> None:
    db, menu, ani = shop
    with db.write() as s:
        cashier = counter(s).cashier
        order = new_order(s, cashier, cart_for(s, (menu.nasi, 1), customer=ani), deposit=Money(15_000), at=AT)
        assert shift_report(s).orders_cash == 15_000
        assert shift_report(s).expected_cash == 215_000, "a cash down payment is in the drawer"
    with db.read() as s:
        before = row_counts(s)
    with db.write() as s, pytest.raises(NotAllowed):
        cancel_order(s, cashier, order.id, deposit="refund", reason="Tidak jadi")
    with db.read() as s:
        assert row_counts(s) == before
    with db.write() as s:
        approval = owner_approval(s, "refund", at=AT)
        cancelled = cancel_order(
            s, cashier, order.id, deposit="refund", approvals=[approval], reason="Tidak jadi", at=AT
        )
        assert (cancelled.status, cancelled.deposit) == ("cancelled", 0)
        assert account(s, accounts.KAS) == 0 and account(s, accounts.UANG_MUKA) == 0
        report = shift_report(s)
        assert (report.orders_cash, report.expected_cash, report.sales_count) == (0, 200_000, 0)
        assert stock_sum(s, menu.nasi.id) == 0
        assert daily_report(s, AT.date()).deposits_refunded == 15_000
        assert check_books(s).ok
    with db.write() as s, pytest.raises(Conflict) as caught:
        take_deposit(s, cashier, order.id, Money(1_000))
    readable(caught.value, "Order {number} was cancelled.")


def test_a_down_payment_kept_as_credit_pays_for_the_next_order(shop: tuple[Database, Menu, CustomerId]) -> None:
    db, menu, ani = shop
    with db.write() as s:
        cashier = counter(s).cashier
        first = new_order(
            s, cashier, cart_for(s, (menu.nasi, 1), customer=ani), deposit=Money(15_000), deposit_method="qris"
        )
        cancel_order(s, cashier, first.id, deposit="credit")  # no refund, so no approval needed
        assert customer_credit(s, ani) == Money(15_000)
        assert held_for(s, first.id) == 0
        assert account(s, accounts.UANG_MUKA) == 15_000, "the shop still holds the money, now for the customer"
        assert account(s, accounts.QRIS) == 15_000

        second = new_order(s, cashier, cart_for(s, (menu.teh, 4), customer=ani), channel="phone")
        with pytest.raises(InvalidInput) as caught:
            take_deposit(s, cashier, second.id, Money(20_000), method="credit")
        readable(caught.value, "{name} has only {credit} in credit.")
        second = take_deposit(s, cashier, second.id, Money(15_000), method="credit")
        assert (second.deposit, customer_credit(s, ani)) == (15_000, Money(0))
        result = complete_order(s, cashier, second.id, [cash(5_000)])
        assert (result.total, result.channel) == (20_000, "phone")
        assert entry_lines(s, result.sale_id, "sale")[accounts.UANG_MUKA] == (15_000, 0)
        assert account(s, accounts.UANG_MUKA) == 0
        assert check_books(s).ok


def test_a_down_payment_larger_than_the_sale_leaves_the_rest_as_credit(
    shop: tuple[Database, Menu, CustomerId],
) -> None:
    db, menu, ani = shop
    with db.write() as s:
        cashier = counter(s).cashier
        order = new_order(s, cashier, cart_for(s, (menu.teh, 1), customer=ani), deposit=Money(10_000))
        result = complete_order(s, cashier, order.id)  # nothing more to collect
        assert (result.total, result.change) == (5_000, 0)
        assert customer_credit(s, ani) == Money(5_000)
        assert held_for(s, order.id) == 0
        assert check_books(s).ok


def test_rounding_applies_only_to_what_is_paid_in_cash(shop: tuple[Database, Menu, CustomerId]) -> None:
    db, menu, ani = shop
    with db.write() as s:
        use_settings(s, rounding_increment=500)
        cashier = counter(s).cashier
        # 1 es teh + 1 kerupuk = 6.500, ongkir 3.200 -> 9.700; 5.000 down, 4.700 left, rounded down to 4.500 in cash.
        order = new_order(
            s, cashier, cart_for(s, (menu.teh, 1), (menu.kerupuk, 1), customer=ani), delivery_fee=Money(3_200)
        )
        take_deposit(s, cashier, order.id, Money(5_000), method="transfer")
        result = complete_order(s, cashier, order.id, [cash(5_000)])
        assert (result.total, result.settlement.rounding, result.change) == (9_500, -200, 500)
        assert check_books(s).ok


def test_an_open_order_can_be_edited_and_its_items_re_priced(shop: tuple[Database, Menu, CustomerId]) -> None:
    db, menu, ani = shop
    with db.write() as s:
        cashier = counter(s).cashier
        order = new_order(s, cashier, cart_for(s, (menu.teh, 1), customer=ani), address="Kantor kelurahan")
        edited = edit_order(
            s, cashier, order.id, cart=cart_for(s, (menu.teh, 3)), delivery_fee=Money(2_000), note="Jam 12"
        )
    assert (edited.goods, edited.delivery_fee, edited.note, edited.address) == (
        15_000,
        2_000,
        "Jam 12",
        "Kantor kelurahan",
    )
    assert [(x.name, x.qty_milli) for x in edited.lines] == [("Es teh", 3_000)]


def test_slips_are_queued_when_the_printer_prints_by_itself(shop: tuple[Database, Menu, CustomerId]) -> None:
    db, menu, ani = shop
    with db.write() as s:
        use_settings(s, printer_uri="file:///dev/null")
        cashier = counter(s).cashier
        order = new_order(s, cashier, cart_for(s, (menu.teh, 1), customer=ani))
        set_status(s, cashier, order.id, "sent")
        jobs = [(j.kind, j.source_id) for j in s.scalars(select(PrintJob).order_by(PrintJob.created_at))]
    assert jobs == [("order_slip", order.id), ("delivery_slip", order.id)]


@pytest.mark.parametrize(
    ("kwargs", "msgid"),
    [
        ({"channel": "gofood"}, "A sale on {channel} is rung up at the counter with {channel} as the channel."),
        ({"customer": False}, "An order needs a customer: choose who is ordering."),
        ({"empty": True}, "The order has no items."),
        ({"delivery_fee": Money(-1)}, "The delivery fee cannot be negative."),
        ({"deposit": Money(-5)}, "The amount must be more than zero."),
    ],
)
def test_bad_orders_are_refused_and_write_nothing(
    shop: tuple[Database, Menu, CustomerId], kwargs: dict[str, object], msgid: str
) -> None:
    db, menu, ani = shop
    with db.read() as s:
        before = row_counts(s)
    with db.write() as s, pytest.raises(InvalidInput) as caught:
        customer = None if kwargs.pop("customer", True) is False else ani
        cart = cart_for(s, *([] if kwargs.pop("empty", False) else [(menu.teh, 1)]), customer=customer)
        new_order(s, counter(s).cashier, cart, **kwargs)  # type: ignore[arg-type]
    readable(caught.value, msgid)
    with db.read() as s:
        assert row_counts(s) == before


def test_orders_move_only_along_the_board(shop: tuple[Database, Menu, CustomerId]) -> None:
    db, menu, ani = shop
    with db.write() as s:
        cashier = counter(s).cashier
        order = new_order(s, cashier, cart_for(s, (menu.teh, 1), customer=ani))
        with pytest.raises(InvalidInput) as caught:
            set_status(s, cashier, order.id, "done")
        readable(caught.value, "An order is completed or cancelled with its own action, which settles its money.")
        assert set_status(s, cashier, order.id, "sent").status == "sent"
        assert set_status(s, cashier, order.id, "new").status == "new"  # a slip of the hand, undone
        with pytest.raises(NotFound):
            get_order(s, uuid.uuid4())


def test_the_board_lists_open_orders_oldest_first_then_history_newest_first(
    shop: tuple[Database, Menu, CustomerId],
) -> None:
    db, menu, ani = shop
    with db.write() as s:
        cashier = counter(s).cashier
        made = [
            new_order(s, cashier, cart_for(s, (menu.teh, 1), customer=ani), at=AT + dt.timedelta(minutes=n))
            for n in range(5)
        ]
        for order in (made[0], made[2], made[3]):
            cancel_order(s, cashier, order.id, at=AT + dt.timedelta(hours=1))
    with db.read() as s:
        every = [o.number for o in list_orders(s, statuses=STATUSES)]
        # Still to go out: oldest first. Cancelled: newest first, so a limit drops the oldest history.
        assert every == [made[i].number for i in (1, 4, 3, 2, 0)]
        assert [o.number for o in list_orders(s, statuses=STATUSES, limit=3)] == [made[i].number for i in (1, 4, 3)]
        assert [o.number for o in list_orders(s, statuses=("cancelled",), limit=2)] == [made[i].number for i in (3, 2)]


def test_voiding_the_sale_of_an_order_puts_the_order_back_on_the_board_with_its_down_payment(
    shop: tuple[Database, Menu, CustomerId],
) -> None:
    db, menu, ani = shop
    with db.write() as s:
        cashier = counter(s).cashier
        order = new_order(
            s,
            cashier,
            cart_for(s, (menu.nasi, 2), customer=ani),
            channel="whatsapp",
            delivery_fee=Money(10_000),
            deposit=Money(20_000),
            deposit_method="transfer",
            at=AT,
        )
        wrong = complete_order(s, cashier, order.id, [cash(30_000)], at=AT + dt.timedelta(hours=1))
    with db.write() as s:
        void_sale(
            s,
            cashier,
            wrong.receipt_no,
            reason="salah bayar",
            approvals=(owner_approval(s, "void", at=AT + dt.timedelta(hours=1)),),
            at=AT + dt.timedelta(hours=1, minutes=2),
        )
    with db.read() as s:
        back = get_order(s, order.id)
        assert (back.status, back.sale_id, back.deposit, back.to_collect) == ("sent", None, 20_000, 30_000)
        assert [o.number for o in list_orders(s)] == [order.number]
        assert held_for(s, order.id) == 20_000 and account(s, accounts.UANG_MUKA) == 20_000
        assert stock_sum(s, menu.nasi.id) == 0
        assert account(s, accounts.PENDAPATAN) == 0
        assert check_books(s).ok

    # Rung up again, rightly this time: one sale counts, the down payment pays once.
    with db.write() as s:
        right = complete_order(s, cashier, order.id, [cash(30_000)], at=AT + dt.timedelta(hours=1, minutes=5))
    with db.read() as s:
        done = get_order(s, order.id)
        assert (done.status, done.sale_id, done.deposit) == ("done", right.sale_id, 0)
        assert account(s, accounts.UANG_MUKA) == 0
        assert account(s, accounts.PENDAPATAN) == 40_000 and account(s, accounts.PENDAPATAN_ONGKIR) == 10_000
        assert stock_sum(s, menu.nasi.id) == -2_000
        assert check_books(s).ok


def test_an_orders_money_reads_right_through_its_life_and_on_its_slips(
    shop: tuple[Database, Menu, CustomerId],
) -> None:
    db, menu, ani = shop
    with db.write() as s:
        cashier, owner = counter(s).cashier, counter(s).owner
        cart = cart_for(s, (menu.nasi, 5), (menu.teh, 2), customer=ani)  # Rp 110.000
        order = new_order(s, cashier, cart, delivery_fee=Money(1_000), deposit=Money(50_000), deposit_method="qris")
        assert (order.total, order.deposit, order.taken, order.to_collect) == (111_000, 50_000, 50_000, 61_000)
        complete_order(s, cashier, order.id, [cash(70_000)])
        done = get_order(s, order.id)
        # Billed Rp 111.000: Rp 50.000 from the down payment, Rp 61.000 collected (change not counted), nothing left.
        assert (done.billed, done.used, done.collected, done.to_collect, done.kept) == (111_000, 50_000, 61_000, 0, 0)
        assert [(m.kind, m.method, m.amount) for m in done.history] == [
            ("deposit", "qris", 50_000),
            ("used", "deposit", 50_000),
            ("collected", "cash", 61_000),
        ]
        assert done.receipt_no and done.sale_id is not None

        kept = new_order(s, cashier, cart_for(s, (menu.nasi, 6), customer=ani), deposit=Money(30_000))
        kept = cancel_order(s, cashier, kept.id, deposit="credit")
        back = new_order(
            s, cashier, cart_for(s, (menu.nasi, 1), customer=ani), deposit=Money(10_000), deposit_method="qris"
        )
        back = cancel_order(s, owner, back.id, deposit="refund", method="qris")
    assert (kept.total, kept.deposit, kept.taken, kept.kept, kept.refunded, kept.to_collect) == (
        120_000,
        0,
        30_000,
        30_000,
        0,
        0,
    )
    assert (back.taken, back.refunded, back.kept, back.to_collect) == (10_000, 10_000, 0, 0)
    with db.read() as s:
        # Every entry of an order's down payment names the order, so the books lead back to it.
        memos = s.execute(select(JournalEntry.kind, JournalEntry.memo).where(JournalEntry.kind.like("order_%"))).all()
    assert {(kind, memo) for kind, memo in memos if back.number in memo} == {
        ("order_deposit", f"Uang muka {back.number}"),
        ("order_refund", f"Pengembalian uang muka {back.number}"),
    }
    assert ("order_credit", f"Uang muka {kept.number} jadi titipan") in memos
    with db.read() as s:
        paid_slip = as_text(order_slip_lines(order_slip(s, done.id, "delivery"), 32), 32)
        kept_slip = as_text(order_slip_lines(order_slip(s, kept.id, "order"), 32), 32)
    assert (
        "LUNAS" in paid_slip and "DITAGIH" not in paid_slip and "61.000" in paid_slip and done.receipt_no in paid_slip
    )
    assert "DIBATALKAN" in kept_slip and "DITAGIH" not in kept_slip and "Disimpan sebagai titipan" in kept_slip
