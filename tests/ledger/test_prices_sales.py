"""Sales with tiers, group prices, promotions, vouchers and points, through `ring_up`: what lands in the books,
the stock and the sale's records, what `laci check` ties out, and a property test over random carts and terms."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from builders import (
    add_item,
    balance,
    cart_of,
    counter,
    counter_template,
    fresh_db,
    kasbon_customer,
    pay,
    row_counts,
    sell,
    stock_sum,
    use_settings,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from price_shop import INDOMIE, KOPI, ROTI, T0, pid, stock_price_shop
from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money, Qty
from pos.ledger.books import accounts
from pos.ledger.books.approvals import NeedsApproval
from pos.ledger.books.balances import trial_balance
from pos.ledger.books.check import check_books
from pos.ledger.counter.cart import Cart
from pos.ledger.counter.line_choices import with_choices
from pos.ledger.counter.payments import cash
from pos.ledger.counter.pricing import Discount
from pos.ledger.prices import groups, loyalty, tiers
from pos.ledger.prices.promotions import PromotionInfo, save_promotion
from pos.ledger.prices.sale_records import price_for_sale
from pos.ledger.prices.terms import Bundle, BuyGet, CartOff, ItemOff
from pos.ledger.prices.vouchers import VoucherInfo, find_voucher, save_voucher, vouchers_used_beyond_limit
from pos.ledger.selling.orders import complete_order, new_order
from pos.ledger.selling.returns import return_items, void_sale
from pos.ledger.selling.sales import ppn_rule
from pos.ledger.shop import settings as shop_settings
from pos.ledger.shop.choices import PPN_MODES
from pos.ledger.stock.modifiers import ChoiceSpec, choose, groups_for, offer_groups, save_group


@pytest.fixture(scope="module")
def counter_path(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return counter_template(template_db, tmp_path_factory.mktemp("counter"))


@pytest.fixture
def shop(counter_path: Path, tmp_path: Path) -> Iterator[Database]:
    db = fresh_db(counter_path, tmp_path / "shop")
    with db.write() as s:
        stock_price_shop(s)
    yield db
    db.dispose()


def effects(s: Session, receipt: str) -> list[tuple[object, ...]]:
    return [
        tuple(r)
        for r in s.execute(
            text(
                "SELECT e.line_no, e.kind, e.name, e.saved FROM sale_effects e JOIN sales x ON x.id = e.sale_id "
                "WHERE x.receipt_no = :r ORDER BY e.seq"
            ),
            {"r": receipt},
        )
    ]


def lines(s: Session, receipt: str) -> list[tuple[object, ...]]:
    return [
        tuple(r)
        for r in s.execute(
            text(
                "SELECT l.name, l.qty_milli, l.unit_price, l.gross, l.line_discount, l.net, l.cost FROM sale_lines l "
                "JOIN sales x ON x.id = l.sale_id WHERE x.receipt_no = :r ORDER BY l.line_no"
            ),
            {"r": receipt},
        )
    ]


def test_a_grosir_sale_books_the_tier_price_and_says_so(shop: Database) -> None:
    with shop.write() as s:
        tiers.set_tiers(s, pid(s, INDOMIE), 1000, [(12_000, 3_200), (40_000, 3_000)])
        sale = sell(s, cart_of(s, f"12*{INDOMIE}"), [cash(50_000)], at=T0)
        assert sale.total == 12 * 3_200
        assert lines(s, sale.receipt_no) == [("Indomie goreng", 12_000, 3_200, 38_400, 0, 38_400, 12 * 2_800)]
        assert effects(s, sale.receipt_no) == [(1, "tier", "12", 3_600)]
        # The tier is a price, not a discount: nothing goes to Potongan penjualan.
        assert balance(s, accounts.POTONGAN) == 0 and balance(s, accounts.PENDAPATAN) == 38_400
        assert check_books(s).ok


def test_a_tier_prices_the_product_and_its_add_ons_keep_their_own_price(shop: Database) -> None:
    with shop.write() as s:
        tiers.set_tiers(s, pid(s, INDOMIE), 1000, [(12_000, 3_200)])
        cart = cart_of(s, f"12*{INDOMIE}")
        owner = counter(s).owner
        topping = save_group(s, owner, "Topping", [ChoiceSpec("Telur", 2_000)], max_choices=1)
        offer_groups(s, owner, pid(s, INDOMIE), [topping])
        offered = groups_for(s, pid(s, INDOMIE))
        cart.lines[0] = with_choices(cart.lines[0], choose(offered, [offered[0].choices[0].id]))
        sale = sell(s, cart, [cash(100_000)], at=T0)
        assert sale.total == 12 * (3_200 + 2_000)
        assert lines(s, sale.receipt_no) == [("Indomie goreng", 12_000, 5_200, 62_400, 0, 62_400, 12 * 2_800)]
        assert effects(s, sale.receipt_no) == [(1, "tier", "12", 3_600)]
        assert check_books(s).ok


def test_buy_two_get_one_the_free_piece_leaves_stock_at_cost_never_at_a_negative_price(shop: Database) -> None:
    with shop.write() as s:
        save_promotion(s, PromotionInfo(None, "Kopi beli 2 gratis 1", BuyGet(pid(s, KOPI), 2, pid(s, KOPI), 1)))
        sale = sell(s, cart_of(s, f"3*{KOPI}"), [cash(4_000)], at=T0)
        assert sale.total == 4_000
        assert lines(s, sale.receipt_no) == [
            ("Kopi sachet", 2_000, 2_000, 4_000, 0, 4_000, 2_400),
            ("Kopi sachet", 1_000, 0, 0, 0, 0, 1_200),
        ]
        assert effects(s, sale.receipt_no) == [(2, "free", "Kopi beli 2 gratis 1", 2_000)]
        # All three pieces leave stock; the free one's cost is HPP with the rest. Nothing to Potongan.
        assert stock_sum(s, pid(s, KOPI)) == 97_000
        assert balance(s, accounts.HPP) == 3 * 1_200
        assert balance(s, accounts.POTONGAN) == 0 and balance(s, accounts.PENDAPATAN) == 4_000
        assert check_books(s).ok


def test_promotions_land_in_potongan_penjualan_and_need_no_approval(shop: Database) -> None:
    with shop.write() as s:
        save_promotion(s, PromotionInfo(None, "Paket sarapan", Bundle(((pid(s, KOPI), 1), (pid(s, ROTI), 1)), 5_000)))
        save_promotion(s, PromotionInfo(None, "Semua 5%", CartOff(percent_bp=500, min_spend=5_000)))
        # The cashier sells; the promotions (Rp 1.000 and 5% of 5.000) are far above the cashier's 10% limit on
        # nothing, and are the owner's own terms.
        sale = sell(s, cart_of(s, KOPI, ROTI), [cash(10_000)], at=T0)
        assert sale.total == 4_750
        assert balance(s, accounts.POTONGAN) == 1_250
        assert balance(s, accounts.PENDAPATAN) == 6_000
        assert [(k, n, v) for _l, k, n, v in effects(s, sale.receipt_no)] == [
            ("promo", "Paket sarapan", 333),
            ("promo", "Paket sarapan", 667),
            ("cart", "Semua 5%", 250),
        ]
        assert check_books(s).ok


def test_a_cashiers_own_discount_still_needs_the_owner_above_the_limit(shop: Database) -> None:
    with shop.write() as s:
        save_promotion(s, PromotionInfo(None, "Roti 50%", ItemOff(products=frozenset({pid(s, ROTI)}), percent_bp=5000)))
        c = cart_of(s, ROTI, KOPI)
        c.set_line_discount(1, Discount(percent_bp=2000))
        with pytest.raises(NeedsApproval):
            sell(s, c, [cash(10_000)], at=T0)


def test_a_group_price_and_the_groups_kasbon_limit(shop: Database) -> None:
    with shop.write() as s:
        grosir = groups.save_group(s, None, "Grosir", credit_limit=500_000)
        groups.set_group_price(s, grosir, product_id=pid(s, INDOMIE), price=3_100)
        warung = kasbon_customer(s, "Warung Pak Eko", limit=0)
        groups.set_customer_group(s, warung, grosir)
        c = cart_of(s, f"10*{INDOMIE}")
        c.customer_id = warung
        # On kasbon: the group's Rp 500.000 limit holds where the customer's own is 0.
        sale = sell(s, c, [pay("kasbon", 31_000)], at=T0)
        assert sale.total == 31_000
        assert effects(s, sale.receipt_no) == [(1, "group", "Grosir", 4_000)]
        assert check_books(s).ok


def test_a_voucher_is_used_once_and_a_second_use_is_refused_writing_nothing(shop: Database) -> None:
    with shop.write() as s:
        save_voucher(s, VoucherInfo("HEMAT5", amount=5_000, min_spend=10_000))
        c = cart_of(s, f"5*{ROTI}")
        c.set_voucher("hemat5")
        sale = sell(s, c, [cash(20_000)], at=T0)
        assert sale.total == 15_000
        assert balance(s, accounts.POTONGAN) == 5_000
        assert effects(s, sale.receipt_no) == [(None, "voucher", "HEMAT5", 5_000)]
        before = row_counts(s)
    with pytest.raises(InvalidInput) as refused, shop.write() as s:
        again = cart_of(s, f"5*{ROTI}")
        again.set_voucher("HEMAT5")
        sell(s, again, [cash(20_000)], at=T0)
    assert refused.value.msgid == "Voucher {code} has been used up: {uses} of {limit} uses."
    with shop.read() as s:
        assert row_counts(s) == before
    # A voided sale gives its use back.
    with shop.write() as s:
        void_sale(s, counter(s).owner, sale.receipt_no, reason="salah", at=T0)
        terms = find_voucher(s, "HEMAT5")
        assert terms is not None and terms.uses == 0
        assert vouchers_used_beyond_limit(s) == []
        assert check_books(s).ok


def test_points_are_earned_redeemed_as_potongan_and_lapse(shop: Database) -> None:
    with shop.write() as s:
        loyalty.save_points_rule(s, loyalty.PointsRule(earn_per=1_000, value=100, expiry_months=1))
        budi = kasbon_customer(s, "Pak Budi")
        first = cart_of(s, f"10*{ROTI}")
        first.customer_id = budi
        sell(s, first, [cash(40_000)], at=T0)
        assert loyalty.points_balance(s, budi, T0.date()) == 40
        second = cart_of(s, f"2*{KOPI}")
        second.customer_id = budi
        second.set_points(30)
        sale = sell(s, second, [cash(1_000)], at=T0 + dt.timedelta(days=1))
        # 30 points at Rp 100 take Rp 3.000 off Rp 4.000; the Rp 1.000 paid earns one more point.
        assert sale.total == 1_000
        assert balance(s, accounts.POTONGAN) == 3_000
        assert loyalty.points_balance(s, budi, (T0 + dt.timedelta(days=1)).date()) == 11
        ledger = loyalty.points_ledger(s, budi, dt.date(2027, 2, 1))
        assert [(x.kind, x.points, x.balance) for x in ledger] == [
            ("earn", 40, 40),
            ("redeem", -30, 10),
            ("earn", 1, 11),
            ("expired", -10, 1),
            ("expired", -1, 0),
        ]
        assert check_books(s).ok


def test_a_voucher_the_cart_carries_that_no_longer_applies_is_refused(shop: Database) -> None:
    with shop.write() as s:
        save_voucher(s, VoucherInfo("BESAR", amount=5_000, min_spend=50_000))
        c = cart_of(s, KOPI)
        c.set_voucher("BESAR")
        with pytest.raises(InvalidInput) as refused:
            sell(s, c, [cash(2_000)], at=T0)
        assert refused.value.msgid == "Voucher {code} needs a cart of {minimum}; this one is {value}."


def test_check_finds_a_redemption_that_does_not_tie_to_its_sale(shop: Database) -> None:
    with shop.write() as s:
        loyalty.save_points_rule(s, loyalty.PointsRule(earn_per=1_000, value=100))
        budi = kasbon_customer(s, "Pak Budi")
        c = cart_of(s, f"10*{ROTI}")
        c.customer_id = budi
        sale = sell(s, c, [cash(40_000)], at=T0)
        # A points row written past the engine (as a broken counter might send it) does not tie out.
        s.execute(
            text(
                "INSERT INTO points_movements (id, customer_id, sale_id, kind, points, value, business_date, "
                "created_at) SELECT :id, :c, id, 'redeem', -5, 500, business_date, created_at FROM sales "
                "WHERE receipt_no = :r"
            ),
            {"id": uuid.uuid4().bytes, "c": budi.bytes, "r": sale.receipt_no},
        )
        [problem] = check_books(s).problems
        assert problem.msgid == "Sale {receipt} redeemed points worth {booked}, but its receipt shows {recorded}."


# --- property test --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def stocked_path(counter_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = fresh_db(counter_path, tmp_path_factory.mktemp("stocked"))
    with db.write() as s:
        add_item(s, "Indomie goreng", 3_500, cost=2_800, barcode=INDOMIE)
        add_item(s, "Kopi sachet", 2_000, cost=1_200, barcode=KOPI)
        add_item(s, "Roti sobek", 4_000, cost=2_500, barcode=ROTI)
        tiers.set_tiers(s, pid(s, INDOMIE), 1000, [(6_000, 3_200)])
        grosir = groups.save_group(s, None, "Grosir")
        groups.set_group_price(s, grosir, product_id=pid(s, ROTI), percent_bp=1_500)
        buyer = kasbon_customer(s, "Bu Ani", limit=10_000_000)
        groups.set_customer_group(s, buyer, grosir)
        save_promotion(s, PromotionInfo(None, "Kopi 2+1", BuyGet(pid(s, KOPI), 2, pid(s, KOPI), 1)))
        save_promotion(s, PromotionInfo(None, "Paket", Bundle(((pid(s, KOPI), 1), (pid(s, ROTI), 1)), 5_000)))
        save_promotion(s, PromotionInfo(None, "Roti -500", ItemOff(products=frozenset({pid(s, ROTI)}), rupiah=500)))
        save_promotion(s, PromotionInfo(None, "10% dari 20rb", CartOff(percent_bp=1000, min_spend=20_000)))
        save_voucher(s, VoucherInfo("VC1", amount=3_000, use_limit=1000))
        loyalty.save_points_rule(s, loyalty.PointsRule(earn_per=1_000, value=50))
    db.dispose()
    return db.path


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(
    sales=st.lists(
        st.tuples(
            st.lists(st.tuples(st.sampled_from([INDOMIE, KOPI, ROTI]), st.integers(1, 8)), min_size=1, max_size=4),
            st.booleans(),  # with the customer
            st.booleans(),  # with the voucher
            st.integers(0, 40),  # points to redeem
            st.sampled_from(PPN_MODES),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_random_sales_with_every_kind_of_price_keep_the_books_and_stock_true(
    stocked_path: Path, tmp_path_factory: pytest.TempPathFactory, sales: list[tuple[object, ...]]
) -> None:
    db = fresh_db(stocked_path, tmp_path_factory.mktemp("run"))
    try:
        for items, with_customer, with_voucher, points, ppn in sales:
            with db.write() as s:
                use_settings(s, ppn_mode=ppn)
                c = cart_of(s, *(f"{n}*{code}" for code, n in items))  # type: ignore[attr-defined]
                buyer = uuid.UUID(bytes=bytes(s.execute(text("SELECT id FROM customers")).scalar_one()))
                if with_customer:
                    c.customer_id = buyer  # type: ignore[assignment]
                    held = loyalty.points_balance(s, buyer, T0.date())
                    c.set_points(min(int(points), held))  # type: ignore[call-overload]
                if with_voucher:
                    c.set_voucher("VC1")
                values = shop_settings.load(s)
                due = price_for_sale(s, c, ppn_rule(values), values, T0, "counter", "A").priced.exact_due
                sale = sell(s, c, [cash(due)] if due else [], by=counter(s).owner, at=T0)
                assert sale.total >= 0
                assert sale.prices is not None
                assert all(x.unit_price >= 0 and x.priced.net >= 0 for x in sale.prices.lines)
        with db.read() as s:
            report = check_books(s)
            assert report.ok, report.problems
            assert trial_balance(s).difference == 0
            for code in (INDOMIE, KOPI, ROTI):
                kept = s.execute(
                    text("SELECT COALESCE(qty_milli, 0) FROM stock_levels WHERE product_id = :p"),
                    {"p": pid(s, code).bytes},
                ).scalar()
                assert (kept or 0) == stock_sum(s, pid(s, code))  # type: ignore[arg-type]
    finally:
        db.dispose()


def test_a_sale_with_free_goods_and_a_bundle_can_be_returned_line_by_line(shop: Database) -> None:
    with shop.write() as s:
        save_promotion(s, PromotionInfo(None, "Kopi 2+1", BuyGet(pid(s, KOPI), 2, pid(s, KOPI), 1)))
        save_promotion(s, PromotionInfo(None, "Paket", Bundle(((pid(s, INDOMIE), 1), (pid(s, ROTI), 1)), 6_000)))
        sale = sell(s, cart_of(s, f"3*{KOPI}", INDOMIE, ROTI), [cash(20_000)], at=T0)
        assert [x[1:3] for x in lines(s, sale.receipt_no)] == [
            (2_000, 2_000),
            (1_000, 0),
            (1_000, 3_500),
            (1_000, 4_000),
        ]
        owner = counter(s).owner
        # The free kopi comes back for nothing; the roti for its share of the bundle price.
        free_back = return_items(s, owner, sale.receipt_no, [(2, Qty(1_000))], at=T0)
        bundle_back = return_items(s, owner, sale.receipt_no, [(4, Qty(1_000))], at=T0)
        assert (free_back.amount, bundle_back.amount) == (0, 3_200)
        assert stock_sum(s, pid(s, KOPI)) == 98_000
        assert check_books(s).ok


def test_a_held_cart_keeps_its_voucher_and_points() -> None:
    cart = Cart()
    cart.set_voucher(" hemat 10 ")
    cart.set_points(25)
    again = Cart.from_json(cart.to_json())
    assert (again.voucher, again.points) == ("HEMAT10", 25)
    # A cart held before vouchers existed still reads.
    old = json.loads(cart.to_json())
    del old["voucher"], old["points"]
    assert (Cart.from_json(json.dumps(old)).voucher, Cart.from_json(json.dumps(old)).points) == ("", 0)


def test_an_order_completed_for_a_group_member_is_paid_by_its_down_payment_at_the_groups_price(
    shop: Database,
) -> None:
    with shop.write() as s:
        grosir = groups.save_group(s, None, "Grosir")
        groups.set_group_price(s, grosir, product_id=pid(s, ROTI), price=3_000)
        eko = kasbon_customer(s, "Warung Pak Eko")
        groups.set_customer_group(s, eko, grosir)
        c = cart_of(s, f"5*{ROTI}")
        c.customer_id = eko
        order = new_order(s, counter(s).cashier, c, deposit=Money(20_000), at=T0)
        done = complete_order(s, counter(s).cashier, order.id, [], at=T0)
        # Rp 15.000 at the group's price, paid from the Rp 20.000 down payment; the rest stays as his credit.
        assert done.total == 15_000
        assert [(p.method, p.amount) for p in done.settlement.applied] == [("deposit", 15_000)]
        assert check_books(s).ok
