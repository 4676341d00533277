"""Sales channels: a GoFood sale at GoFood's prices with its commission, the payout that settles it, price lists,
channels the owner adds, the refusals, and the channel report and Z report figures."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from builders import counter, counter_template, fresh_db, pay, readable, row_counts, sell
from channel_support import Menu, account, cart_for, entry_lines, owed_by_platform, sell_on, set_up_menu
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select, text

from pos.ledger.base.db import Database
from pos.ledger.base.errors import Conflict, InvalidInput, NotAllowed
from pos.ledger.base.money import FULL_BP, Money
from pos.ledger.base.period import Period
from pos.ledger.books import accounts
from pos.ledger.books.balances import trial_balance
from pos.ledger.books.check import check_books
from pos.ledger.channels.channels import (
    ChannelInfo,
    add_channel,
    channel_price,
    commission_of,
    edit_channel,
    get_channel,
    list_channels,
    net_of_commission,
    price_for_channel,
    set_channel_price,
)
from pos.ledger.channels.payouts import platform_balance, settle_platform
from pos.ledger.counter.payments import Payment, cash
from pos.ledger.replication.outbox import event_json
from pos.ledger.reports.channels import channel_report
from pos.ledger.reports.daily import daily_report
from pos.ledger.schema import OutboxEvent, Sale, SalePayment
from pos.ledger.selling.order_records import order_total
from pos.ledger.selling.sales import ring_up
from pos.ledger.shop.opening import open_database

DAY1 = dt.datetime(2026, 11, 20, 5, 0, tzinfo=dt.UTC)  # 12.00 WIB
DAY2 = dt.datetime(2026, 11, 21, 5, 0, tzinfo=dt.UTC)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "upgrade"


@pytest.fixture(scope="module")
def counter_path(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return counter_template(template_db, tmp_path_factory.mktemp("counter"))


@pytest.fixture
def shop(counter_path: Path, tmp_path: Path) -> Iterator[tuple[Database, Menu]]:
    db = fresh_db(counter_path, tmp_path / "shop")
    with db.write() as s:
        menu = set_up_menu(s)
    yield db, menu
    db.dispose()


def test_a_gofood_sale_books_the_commission_and_what_gofood_owes_then_the_payout_settles_it(
    shop: tuple[Database, Menu],
) -> None:
    db, menu = shop
    with db.write() as s:
        cart = price_for_channel(s, cart_for(s, (menu.nasi, 1), (menu.teh, 2), (menu.kerupuk, 3)), "gofood")
        # GoFood's set price for nasi goreng; es teh and kerupuk at +20%, rounded up to Rp 500.
        assert [line.unit_price.rupiah for line in cart.lines] == [25_000, 6_000, 2_000]
        result = sell_on(s, "gofood", cart, at=DAY1)  # GoFood pays: no payment to enter
    assert (result.total, result.commission, result.channel) == (43_000, 8_600, "gofood")
    with db.read() as s:
        sale = s.scalars(select(Sale).where(Sale.id == result.sale_id)).one()
        assert (sale.channel, sale.total, sale.commission, sale.delivery_fee) == ("gofood", 43_000, 8_600, 0)
        [payment] = s.scalars(select(SalePayment).where(SalePayment.sale_id == result.sale_id))
        assert (payment.method, payment.amount, payment.provider) == ("platform", 43_000, "GoFood")
        assert entry_lines(s, result.sale_id, "sale") == {
            accounts.PIUTANG_PLATFORM: (34_400, 0),  # 80% of Rp 43.000
            accounts.BEBAN_KOMISI: (8_600, 0),
            accounts.PENDAPATAN: (0, 43_000),
            accounts.HPP: (12_000 + 2 * 1_500 + 3 * 700, 0),
            accounts.PERSEDIAAN: (0, 17_100),
        }
        assert owed_by_platform(s, "gofood") == platform_balance(s, "gofood").rupiah == 34_400
        assert account(s, accounts.KAS) == 0  # no money came in at the counter
        assert check_books(s).ok

    with db.write() as s:
        # GoFood pays out Rp 34.000: Rp 400 less than booked, an extra fee the owner books as commission.
        payout = settle_platform(s, counter(s).owner, "gofood", Money(34_000), difference="commission", at=DAY2)
    assert (payout.cleared, payout.received, payout.fees, payout.balance_after) == (34_400, 34_000, 400, 0)
    with db.read() as s:
        assert entry_lines(s, payout.id) == {
            accounts.BANK: (34_000, 0),
            accounts.BEBAN_KOMISI: (400, 0),
            accounts.PIUTANG_PLATFORM: (0, 34_400),
        }
        assert owed_by_platform(s, "gofood") == 0
        assert account(s, accounts.BEBAN_KOMISI) == 9_000
        assert trial_balance(s).difference == 0
        assert check_books(s).ok
        report = channel_report(s, Period(DAY1.date(), DAY2.date()))
    row = report.row("gofood")
    assert row is not None
    assert (row.sales, row.goods, row.delivery_fees, row.total, row.commission, row.net) == (
        1,
        43_000,
        0,
        43_000,
        8_600,
        34_400,
    )
    [gofood] = report.platforms
    assert (gofood.channel, gofood.settled, gofood.owed) == ("gofood", 34_000, 0)


def test_a_payout_up_to_a_day_clears_only_that_days_sales(shop: tuple[Database, Menu]) -> None:
    db, menu = shop
    with db.write() as s:
        sell_on(s, "gofood", price_for_channel(s, cart_for(s, (menu.nasi, 1)), "gofood"), at=DAY1)  # 20.000 owed
        sell_on(s, "gofood", price_for_channel(s, cart_for(s, (menu.nasi, 2)), "gofood"), at=DAY2)  # 40.000 owed
    with db.write() as s:
        payout = settle_platform(
            s, counter(s).owner, "gofood", Money(20_000), up_to=DAY1.date(), method="ewallet", at=DAY2
        )
    assert (payout.cleared, payout.fees, payout.balance_after) == (20_000, 0, 40_000)
    with db.read() as s:
        assert account(s, accounts.EWALLET) == 20_000
        assert check_books(s).ok


def test_prices_follow_the_channel_and_come_back_at_the_counter(shop: tuple[Database, Menu]) -> None:
    db, menu = shop
    with db.write() as s:
        counter_cart = cart_for(s, (menu.nasi, 1), (menu.kerupuk, 1))
        on_gofood = price_for_channel(s, counter_cart, "gofood")
        on_whatsapp = price_for_channel(s, on_gofood, "whatsapp")  # no price list: the counter's prices
        back = price_for_channel(s, on_gofood, "counter")
    assert [x.unit_price.rupiah for x in on_gofood.lines] == [25_000, 2_000]
    assert [x.unit_price for x in back.lines] == [x.unit_price for x in counter_cart.lines]
    assert [x.unit_price for x in on_whatsapp.lines] == [x.unit_price for x in counter_cart.lines]
    assert not any(x.overridden for x in on_gofood.lines), "a channel's price is not a price changed by hand"
    gofood = get_channel_info(db, "gofood")
    assert channel_price(gofood, Money(10_000), None, 1_000) == Money(12_000)
    assert channel_price(gofood, Money(10_100), None, 1_000) == Money(12_500)  # 12.120 rounded up
    assert channel_price(gofood, Money(10_000), Money(11_000), 40_000) == Money(440_000)  # a carton of 40


def get_channel_info(db: Database, code: str) -> ChannelInfo:
    with db.read() as s:
        return get_channel(s, code)


def test_a_cleared_set_price_falls_back_to_the_markup(shop: tuple[Database, Menu]) -> None:
    db, menu = shop
    with db.write() as s:
        set_channel_price(s, counter(s).owner, "gofood", menu.nasi.id, None)
        cart = price_for_channel(s, cart_for(s, (menu.nasi, 1)), "gofood")
    assert cart.lines[0].unit_price == Money(24_000)


def test_the_owner_adds_a_channel_and_every_counter_hears_of_it(shop: tuple[Database, Menu]) -> None:
    db, _menu = shop
    with db.write() as s:
        before = s.scalar(select(OutboxEvent.seq).order_by(OutboxEvent.seq.desc()).limit(1)) or 0
        info = add_channel(s, counter(s).owner, "Grab Mart", "delivery", commission_bp=1_500)
        events = s.execute(
            select(OutboxEvent.kind, OutboxEvent.payload, OutboxEvent.body).where(OutboxEvent.seq > before)
        ).all()
        codes = [c.code for c in list_channels(s)]
    assert (info.code, info.name, info.commission_bp, info.is_platform) == ("grabmart", "Grab Mart", 1_500, True)
    assert codes[0] == "counter" and codes[-1] == "grabmart"
    changes = [json.loads(event_json(p, b)) for k, p, b in events if k == "change"]
    assert any(c["entity"] == "channels" and c["key"] == "grabmart" for c in changes)
    with db.write() as s, pytest.raises(Conflict) as caught:
        add_channel(s, counter(s).owner, "grab mart", "delivery")
    readable(caught.value, "There is already a sales channel called {name}.")


@pytest.mark.parametrize(
    ("change", "msgid"),
    [
        ({"commission_bp": 1_000, "code": "whatsapp"}, "Only a delivery platform or a marketplace takes a commission."),
        ({"commission_bp": 10_001}, "A commission is between 0% and 100%."),
        ({"is_active": False, "code": "counter"}, "The counter is always a sales channel."),
        (
            {"markup_bp": 500, "code": "counter"},
            "The counter sells at the counter price; give other channels their own prices.",
        ),
    ],
)
def test_bad_channel_terms_are_refused_and_write_nothing(
    shop: tuple[Database, Menu], change: dict[str, object], msgid: str
) -> None:
    db, _menu = shop
    code = str(change.pop("code", "gofood"))
    with db.read() as s:
        before = row_counts(s)
    with db.write() as s, pytest.raises(InvalidInput) as caught:
        edit_channel(s, counter(s).owner, code, **change)  # type: ignore[arg-type]
    readable(caught.value, msgid)
    with db.read() as s:
        assert row_counts(s) == before


def test_only_the_owner_changes_channels(shop: tuple[Database, Menu]) -> None:
    db, menu = shop
    with db.write() as s:
        cashier = counter(s).cashier
        with pytest.raises(NotAllowed) as caught:
            edit_channel(s, cashier, "gofood", commission_bp=0)
        readable(caught.value, "Only the owner may change sales channels and their prices.")
        with pytest.raises(NotAllowed):
            set_channel_price(s, cashier, "gofood", menu.teh.id, Money(1))
        with pytest.raises(NotAllowed):
            settle_platform(s, cashier, "gofood", Money(1))


@pytest.mark.parametrize(
    ("channel", "payments", "fee", "msgid"),
    [
        ("gofood", [cash(50_000)], 0, "A sale on {channel} is paid through {channel}."),
        (
            "counter",
            [pay("platform", 5_000)],
            0,
            "Only a sale on a delivery platform or a marketplace is paid through the platform.",
        ),
        ("gofood", [], 5_000, "{channel} charges its own delivery fee."),
        ("whatsapp", [pay("deposit", 5_000)], 0, "A down payment can pay only for the order it was taken on."),
        ("counter", [cash(10_000)], -1, "The delivery fee cannot be negative."),
    ],
)
def test_payments_the_channel_does_not_allow_are_refused_and_write_nothing(
    shop: tuple[Database, Menu], channel: str, payments: list[Payment], fee: int, msgid: str
) -> None:
    db, menu = shop
    with db.read() as s:
        before = row_counts(s)
    with db.write() as s, pytest.raises(InvalidInput) as caught:
        ring_up(s, counter(s).cashier, cart_for(s, (menu.teh, 1)), payments, channel=channel, delivery_fee=Money(fee))
    readable(caught.value, msgid)
    with db.read() as s:
        assert row_counts(s) == before


def test_a_channel_taken_off_cannot_sell(shop: tuple[Database, Menu]) -> None:
    db, menu = shop
    with db.write() as s:
        edit_channel(s, counter(s).owner, "shopee", is_active=False)
        assert "shopee" not in [c.code for c in list_channels(s)]
        assert "shopee" in [c.code for c in list_channels(s, active_only=False)]
        with pytest.raises(InvalidInput) as caught:
            ring_up(s, counter(s).cashier, cart_for(s, (menu.teh, 1)), [], channel="shopee")
    readable(caught.value, "{channel} is no longer a sales channel.")


def test_the_z_report_shows_each_channel_and_the_counter_takings_stay_cash(shop: tuple[Database, Menu]) -> None:
    db, menu = shop
    with db.write() as s:
        sell(s, cart_for(s, (menu.teh, 2)), [cash(10_000)], at=DAY1)
        sell_on(s, "gofood", price_for_channel(s, cart_for(s, (menu.nasi, 1)), "gofood"), at=DAY1)
    with db.read() as s:
        report = daily_report(s, DAY1.date())
    assert [(r.channel, r.sales, r.total, r.commission, r.net) for r in report.by_channel] == [
        ("counter", 1, 10_000, 0, 10_000),
        ("gofood", 1, 25_000, 5_000, 20_000),
    ]
    assert report.by_method == {"cash": 10_000, "platform": 25_000}
    assert report.cash_takings == 10_000
    figures = report.as_dict()
    assert figures["by_channel"][1]["net"] == 20_000


def test_an_older_database_upgrades_to_channels_with_every_sale_at_the_counter(tmp_path: Path) -> None:
    path = tmp_path / "laci.sqlite3"
    shutil.copyfile(FIXTURES / "laci-rev-0006.sqlite3", path)
    db = open_database(path)
    try:
        with db.read() as s:
            assert s.execute(text("SELECT channel, delivery_fee, commission FROM sales")).all() == [("counter", 0, 0)]
            assert [c.code for c in list_channels(s)][:4] == ["counter", "whatsapp", "phone", "gofood"]
            names = dict(s.execute(text("SELECT code, name FROM accounts")).all())
            assert names[accounts.PIUTANG_PLATFORM] == "Piutang platform"
            assert names[accounts.UANG_MUKA] == "Uang muka & titipan pelanggan"
            assert names[accounts.BEBAN_KOMISI] == "Beban komisi platform"
            assert names[accounts.PENDAPATAN_ONGKIR] == "Pendapatan ongkir"
            assert check_books(s).ok
    finally:
        db.dispose()


@given(amount=st.integers(0, 10_000_000), commission_bp=st.integers(0, FULL_BP))
def test_what_the_platform_keeps_and_what_reaches_the_shop_make_the_whole(amount: int, commission_bp: int) -> None:
    kept, net = commission_of(amount, commission_bp), net_of_commission(amount, commission_bp)
    assert kept + net == amount and 0 <= net <= amount
    assert net_of_commission(amount, 0) == amount and net_of_commission(amount, FULL_BP) == 0


def test_an_order_comes_to_its_items_and_the_delivery_fee() -> None:
    assert order_total(43_500, 10_000) == 53_500 and order_total(43_500, 0) == 43_500
