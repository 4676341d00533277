"""Tests of GTIN check digits, scale-label layouts and the classification of scanned codes."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money, Qty
from pos.ledger.stock.barcodes import (
    DEFAULT_FORMATS,
    DEFAULT_SPEC,
    PRICE_FORMAT,
    WEIGHT_FORMAT,
    InStoreFormat,
    Scan,
    ean13_with_check,
    formats_spec,
    gtin_check_digit,
    is_valid_gtin,
    parse_formats,
    parse_prefixes,
    parse_scan,
    prefixes_spec,
)

MISREAD = "The barcode was not read correctly; scan it again."
BAD_SPEC = "The scale barcode setting '{spec}' is not valid; write it like 20-24:FFIIIIIWWWWWC;25-29:FFIIIIIPPPPPC."
BAD_PREFIXES = "'{prefixes}' is not a list of scale barcode prefixes between 20 and 29, such as 20-29 or 21,22."


def reference_check(body: str) -> str:
    """The GS1 check digit as the GS1 table states it: weights 3, 1, 3, … from the right of the body."""
    weights = [3, 1] * 9
    total = sum(int(d) * w for d, w in zip(reversed(body), weights, strict=False))
    return str((10 - total % 10) % 10)


# --- check digits -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "check"),
    [
        ("9638507", "4"),  # EAN-8
        ("03600029145", "2"),  # UPC-A
        ("400638133393", "1"),  # EAN-13
        ("899276111111", "3"),  # EAN-13, Indonesian prefix 899
        ("210012301250", "3"),  # in-store, prefix 21
        ("0001234560001", "2"),  # GTIN-14
        ("000000000000", "0"),
    ],
)
def test_check_digit_vectors(body: str, check: str) -> None:
    assert gtin_check_digit(body) == check
    assert reference_check(body) == check
    assert is_valid_gtin(body + check)


@pytest.mark.parametrize(
    "body",
    ["", "123456", "12345678", "1234567890", "12345678901234", "89927611111A", "８９９２７６１１１１１１"],
)
def test_check_digit_of_a_bad_body_is_refused(body: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        gtin_check_digit(body)
    assert str(caught.value)


@pytest.mark.parametrize(
    "code",
    [
        "",
        "8992761111112",
        "899276111111",
        "89927611111133",
        "899276111111X",
        "٨٩٩٢٧٦١١١١١١٣",
        " 8992761111113",
        "1234567",
    ],
)
def test_invalid_gtins(code: str) -> None:
    assert not is_valid_gtin(code)


def test_ean13_with_check() -> None:
    assert ean13_with_check("899276111111") == "8992761111113"
    assert ean13_with_check("400638133393") == "4006381333931"


@pytest.mark.parametrize("body", ["", "89927611111", "8992761111113", "89927611111x", "8992 7611111"])
def test_ean13_with_check_refuses_a_bad_body(body: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        ean13_with_check(body)
    assert caught.value.params == {"body": body}


# --- scale-label layouts ------------------------------------------------------------------------------------


def test_default_formats() -> None:
    assert WEIGHT_FORMAT.pattern == "FFIIIIIWWWWWC" and WEIGHT_FORMAT.carries_weight
    assert PRICE_FORMAT.pattern == "FFIIIIIPPPPPC" and not PRICE_FORMAT.carries_weight
    assert parse_formats(DEFAULT_SPEC) == DEFAULT_FORMATS
    assert formats_spec(DEFAULT_FORMATS) == DEFAULT_SPEC


def test_formats_are_immutable() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        WEIGHT_FORMAT.pattern = "FFIIIIIPPPPPC"  # type: ignore[misc]


def test_parse_formats_is_forgiving_about_spacing_and_case() -> None:
    formats = parse_formats(" 21, 22 : ffiiiiiwwwwwc ; 27-29:FFIIIIXPPPPPC; ")
    assert formats == (
        InStoreFormat("FFIIIIIWWWWWC", frozenset({"21", "22"})),
        InStoreFormat("FFIIIIXPPPPPC", frozenset({"27", "28", "29"})),
    )
    assert formats_spec(formats) == "21-22:FFIIIIIWWWWWC;27-29:FFIIIIXPPPPPC"


def test_empty_spec_means_no_scale_labels() -> None:
    assert parse_formats("") == ()
    assert parse_formats(" ; ") == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20-29", set(map(str, range(20, 30)))),
        ("21,22", {"21", "22"}),
        ("20-22, 25", {"20", "21", "22", "25"}),
    ],
)
def test_parse_prefixes(text: str, expected: set[str]) -> None:
    assert parse_prefixes(text) == expected


def test_prefixes_spec_writes_runs_as_ranges() -> None:
    assert prefixes_spec({"20", "21", "22", "24", "26", "27"}) == "20-22,24,26-27"


@pytest.mark.parametrize(
    ("spec", "msgid"),
    [
        ("20-24", BAD_SPEC),
        ("FFIIIIIWWWWWC", BAD_SPEC),
        ("19:FFIIIIIWWWWWC", BAD_PREFIXES),
        ("20-30:FFIIIIIWWWWWC", BAD_PREFIXES),
        ("24-20:FFIIIIIWWWWWC", BAD_PREFIXES),
        (":FFIIIIIWWWWWC", BAD_PREFIXES),
        ("2x:FFIIIIIWWWWWC", BAD_PREFIXES),
        ("20,,21:FFIIIIIWWWWWC", BAD_PREFIXES),
        ("20:FFIIIIIWWWWW", "The scale barcode layout '{pattern}' must be 13 letters long."),
        ("20:FFIIIIIWWWWWCC", "The scale barcode layout '{pattern}' must be 13 letters long."),
        ("20:", "The scale barcode layout '{pattern}' must be 13 letters long."),
        (
            "20:FFIIIIIWWWWWD",
            "The scale barcode layout '{pattern}' may only use the letters F, I, W, P, X and C.",
        ),
        (
            "20:XFIIIIIWWWWWC",
            "The scale barcode layout '{pattern}' must start with FF (the prefix) and end with C "
            "(the check digit), and use F and C nowhere else.",
        ),
        (
            "20:FFIIIIIWWWWCC",
            "The scale barcode layout '{pattern}' must start with FF (the prefix) and end with C "
            "(the check digit), and use F and C nowhere else.",
        ),
        ("20:FFWWWWWWWWWWC", "The scale barcode layout '{pattern}' needs digits for the item code (I)."),
        (
            "20:FFIIIIIIIIIIC",
            "The scale barcode layout '{pattern}' must carry either a weight (W) or a price (P), not both.",
        ),
        (
            "20:FFIIIIWWPPPPC",
            "The scale barcode layout '{pattern}' must carry either a weight (W) or a price (P), not both.",
        ),
        (
            "20-24:FFIIIIIWWWWWC;22:FFIIIIIPPPPPC",
            "The scale barcode setting gives prefix {prefix} more than one layout.",
        ),
    ],
)
def test_bad_spec_is_refused(spec: str, msgid: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_formats(spec)
    assert caught.value.msgid == msgid
    assert str(caught.value)


def test_format_built_directly_is_checked_too() -> None:
    with pytest.raises(InvalidInput):
        InStoreFormat("FFIIIIIWWWWWC", frozenset({"89"}))
    with pytest.raises(InvalidInput):
        InStoreFormat("FFIIIIIWWWWWC", frozenset())


# --- scans --------------------------------------------------------------------------------------------------


def test_weight_label() -> None:
    scan = parse_scan("2100123012503", DEFAULT_FORMATS)
    assert scan == Scan("2100123012503", item_code="00123", qty=Qty(1250))
    assert scan.is_in_store and scan.price is None


def test_price_label() -> None:
    scan = parse_scan("2500042150001", DEFAULT_FORMATS)
    assert scan == Scan("2500042150001", item_code="00042", price=Money(15_000))
    assert scan.qty is None


def test_layout_with_ignored_price_check_digit() -> None:
    formats = parse_formats("22:FFIIIIXPPPPPC")
    code = ean13_with_check("220042" + "7" + "12500")
    assert parse_scan(code, formats) == Scan(code, item_code="0042", price=Money(12_500))


def test_layout_with_six_weight_digits() -> None:
    formats = parse_formats("20-29:FFIIIIWWWWWWC")
    code = ean13_with_check("28" + "0777" + "012345")
    assert parse_scan(code, formats) == Scan(code, item_code="0777", qty=Qty(12_345))


def test_label_with_a_bad_check_digit_is_a_misread() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_scan("2100123012504", DEFAULT_FORMATS)
    assert caught.value.msgid == MISREAD


def test_prefix_no_layout_claims_is_a_plain_ean13() -> None:
    formats = parse_formats("21:FFIIIIIWWWWWC")
    code = ean13_with_check("200012301250")
    assert parse_scan(code, formats) == Scan(code)
    assert parse_scan(code, ()) == Scan(code)
    assert parse_scan("2100123012503", ()) == Scan("2100123012503")


@pytest.mark.parametrize("code", ["8992761111113", "4006381333931", "96385074", "036000291452"])
def test_retail_codes_are_plain(code: str) -> None:
    scan = parse_scan(code, DEFAULT_FORMATS)
    assert scan == Scan(code)
    assert not scan.is_in_store


def test_upc_e_is_accepted_by_its_own_check_digit() -> None:
    # 0 425261 4 stands for UPC-A 042100005264; as an EAN-8 its check digit would be 0.
    assert not is_valid_gtin("04252614")
    assert is_valid_gtin("042100005264")
    assert parse_scan("04252614", DEFAULT_FORMATS) == Scan("04252614")


@pytest.mark.parametrize("code", ["8992761111112", "96385075", "036000291453", "2500042150002", "04252615"])
def test_retail_codes_with_a_bad_check_digit_are_misreads(code: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_scan(code, DEFAULT_FORMATS)
    assert caught.value.msgid == MISREAD


@pytest.mark.parametrize(
    ("scanned", "key"),
    [
        ("KOPI-001", "KOPI-001"),
        ("12345", "12345"),
        ("1234567890", "1234567890"),
        ("12345678901234", "12345678901234"),
        ("  A7 \r\n", "A7"),
        ("\t8992761111113\n", "8992761111113"),
        ("٨٩٩٢٧٦١١١١١١٣", "٨٩٩٢٧٦١١١١١١٣"),
    ],
)
def test_other_codes_are_plain_lookup_keys(scanned: str, key: str) -> None:
    assert parse_scan(scanned, DEFAULT_FORMATS) == Scan(key)


@pytest.mark.parametrize("scanned", ["", " ", "\r\n", "\t "])
def test_empty_scan_is_refused(scanned: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_scan(scanned, DEFAULT_FORMATS)
    assert caught.value.msgid == "Nothing was scanned; scan the barcode again."


# --- properties ---------------------------------------------------------------------------------------------

bodies12 = st.text("0123456789", min_size=12, max_size=12)


@given(bodies12)
def test_every_generated_ean13_passes(body: str) -> None:
    code = ean13_with_check(body)
    assert is_valid_gtin(code)
    assert code[-1] == reference_check(body)
    assert parse_scan(code, DEFAULT_FORMATS).code == code


@given(bodies12, st.integers(0, 12), st.integers(1, 9))
def test_every_single_digit_change_fails(body: str, position: int, shift: int) -> None:
    code = ean13_with_check(body)
    changed = code[:position] + str((int(code[position]) + shift) % 10) + code[position + 1 :]
    assert not is_valid_gtin(changed)
    with pytest.raises(InvalidInput) as caught:
        parse_scan(changed, DEFAULT_FORMATS)
    assert caught.value.msgid == MISREAD


@given(
    st.sampled_from(["20", "21", "22", "23", "24"]),
    st.text("0123456789", min_size=5, max_size=5),
    st.integers(0, 99_999),
)
def test_weight_labels_decode(prefix: str, item: str, grams: int) -> None:
    code = ean13_with_check(f"{prefix}{item}{grams:05d}")
    assert parse_scan(code, DEFAULT_FORMATS) == Scan(code, item_code=item, qty=Qty(grams))


@given(
    st.sampled_from(["25", "26", "27", "28", "29"]),
    st.text("0123456789", min_size=5, max_size=5),
    st.integers(0, 99_999),
)
def test_price_labels_decode(prefix: str, item: str, rupiah: int) -> None:
    code = ean13_with_check(f"{prefix}{item}{rupiah:05d}")
    assert parse_scan(code, DEFAULT_FORMATS) == Scan(code, item_code=item, price=Money(rupiah))


def scan_or_refuse(code: str, formats: tuple[InStoreFormat, ...]) -> Scan | None:
    try:
        return parse_scan(code, formats)
    except InvalidInput as err:
        assert str(err)
        return None


@given(st.text(st.characters(exclude_categories=())))
def test_arbitrary_text_only_ever_raises_invalid_input(text: str) -> None:
    scan = scan_or_refuse(text, DEFAULT_FORMATS)
    if scan is not None:
        assert scan.code == text.strip()


@given(st.text("0123456789", min_size=1, max_size=15))
def test_arbitrary_digits_only_ever_raise_invalid_input(text: str) -> None:
    scan_or_refuse(text, DEFAULT_FORMATS)


patterns = st.builds(
    lambda middle: "FF" + middle + "C",
    st.text("IWPX", min_size=10, max_size=10),
)


@given(st.text(max_size=40), patterns, st.text("0123456789", min_size=13, max_size=13))
def test_arbitrary_specs_and_codes_only_ever_raise_invalid_input(spec: str, pattern: str, code: str) -> None:
    try:
        parse_formats(spec)
    except InvalidInput as err:
        assert str(err)
    try:
        formats = (InStoreFormat.of(pattern),)
    except InvalidInput as err:
        assert str(err)
        return
    scan = scan_or_refuse(code, formats)
    if scan is not None and scan.is_in_store:
        assert scan.item_code is not None and len(scan.item_code) == pattern.count("I")
        assert (scan.qty is None) != (scan.price is None)
