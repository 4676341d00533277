"""Customers kept: purchase history, last visit, spending and favourites; the "not seen for 30 days" and "top
customers" lists; and a promotion personalised per customer as text and wa.me links, never for those who opted
out."""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from builders import counter, counter_template, fresh_db, readable, sell
from channel_support import Menu, cart_for, set_up_menu, whatsapp_customer
from sqlalchemy import select

from pos import i18n
from pos.i18n import _
from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.ids import CustomerId
from pos.ledger.base.money import Qty
from pos.ledger.base.period import Period
from pos.ledger.counter.payments import cash
from pos.ledger.people.customers import add_customer
from pos.ledger.people.outreach import (
    check_message,
    customer_profile,
    not_seen_for,
    outreach,
    personalise,
    set_opt_out,
    top_customers,
)
from pos.ledger.replication.outbox import event_json
from pos.ledger.schema import OutboxEvent
from pos.ledger.selling.returns import return_items

TODAY = dt.date(2026, 11, 30)
UNKNOWN_PLACEHOLDER = "Laci cannot fill in '{field}' in the message. It can fill in: {choices}, each in curly braces."


def days_ago(n: int) -> dt.datetime:
    return dt.datetime.combine(TODAY - dt.timedelta(days=n), dt.time(3, 0), dt.UTC)


@pytest.fixture(scope="module")
def counter_path(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return counter_template(template_db, tmp_path_factory.mktemp("counter"))


@pytest.fixture
def shop(counter_path: Path, tmp_path: Path) -> Iterator[tuple[Database, Menu, dict[str, CustomerId]]]:
    """Ani last came 40 days ago (nasi goreng every time), Budi 5 days ago, Citra 45 days ago but wants no
    promotions, Dedi 35 days ago without a phone number, and Eka never bought anything."""
    db = fresh_db(counter_path, tmp_path / "shop")
    with db.write() as s:
        menu = set_up_menu(s)
        people = {
            "ani": whatsapp_customer(s, "Bu Ani", "0812-1111-2222"),
            "budi": whatsapp_customer(s, "Pak Budi", "+62 813 3333 4444"),
            "citra": whatsapp_customer(s, "Citra", "0857 5555 6666"),
            "dedi": add_customer(s, "Dedi"),
            "eka": whatsapp_customer(s, "Eka", "0812 7777 8888"),
        }
        set_opt_out(s, people["citra"], True)
        for ago in (60, 50, 40):
            cart = cart_for(s, (menu.nasi, 1), (menu.teh, 1), customer=people["ani"])
            sell(s, cart, [cash(25_000)], at=days_ago(ago))
        sell(s, cart_for(s, (menu.teh, 1), customer=people["ani"]), [cash(5_000)], at=days_ago(55))
        sell(s, cart_for(s, (menu.nasi, 4), customer=people["budi"]), [cash(80_000)], at=days_ago(5))
        sell(s, cart_for(s, (menu.kerupuk, 2), customer=people["citra"]), [cash(3_000)], at=days_ago(45))
        sell(s, cart_for(s, (menu.teh, 2), customer=people["dedi"]), [cash(10_000)], at=days_ago(35))
    yield db, menu, people
    db.dispose()


def test_a_customers_history_last_visit_spending_and_favourites(
    shop: tuple[Database, Menu, dict[str, CustomerId]],
) -> None:
    db, _menu, people = shop
    with db.read() as s:
        profile = customer_profile(s, people["ani"])
    summary = profile.summary
    assert (summary.visits, summary.last_visit, summary.spent) == (4, TODAY - dt.timedelta(40), 80_000)
    assert [(f.name, f.times) for f in profile.favourites] == [("Es teh", 4), ("Nasi goreng", 3)]
    assert [p.day for p in profile.purchases] == [TODAY - dt.timedelta(d) for d in (40, 50, 55, 60)]
    assert {p.channel for p in profile.purchases} == {"counter"}


def test_refunds_come_off_what_a_customer_spent(shop: tuple[Database, Menu, dict[str, CustomerId]]) -> None:
    db, menu, people = shop
    with db.write() as s:
        sale = sell(s, cart_for(s, (menu.teh, 2), customer=people["eka"]), [cash(10_000)], at=days_ago(3))
        owner = counter(s).owner
        return_items(s, owner, sale.receipt_no, [(1, Qty.units(1))], reason="Tumpah", at=days_ago(2))
        spent = customer_profile(s, people["eka"]).summary.spent
    assert spent == 5_000


def test_not_seen_for_30_days_lists_lost_customers_most_recent_first(
    shop: tuple[Database, Menu, dict[str, CustomerId]],
) -> None:
    db, _menu, _people = shop
    with db.read() as s:
        lost = not_seen_for(s, 30, as_of=TODAY)
    # Budi came 5 days ago and Eka never came: neither is "not seen".
    assert [(c.name, (TODAY - c.last_visit).days if c.last_visit else None) for c in lost] == [
        ("Dedi", 35),
        ("Bu Ani", 40),
        ("Citra", 45),
    ]


def test_the_outreach_list_leaves_out_customers_who_opted_out(
    shop: tuple[Database, Menu, dict[str, CustomerId]],
) -> None:
    db, _menu, _people = shop
    message = "Halo {nama}, sudah lama tidak mampir ke {toko}! {favorit} favorit Anda diskon 10% minggu ini."
    with db.read() as s:
        found = outreach(s, not_seen_for(s, 30, as_of=TODAY), message)
    assert [m.name for m in found.messages] == ["Dedi", "Bu Ani"]
    assert found.opted_out == 1
    dedi, ani = found.messages
    assert ani.text == (
        "Halo Bu Ani, sudah lama tidak mampir ke Warung Bu Sri! Es teh favorit Anda diskon 10% minggu ini."
    )
    assert ani.link is not None and ani.link.startswith("https://wa.me/6281211112222?text=")
    assert urllib.parse.unquote(ani.link.split("?text=", 1)[1]) == ani.text
    assert dedi.link is None, "no phone number, so no link: the owner sees the text and the name"


def test_top_customers_this_month(shop: tuple[Database, Menu, dict[str, CustomerId]]) -> None:
    db, _menu, _people = shop
    with db.read() as s:
        november = top_customers(s, Period(dt.date(2026, 11, 1), TODAY), limit=20)
        everyone = top_customers(s, Period(dt.date(2026, 9, 1), TODAY), limit=2)
    assert [(c.name, c.spent) for c in november] == [("Pak Budi", 80_000)]
    assert [(c.name, c.spent) for c in everyone] == [("Bu Ani", 80_000), ("Pak Budi", 80_000)]


def test_opting_out_travels_to_the_other_counters(shop: tuple[Database, Menu, dict[str, CustomerId]]) -> None:
    db, _menu, people = shop
    with db.write() as s:
        before = s.scalar(select(OutboxEvent.seq).order_by(OutboxEvent.seq.desc()).limit(1)) or 0
        set_opt_out(s, people["ani"], True)
        [(payload, body)] = s.execute(select(OutboxEvent.payload, OutboxEvent.body).where(OutboxEvent.seq > before))
        assert [m.name for m in outreach(s, not_seen_for(s, 30, as_of=TODAY), "Halo {nama}").messages] == ["Dedi"]
    change = json.loads(event_json(payload, body))
    assert (change["entity"], change["fields"]) == ("customers", {"opt_out": True})


@pytest.mark.parametrize(
    ("message", "msgid"),
    [
        ("   ", "Write the message to send."),
        ("Halo {nama", "The message has an opening or closing brace without its pair."),
        (
            "Halo {alamat}",
            "Laci cannot fill in '{field}' in the message. It can fill in: {choices}, each in curly braces.",
        ),
        (
            "Halo {nama!r}",
            "Laci cannot fill in '{field}' in the message. It can fill in: {choices}, each in curly braces.",
        ),
    ],
)
def test_a_message_laci_cannot_fill_in_is_refused(message: str, msgid: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_message(message)
    readable(caught.value, msgid)


def test_placeholders_work_in_english_too() -> None:
    values = {"nama": "Bu Ani", "toko": "Warung", "terakhir": "1 Nov 2026", "favorit": "Es teh", "belanja": "Rp 5.000"}
    assert personalise("Hi {name} from {shop}, {favourite}?", values) == "Hi Bu Ani from Warung, Es teh?"
    assert personalise("{{nama}} {nama}", values) == "{nama} Bu Ani"


def test_a_sentence_needing_what_is_not_known_is_left_out_not_sent_half_empty() -> None:
    known = {"nama": "Bu Ani", "toko": "Warung Bu Sri", "terakhir": "", "favorit": "", "belanja": "Rp 5.000"}
    i18n.set_language("id")
    message = _("Hello {nama}, we at {toko} miss you! Come by again for your favourite {favorit}. See you soon.")
    assert personalise(message, known) == "Halo Bu Ani, kami di Warung Bu Sri kangen dengan Anda! Sampai ketemu!"
    liked = personalise(message, {**known, "favorit": "Es teh"})
    assert liked.endswith("kangen dengan Anda! Yuk mampir lagi untuk Es teh kesukaan Anda. Sampai ketemu!")
    # A message of one sentence is sent whole, even with a gap: leaving it out would leave nothing.
    assert personalise("Halo {nama}, {favorit} sudah datang", known) == "Halo Bu Ani,  sudah datang"
    assert personalise("{favorit} ada.\nHalo {nama}!", known) == "Halo Bu Ani!"
