"""`laci check`'s ties between the price effects a sale recorded and what its books say.

Each sale's points redeemed and voucher used must equal the effects it recorded for them, free goods must be
sold at Rp 0, and what promotions, vouchers and points took off can never be more than the discount the sale
booked to Potongan penjualan. Loyalty points are not booked when given (see `pos.ledger.prices.loyalty`), so
their redemptions are where points meet the books.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base import fmt
from pos.ledger.base.errors import BooksProblem

_POINTS = text(
    "SELECT s.receipt_no, COALESCE(m.v, 0), COALESCE(e.v, 0) FROM sales s "
    "LEFT JOIN (SELECT sale_id, SUM(value) AS v FROM points_movements WHERE kind = 'redeem' GROUP BY sale_id) m "
    "ON m.sale_id = s.id "
    "LEFT JOIN (SELECT sale_id, SUM(saved) AS v FROM sale_effects WHERE kind = 'points' GROUP BY sale_id) e "
    "ON e.sale_id = s.id "
    "WHERE (m.v IS NOT NULL OR e.v IS NOT NULL) AND COALESCE(m.v, 0) <> COALESCE(e.v, 0)"
)
_VOUCHERS = text(
    "SELECT s.receipt_no, COALESCE(u.v, 0), COALESCE(e.v, 0) FROM sales s "
    "LEFT JOIN (SELECT sale_id, SUM(amount) AS v FROM voucher_uses GROUP BY sale_id) u ON u.sale_id = s.id "
    "LEFT JOIN (SELECT sale_id, SUM(saved) AS v FROM sale_effects WHERE kind = 'voucher' GROUP BY sale_id) e "
    "ON e.sale_id = s.id "
    "WHERE (u.v IS NOT NULL OR e.v IS NOT NULL) AND COALESCE(u.v, 0) <> COALESCE(e.v, 0)"
)
_FREE = text(
    "SELECT s.receipt_no, e.line_no FROM sale_effects e JOIN sales s ON s.id = e.sale_id "
    "LEFT JOIN sale_lines l ON l.sale_id = e.sale_id AND l.line_no = e.line_no "
    "WHERE e.kind = 'free' AND (l.line_no IS NULL OR l.unit_price <> 0 OR l.gross <> 0)"
)
_DISCOUNTS = text(
    "SELECT s.receipt_no, s.discount, e.v FROM sales s "
    "JOIN (SELECT sale_id, SUM(saved) AS v FROM sale_effects WHERE kind IN ('promo', 'cart', 'voucher', 'points') "
    "GROUP BY sale_id) e ON e.sale_id = s.id WHERE e.v > s.discount"
)


def price_problems(session: Session) -> list[BooksProblem]:
    problems = []
    for receipt, booked, recorded in session.execute(_POINTS):
        problems.append(
            BooksProblem(
                N_("Sale {receipt} redeemed points worth {booked}, but its receipt shows {recorded}."),
                receipt=receipt,
                booked=fmt.rupiah(booked),
                recorded=fmt.rupiah(recorded),
            )
        )
    for receipt, used, recorded in session.execute(_VOUCHERS):
        problems.append(
            BooksProblem(
                N_("Sale {receipt} used a voucher worth {booked}, but its receipt shows {recorded}."),
                receipt=receipt,
                booked=fmt.rupiah(used),
                recorded=fmt.rupiah(recorded),
            )
        )
    for receipt, line_no in session.execute(_FREE):
        problems.append(
            BooksProblem(
                N_("Line {line} of sale {receipt} was given free but is not sold at Rp 0."),
                receipt=receipt,
                line=line_no,
            )
        )
    for receipt, discount, effects in session.execute(_DISCOUNTS):
        problems.append(
            BooksProblem(
                N_("Sale {receipt} booked a discount of {booked}, less than its promotions took off ({recorded})."),
                receipt=receipt,
                booked=fmt.rupiah(discount),
                recorded=fmt.rupiah(effects),
            )
        )
    return problems
