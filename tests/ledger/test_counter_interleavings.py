"""Hypothesis: any interleaving of sales, returns and voids keeps the books and stock consistent."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shop_support import set_up_counter
from sqlalchemy import func, select, text
from tests_support import copy_template

from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Qty
from pos.ledger.books.balances import trial_balance
from pos.ledger.books.check import check_books
from pos.ledger.counter.cart import Cart, line_for_scan
from pos.ledger.counter.payments import cash
from pos.ledger.schema import ReturnLine, SaleLine
from pos.ledger.selling.returns import return_items, void_sale
from pos.ledger.selling.sales import ring_up
from pos.ledger.stock.barcodes import DEFAULT_FORMATS

sale_op = st.tuples(st.just("sell"), st.lists(st.tuples(st.integers(0, 2), st.integers(1, 4)), min_size=1, max_size=3))
return_op = st.tuples(st.just("return"), st.integers(0, 30), st.integers(1, 3), st.integers(1, 5))
void_op = st.tuples(st.just("void"), st.integers(0, 30))
ops = st.lists(st.one_of(sale_op, return_op, void_op), min_size=1, max_size=25)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops)
def test_sales_returns_and_voids_in_any_order(
    template_db: Path, tmp_path_factory: pytest.TempPathFactory, script: list[tuple[object, ...]]
) -> None:
    db = copy_template(template_db, tmp_path_factory)
    counter = set_up_counter(db)
    owner = counter.owner
    receipts: list[str] = []
    try:
        for op in script:
            with db.write() as s:
                if op[0] == "sell":
                    cart = Cart()
                    for product, qty in op[1]:  # type: ignore[attr-defined]
                        cart.add(line_for_scan(s, counter.codes[product], DEFAULT_FORMATS, Qty.units(qty)))
                    due = cart.priced(ppn_rule_none()).exact_due
                    receipts.append(ring_up(s, owner, cart, [cash(due)]).receipt_no)
                elif receipts:
                    receipt = receipts[int(op[1]) % len(receipts)]  # type: ignore[call-overload]
                    try:
                        if op[0] == "return":
                            return_items(s, owner, receipt, [(int(op[2]), Qty.units(int(op[3])))])  # type: ignore[call-overload]
                        else:
                            void_sale(s, owner, receipt, reason="uji")
                    except InvalidInput:
                        pass  # refused (too much, already voided, no such line): must leave nothing behind
        with db.read() as s:
            assert check_books(s).ok
            assert trial_balance(s).difference == 0
            # Never more returned than sold, line by line.
            over = s.execute(
                select(SaleLine.sale_id, SaleLine.line_no)
                .join(
                    ReturnLine, (ReturnLine.sale_id == SaleLine.sale_id) & (ReturnLine.sale_line_no == SaleLine.line_no)
                )
                .group_by(SaleLine.sale_id, SaleLine.line_no)
                .having(func.sum(ReturnLine.qty_milli) > SaleLine.qty_milli)
            ).all()
            assert over == []
            # Stock on hand of each product is what sales, returns and voids moved.
            for pid, level, moved in s.execute(
                text(
                    "SELECT p.id, COALESCE(l.qty_milli, 0), "
                    "(SELECT COALESCE(SUM(qty_milli), 0) FROM stock_movements m WHERE m.product_id = p.id) "
                    "FROM products p LEFT JOIN stock_levels l ON l.product_id = p.id"
                )
            ):
                assert level == moved, pid
            sold = s.execute(
                text(
                    "SELECT COALESCE(SUM(l.qty_milli), 0) FROM sale_lines l "
                    "WHERE NOT EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = l.sale_id)"
                )
            ).scalar_one()
            returned = s.execute(text("SELECT COALESCE(SUM(qty_milli), 0) FROM return_lines")).scalar_one()
            on_hand = s.execute(text("SELECT COALESCE(SUM(qty_milli), 0) FROM stock_levels")).scalar_one()
            assert on_hand == -(sold - returned)
    finally:
        db.dispose()


def ppn_rule_none():  # type: ignore[no-untyped-def]
    from pos.ledger.counter.pricing import PpnRule

    return PpnRule()
