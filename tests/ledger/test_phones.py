"""WhatsApp numbers: every way an Indonesian number is written becomes the one wa.me form, and nothing else does."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.ledger.base.phones import wa_number


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


@pytest.mark.parametrize("written", ["", "12", "-", "0065 9123 4567", "+1 415 555 0100", "0812" + "9" * 20])
def test_what_cannot_be_an_indonesian_number_gives_none(written: str) -> None:
    assert wa_number(written) is None


@given(st.text(alphabet="0123456789 +-()", max_size=24))
def test_a_number_is_digits_starting_with_62_or_nothing(written: str) -> None:
    number = wa_number(written)
    assert number is None or (number.isdigit() and number.startswith("62") and 10 <= len(number) <= 15)
    assert number is None or not number.startswith("620")
