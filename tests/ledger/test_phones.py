"""Phone numbers checked and kept in one form, whichever way in (the counter's forms, the CLI, a spreadsheet), and
the one wa.me form made from them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import update

from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.phones import phone_number, phone_or_blank, wa_number
from pos.ledger.people.customers import add_customer, customer_named, edit_customer, get_customer, list_customers
from pos.ledger.people.kasbon import reminder
from pos.ledger.schema import Customer


@pytest.mark.parametrize(
    "typed",
    ["0812-3456-7890", "0812 3456 7890", "+62 812 3456 7890", "6281234567890", "812-3456-7890", " 08123456789 0"],
)
def test_every_way_of_writing_a_number_is_kept_in_one_form(typed: str) -> None:
    assert phone_number(typed) == "0812-3456-7890"
    assert wa_number(phone_number(typed)) == "6281234567890"


@pytest.mark.parametrize(
    "written",
    [
        "0812-2645-7781",
        "0812 2645 7781",
        "+62 812 2645 7781",
        "62 812-2645-7781",
        "0062 812 2645 7781",  # the 00 of an international call
        "0062-812-2645-7781",
        "+62 (0)812 2645 7781",  # the trunk 0 kept after the country code
        "812 2645 7781",  # without the trunk 0, as on some shop signs
    ],
)
def test_every_way_of_writing_a_number_gives_the_same_wa_me_digits(written: str) -> None:
    assert wa_number(written) == "6281226457781"
    assert phone_number(written) == "0812-2645-7781"


@pytest.mark.parametrize("written", ["", "12", "-", "0812" + "9" * 20])
def test_what_cannot_be_a_number_gives_no_wa_me_digits(written: str) -> None:
    assert wa_number(written) is None


def test_a_number_abroad_gets_its_own_country_code_on_wa_me() -> None:
    assert wa_number("0065 9123 4567") == wa_number("+65 9123 4567") == "6591234567"


@given(st.text(alphabet="0123456789 +-()", max_size=24))
def test_wa_me_digits_are_digits_with_a_country_code_or_nothing(written: str) -> None:
    number = wa_number(written)
    assert number is None or (number.isdigit() and 8 <= len(number) <= 15 and wa_number("+" + number) == number)
    assert number is None or not number.startswith("620")


def test_a_landline_and_a_number_abroad_keep_their_own_forms() -> None:
    assert phone_number("0274 512345") == "(0274) 512345"
    assert phone_number("+65 9123 4567") == "+65 9123 4567"
    assert phone_number("") == "" and wa_number("") is None


@pytest.mark.parametrize("typed", ["abc", "081234", "0812-3456-7890-1234-5678", "+1 555", "12" * 30])
def test_what_is_not_a_phone_number_is_refused_in_plain_words(typed: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        phone_number(typed)
    assert "bukan nomor telepon" in str(refused.value)
    assert wa_number(typed) is None


@given(st.from_regex(r"08[1-9][0-9]{7,9}", fullmatch=True))
def test_the_kept_form_is_kept_again_unchanged(typed: str) -> None:
    try:
        kept = phone_number(typed)
    except InvalidInput:
        return  # not every such string is an allocated mobile range
    assert phone_number(kept) == kept
    assert wa_number(kept) == "62" + typed[1:]


def test_customers_get_the_one_form_and_abc_is_refused(db: Database) -> None:
    with db.write() as s:
        budi = add_customer(s, "Pak Budi", phone="+62 812-3456-7890")
        with pytest.raises(InvalidInput):
            add_customer(s, "Bu Ani", phone="abc")
        with pytest.raises(InvalidInput):
            edit_customer(s, budi, phone="abc")
        assert get_customer(s, budi).phone == "0812-3456-7890"


def test_a_number_stored_before_the_check_is_read_in_the_one_form_or_not_at_all(db: Database) -> None:
    # Read, not rewritten: customer rows replicate between counters field by field, so the stored text stays
    # as synced and every counter reads it the same way.
    with db.write() as s:
        good = add_customer(s, "Pak Budi")
        bad = add_customer(s, "Bu Ani")
        s.execute(update(Customer).where(Customer.id == good).values(phone="62 812 3456 7890"))
        s.execute(update(Customer).where(Customer.id == bad).values(phone="abc"))
    with db.read() as s:
        assert get_customer(s, good).phone == "0812-3456-7890"
        assert get_customer(s, bad).phone == ""
        assert {c.name: c.phone for c in list_customers(s)} == {"Pak Budi": "0812-3456-7890", "Bu Ani": ""}
        assert phone_or_blank("abc") == ""
        with pytest.raises(InvalidInput) as refused:
            customer_named(s, "bu")
        assert refused.value.params["names"] == "Bu Ani, Pak Budi (0812-3456-7890)"


def test_a_customer_who_never_bought_on_kasbon_gets_no_kasbon_text(db: Database) -> None:
    with db.write() as s:
        ani = add_customer(s, "Bu Ani", phone="0812-3456-7890")
    with db.read() as s:
        assert reminder(s, ani) is None
