"""The quick cash buttons offer what a customer would hand over for the amount due."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pos.ledger.counter.quick_cash import NOTES, quick_notes


def test_the_notes_for_a_few_bills() -> None:
    assert quick_notes(285_700) == (290_000, 300_000, 350_000)
    assert quick_notes(12_500) == (15_000, 20_000, 50_000)
    assert quick_notes(3_500) == (5_000, 10_000, 20_000)
    assert quick_notes(55_000) == (60_000, 70_000, 100_000)  # 50.000 + 20.000 among them
    assert quick_notes(100_000) == (150_000, 200_000, 300_000)


@given(st.integers(min_value=1, max_value=50_000_000))
def test_every_suggestion_pays_the_bill_in_round_notes_and_they_rise(due: int) -> None:
    notes = quick_notes(due)
    assert len(notes) == 3 and list(notes) == sorted(set(notes))
    assert all(amount > due and amount % NOTES[0] == 0 for amount in notes)
    # Never far from the bill: the first within a note of it, the last within three large notes.
    assert notes[0] - due <= 100_000
    assert notes[-1] <= due + 3 * 100_000
