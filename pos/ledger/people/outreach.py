"""Customers kept: what each has bought, when they last came, what they spent and like best; lists such as "not
seen for 30 days" and "top 20 this month"; and a promotion written once and personalised for each customer.

Laci sends nothing: the owner gets each message as text and as a wa.me link to open one by one. Customers who
asked for no promotions (`opt_out`) are never on an outreach list.
"""

from __future__ import annotations

import datetime as dt
import re
import string
import urllib.parse
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import text, update
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base import fmt
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.ids import CustomerId, ProductId, SaleId
from pos.ledger.base.money import MILLI
from pos.ledger.base.period import Period
from pos.ledger.base.phones import wa_number
from pos.ledger.people.customers import get_customer
from pos.ledger.replication.changes import record_change
from pos.ledger.schema import Customer
from pos.ledger.shop import settings

# Placeholders a promotion may use, in Indonesian as the owner writes, with English names as well.
PLACEHOLDERS: Final = {
    "nama": "name",
    "toko": "shop",
    "terakhir": "last_visit",
    "favorit": "favourite",
    "belanja": "spent",
}
_NAMES: Final = frozenset(PLACEHOLDERS) | frozenset(PLACEHOLDERS.values())
_NOT_VOIDED: Final = "NOT EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = s.id)"
# What each customer paid back on returns, to take off what they spent.
_REFUNDS: Final = (
    "SELECT s.customer_id AS cid, SUM(r.amount) AS refunded FROM sale_returns r JOIN sales s ON s.id = r.sale_id "
    "WHERE s.customer_id IS NOT NULL AND r.business_date BETWEEN :start AND :end GROUP BY 1"
)


@dataclass(frozen=True, slots=True)
class CustomerSummary:
    """A line of a customer list: how often they came, when last, and what they spent (less refunds)."""

    customer_id: CustomerId
    name: str
    phone: str
    visits: int
    last_visit: dt.date | None
    spent: int
    opt_out: bool


@dataclass(frozen=True, slots=True)
class Favourite:
    product_id: ProductId
    name: str
    times: int  # how many of the customer's sales had it
    qty_milli: int  # how much they bought, in the product's unit


@dataclass(frozen=True, slots=True)
class Purchase:
    sale_id: SaleId
    receipt_no: str
    day: dt.date
    channel: str
    total: int
    voided: bool


@dataclass(frozen=True, slots=True)
class CustomerProfile:
    summary: CustomerSummary
    favourites: tuple[Favourite, ...]
    purchases: tuple[Purchase, ...]  # newest first


def _uuid(raw: Any) -> uuid.UUID:
    return raw if isinstance(raw, uuid.UUID) else uuid.UUID(bytes=bytes(raw))


def _summaries(session: Session, where: str, having: str, order: str, params: dict[str, Any]) -> list[CustomerSummary]:
    rows = session.execute(
        text(
            "SELECT c.id, c.name, c.phone, c.opt_out, COUNT(s.id), MAX(s.business_date), "
            "COALESCE(SUM(s.total), 0) - COALESCE(MAX(r.refunded), 0) AS spent "
            "FROM customers c "
            f"LEFT JOIN sales s ON s.customer_id = c.id AND {_NOT_VOIDED} AND s.business_date BETWEEN :start AND :end "
            f"LEFT JOIN ({_REFUNDS}) r ON r.cid = c.id "
            f"WHERE {where} GROUP BY c.id {having} ORDER BY {order} LIMIT :limit"
        ),
        params,
    )
    return [
        CustomerSummary(
            CustomerId(_uuid(cid)),
            name,
            phone,
            int(visits),
            dt.date.fromisoformat(str(last)) if last else None,
            int(spent),
            bool(opt_out),
        )
        for cid, name, phone, opt_out, visits, last, spent in rows
    ]


def _today(session: Session) -> dt.date:
    return business_date(utc_now(), settings.load(session).timezone)


def not_seen_for(
    session: Session, days: int = 30, *, as_of: dt.date | None = None, limit: int = 500
) -> list[CustomerSummary]:
    """Customers who have bought before but not in the last `days` days, the most recently lost first."""
    if days < 1:
        raise InvalidInput(N_("Give a number of days of at least 1."))
    day = as_of or _today(session)
    params = {"start": dt.date.min.isoformat(), "end": day.isoformat(), "limit": limit}
    params["cutoff"] = (day - dt.timedelta(days=days)).isoformat()
    having = "HAVING MAX(s.business_date) <= :cutoff"
    return _summaries(session, "c.is_active", having, "MAX(s.business_date) DESC", params)


def top_customers(session: Session, period: Period, *, limit: int = 20) -> list[CustomerSummary]:
    """The customers who spent most over `period` (less what they got back), biggest first."""
    params = {"start": period.start.isoformat(), "end": period.end.isoformat(), "limit": limit}
    return _summaries(session, "c.is_active", "HAVING COUNT(s.id) > 0", "spent DESC, c.name", params)


def favourites(session: Session, customer_id: uuid.UUID, *, limit: int = 5) -> tuple[Favourite, ...]:
    """What the customer buys most often (then most of), with the name it last sold under."""
    rows = session.execute(
        text(
            "SELECT l.product_id, (SELECT l2.name FROM sale_lines l2 JOIN sales s2 ON s2.id = l2.sale_id "
            "WHERE l2.product_id = l.product_id AND s2.customer_id = :c ORDER BY s2.created_at DESC LIMIT 1), "
            "COUNT(DISTINCT s.id), SUM(l.qty_milli * l.pack_milli / :m) FROM sale_lines l "
            f"JOIN sales s ON s.id = l.sale_id WHERE s.customer_id = :c AND {_NOT_VOIDED} "
            "GROUP BY l.product_id ORDER BY 3 DESC, 4 DESC LIMIT :limit"
        ),
        {"c": customer_id.bytes, "m": MILLI, "limit": limit},
    )
    return tuple(Favourite(ProductId(_uuid(pid)), str(name), int(times), int(qty)) for pid, name, times, qty in rows)


def purchase_history(session: Session, customer_id: uuid.UUID, *, limit: int = 100) -> tuple[Purchase, ...]:
    """The customer's sales, newest first; voided ones are shown as such."""
    rows = session.execute(
        text(
            "SELECT s.id, s.receipt_no, s.business_date, s.channel, s.total, "
            "EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = s.id) FROM sales s "
            "WHERE s.customer_id = :c ORDER BY s.created_at DESC LIMIT :limit"
        ),
        {"c": customer_id.bytes, "limit": limit},
    )
    return tuple(
        Purchase(SaleId(_uuid(sid)), no, dt.date.fromisoformat(str(day)), channel, int(total), bool(voided))
        for sid, no, day, channel, total, voided in rows
    )


def customer_profile(session: Session, customer_id: uuid.UUID, *, history: int = 100) -> CustomerProfile:
    """Everything the customer screen shows: visits, last visit, total spent, favourites and purchases."""
    get_customer(session, customer_id)
    params = {"start": dt.date.min.isoformat(), "end": dt.date.max.isoformat(), "limit": 1, "c": customer_id.bytes}
    [summary] = _summaries(session, "c.id = :c", "", "c.name", params)
    return CustomerProfile(
        summary, favourites(session, customer_id), purchase_history(session, customer_id, limit=history)
    )


def set_opt_out(session: Session, customer_id: uuid.UUID, opt_out: bool, *, at: dt.datetime | None = None) -> None:
    """Record that the customer wants (or again accepts) no promotions."""
    get_customer(session, customer_id)
    session.execute(update(Customer).where(Customer.id == customer_id).values(opt_out=opt_out))
    record_change(session, "customers", customer_id, {"opt_out": opt_out}, at or utc_now())


def check_message(message: str) -> None:
    """Refuse a promotion that is empty, has a brace without its pair, or a placeholder Laci cannot fill."""
    if not message.strip():
        raise InvalidInput(N_("Write the message to send."))
    try:
        parts = list(string.Formatter().parse(message))
    except ValueError:
        raise InvalidInput(N_("The message has an opening or closing brace without its pair.")) from None
    for _literal, field, spec, conversion in parts:
        if field is not None and (field not in _NAMES or spec or conversion):
            written = field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            raise InvalidInput(
                N_("Laci cannot fill in '{field}' in the message. It can fill in: {choices}, each in curly braces."),
                field=written,
                choices=", ".join(PLACEHOLDERS),
            )


@dataclass(frozen=True, slots=True)
class Message:
    customer_id: CustomerId
    name: str
    phone: str
    text: str
    link: str | None  # wa.me with the text; None when the customer has no usable phone number


@dataclass(frozen=True, slots=True)
class Outreach:
    messages: tuple[Message, ...]
    opted_out: int  # customers on the list left out because they asked for no promotions


# A sentence ends at . ! or ? followed by a space or a line break (which stay with the sentence after them).
_SENTENCE_END: Final = re.compile(r"(?<=[.!?])(?=\s)")


def _needs(sentence: str) -> set[str]:
    return {field for _literal, field, _spec, _conversion in string.Formatter().parse(sentence) if field}


def personalise(message: str, values: dict[str, str]) -> str:
    """`message` with each placeholder (Indonesian or English name) filled from `values` (keyed in Indonesian).

    A sentence needing something not known for this customer (no favourite yet, no last visit) is left out rather
    than sent half empty, unless that would leave nothing to send.
    """
    filled = {**values, **{english: values.get(indonesian, "") for indonesian, english in PLACEHOLDERS.items()}}
    sentences = _SENTENCE_END.split(message)
    kept = [x for x in sentences if all(filled.get(name) for name in _needs(x))]
    if kept and len(kept) < len(sentences):
        message = "".join(kept)
        if sentences[0] not in kept:
            message = message.lstrip()
    return message.format_map(filled)


def outreach(session: Session, customers: Sequence[CustomerSummary], message: str) -> Outreach:
    """The promotion personalised for each customer on the list (those who opted out left off), with links."""
    check_message(message)
    shop = settings.load(session).shop_name
    wants_favourite = any(field in ("favorit", "favourite") for _l, field, _s, _c in string.Formatter().parse(message))
    out = []
    for c in customers:
        if c.opt_out:
            continue
        liked = favourites(session, c.customer_id, limit=1) if wants_favourite else ()
        body = personalise(
            message,
            {
                "nama": c.name,
                "toko": shop,
                "terakhir": fmt.date(c.last_visit) if c.last_visit else "",
                "favorit": liked[0].name if liked else "",
                "belanja": fmt.rupiah(c.spent),
            },
        )
        number = wa_number(c.phone)
        link = f"https://wa.me/{number}?text={urllib.parse.quote(body)}" if number else None
        out.append(Message(c.customer_id, c.name, c.phone, body, link))
    return Outreach(tuple(out), sum(1 for c in customers if c.opt_out))
