"""Text reaches the printer only as its code page prints it: quotes, spaces, dashes, accents, and no commands."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.printing.text import is_printable, printable


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("Kopi \u201cKapal Api\u201d", 'Kopi "Kapal Api"'),
        ("Jum\u2019at", "Jum'at"),
        ("Rp\u00a012.500", "Rp 12.500"),
        ("06.00\u201321.00 \u2014 tutup", "06.00-21.00 - tutup"),
        ("Tunggu\u2026", "Tunggu..."),
        ("Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e", "Cafe creme brulee"),
        ("Cafe\u0301", "Cafe"),  # e and a combining accent
        ("Stra\u00dfe \u00c6r\u00f8 \u0141\u00f3d\u017a", "Strasse AEro Lodz"),
        ("\u00bd kg", "1/2 kg"),
        ("5\u00d72", "5x2"),
        ("Teh\u200b manis\ufeff", "Teh manis"),
        ("Nasi\tgoreng\npedas", "Nasi goreng pedas"),
        ("\u2615 Kopi", "? Kopi"),
        ("\u4e2d\u6587", "??"),
    ],
)
def test_what_phones_and_spreadsheets_type_becomes_plain_ascii(typed: str, printed: str) -> None:
    assert printable(typed) == printed


def test_control_bytes_never_reach_the_printer() -> None:
    # ESC @ inside a product name would reset the printer; GS V would cut the paper mid-receipt.
    assert printable("Gula\x1b@ pasir\x1dV\x00 \x7f\x9b") == "Gula@ pasirV "


def test_a_code_page_keeps_what_it_can_print() -> None:
    assert printable("Caf\u00e9 \u201cx\u201d \u20ac", "cp858") == 'Caf\u00e9 "x" \u20ac'
    assert printable("Caf\u00e9 \u0141", "cp437") == "Caf\u00e9 L"


@given(st.text())
def test_nothing_outside_ascii_survives(text: str) -> None:
    out = printable(text)
    assert out.isascii() and is_printable(out)
    assert printable(out) == out


@given(st.text(), st.sampled_from(["cp437", "cp850", "cp858"]))
def test_nothing_outside_the_code_page_survives(text: str, codepage: str) -> None:
    out = printable(text, codepage)
    out.encode(codepage)
    assert is_printable(out, codepage)
