"""Tests of QRIS payload reading, checking and static-to-dynamic conversion."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money
from pos.ledger.counter.qris import (
    QrisPayload,
    Tlv,
    crc16_ccitt_false,
    crc_text,
    make_dynamic,
    parse_payload,
    parse_tlv,
    serialise,
)

DAMAGED_CRC = "The QRIS code is damaged: its check code (CRC) does not match."
MISSING_CRC = "The QRIS code is incomplete: its check code (CRC) is missing at the end."
INCOMPLETE = "The QRIS code is incomplete: it ends too early. Copy the whole code and try again."
UNREADABLE = "The QRIS code is damaged: it cannot be read from character {position} on."
NOT_QRIS = "This is not a QRIS payment code: it does not start with 000201."
WRONG_VALUE = "The QRIS code is damaged: its field {tag} has a wrong value."
MISSING_FIELD = "The QRIS code is incomplete: its required field {tag} is missing."
BAD_TEMPLATE = "The QRIS code is damaged: its field {tag} cannot be read."
TWICE = "The QRIS code is damaged: its field {tag} appears twice."


def obj(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def with_crc(body: str) -> str:
    body += "6304"
    return body + f"{crc16_ccitt_false(body.encode('utf-8')):04X}"


def reference_crc(data: bytes) -> int:
    """CRC-16/CCITT-FALSE bit by bit, straight from its definition, to check the module against."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


ACCOUNT = (
    obj("00", "ID.CO.BANKCONTOH.WWW") + obj("01", "936001230000123456") + obj("02", "000123456789") + obj("03", "UMI")
)
QRIS_ACCOUNT = obj("00", "ID.CO.QRIS.WWW") + obj("02", "ID1023456789012") + obj("03", "UMI")
STATIC_OBJECTS: list[tuple[str, str]] = [
    ("00", "01"),
    ("01", "11"),
    ("26", ACCOUNT),
    ("51", QRIS_ACCOUNT),
    ("52", "5411"),
    ("53", "360"),
    ("58", "ID"),
    ("59", "WARUNG BU SITI"),
    ("60", "YOGYAKARTA"),
    ("61", "55281"),
    ("62", obj("07", "KASIR01")),
]


def build(objects: list[tuple[str, str]]) -> str:
    return with_crc("".join(obj(tag, value) for tag, value in objects))


def replaced(tag: str, value: str | None) -> str:
    """The static payload with `tag` given `value` (or left out for None), with a correct CRC."""
    objects = [(t, value if t == tag else v) for t, v in STATIC_OBJECTS]
    return build([(t, v) for t, v in objects if v is not None])


STATIC = build(STATIC_OBJECTS)


def split(payload: str) -> list[tuple[str, str]]:
    return [(o.tag, o.value) for o in parse_tlv(payload)]


# --- the check code -----------------------------------------------------------------------------------------


def test_crc_known_vectors() -> None:
    assert crc16_ccitt_false(b"123456789") == 0x29B1
    assert crc16_ccitt_false(b"") == 0xFFFF
    assert crc16_ccitt_false(b"A") == 0xB915


@given(st.binary(max_size=600))
def test_crc_matches_the_definition(data: bytes) -> None:
    assert crc16_ccitt_false(data) == reference_crc(data)


def test_crc_text_is_four_upper_case_hex_digits() -> None:
    assert crc_text("123456789") == "29B1"
    assert crc_text("") == "FFFF"


def test_static_payload_is_what_a_generator_writes() -> None:
    # Written out by hand so that a mistake in `obj` or `with_crc` cannot hide one in the module.
    assert STATIC == (
        "00020101021126690020ID.CO.BANKCONTOH.WWW011893600123000012345602120001234567890303UMI"
        "51440014ID.CO.QRIS.WWW0215ID10234567890120303UMI5204541153033605802ID5914WARUNG BU SITI"
        "6010YOGYAKARTA61055528162110707KASIR016304DDA3"
    )
    assert reference_crc(STATIC[:-4].encode()) == 0xDDA3


# --- reading ------------------------------------------------------------------------------------------------


def test_parse_static_payload_fields() -> None:
    payload = parse_payload(STATIC)
    assert payload.merchant_name == "WARUNG BU SITI"
    assert payload.merchant_city == "YOGYAKARTA"
    assert payload.postal_code == "55281"
    assert payload.nmid == "ID1023456789012"
    assert payload.mcc == "5411"
    assert payload.is_static and not payload.is_dynamic
    assert payload.amount is None
    assert payload.value("53") == "360"
    assert payload.value("54") is None


def test_round_trip_is_byte_for_byte() -> None:
    payload = parse_payload(STATIC)
    assert payload.serialise() == STATIC
    assert str(payload) == STATIC
    assert [o.tag for o in payload.objects] == [t for t, _ in STATIC_OBJECTS] + ["63"]


def test_surrounding_whitespace_of_a_paste_is_ignored() -> None:
    assert parse_payload(f"  {STATIC}\r\n").serialise() == STATIC


def test_nested_templates() -> None:
    payload = parse_payload(STATIC)
    assert payload.template("51") == (
        Tlv("00", "ID.CO.QRIS.WWW"),
        Tlv("02", "ID1023456789012"),
        Tlv("03", "UMI"),
    )
    assert payload.template("62") == (Tlv("07", "KASIR01"),)
    assert payload.template("64") is None
    with pytest.raises(ValueError):
        payload.template("59")


def test_lower_case_crc_is_accepted_and_kept() -> None:
    lower = STATIC[:-4] + STATIC[-4:].lower()
    assert lower != STATIC
    assert parse_payload(lower).serialise() == lower


def test_nmid_is_found_under_the_qris_guid_wherever_it_is() -> None:
    objects = [(t, v) for t, v in STATIC_OBJECTS if t != "51"]
    objects.insert(3, ("50", QRIS_ACCOUNT.replace("ID1023456789012", "ID2099999999999")))
    assert parse_payload(build(objects)).nmid == "ID2099999999999"


def test_without_qris_account_there_is_no_nmid() -> None:
    assert parse_payload(replaced("51", None)).nmid is None


def test_lengths_count_characters_and_crc_covers_utf8() -> None:
    # The language template may hold any Unicode text; EMVCo counts its length in characters.
    language = obj("00", "ZH") + obj("01", "华隆杂货店") + obj("02", "日惹")
    payload = parse_payload(build([*STATIC_OBJECTS, ("64", language)]))
    assert payload.template("64") == (Tlv("00", "ZH"), Tlv("01", "华隆杂货店"), Tlv("02", "日惹"))
    dynamic = parse_payload(make_dynamic(payload, Money(1000)))
    assert dynamic.template("64") == payload.template("64")


def test_amount_of_a_dynamic_payload() -> None:
    objects = [(t, "12" if t == "01" else v) for t, v in STATIC_OBJECTS]
    objects.insert(6, ("54", "25000"))
    payload = parse_payload(build(objects))
    assert payload.is_dynamic
    assert payload.amount == Money(25000)


@pytest.mark.parametrize("written", ["25000.00", "25000.", "25000.0"])
def test_amount_with_zero_cents_is_read(written: str) -> None:
    objects = list(STATIC_OBJECTS)
    objects.insert(6, ("54", written))
    assert parse_payload(build(objects)).amount == Money(25000)


# --- refusing bad codes -------------------------------------------------------------------------------------


def flip_crc(payload: str) -> str:
    last = payload[-1]
    return payload[:-1] + ("0" if last != "0" else "1")


BAD_PAYLOADS: list[tuple[str, str, str]] = [
    ("wrong CRC", flip_crc(STATIC), DAMAGED_CRC),
    ("changed name, old CRC", STATIC.replace("WARUNG BU SITI", "WARUNG BU SITA"), DAMAGED_CRC),
    ("CRC not hex", STATIC[:-4] + "XYZ1", DAMAGED_CRC),
    ("truncated in a value", STATIC[:60], INCOMPLETE),
    ("truncated in a header", STATIC[:-6], INCOMPLETE),
    ("missing 6304", STATIC[:-8], MISSING_CRC),
    ("CRC too short", STATIC[:-8] + "6303ABC", MISSING_CRC),
    ("length too long", STATIC.replace("5914WARUNG", "5999WARUNG"), INCOMPLETE),
    ("length not digits", STATIC.replace("5914WARUNG", "59x4WARUNG"), UNREADABLE),
    ("id not digits", STATIC.replace("5914WARUNG", "5A14WARUNG"), UNREADABLE),
    ("id non-ASCII digits", STATIC.replace("5914WARUNG", "5٩14WARUNG"), UNREADABLE),
    ("empty", "", "The QRIS code is empty."),
    ("blank", " \n\t ", "The QRIS code is empty."),
    ("a web address", "https://example.com/pay", NOT_QRIS),
    ("format 02", "000202" + STATIC[6:], NOT_QRIS),
    (
        "lone surrogate",
        STATIC[:-8] + "\ud800",
        "The QRIS code is damaged: it contains characters that cannot be read.",
    ),
    ("not rupiah", replaced("53", "840"), "This QR code is not for payments in rupiah."),
    ("not Indonesia", replaced("58", "SG"), "This QR code is not an Indonesian QRIS code."),
    ("no merchant name", replaced("59", None), MISSING_FIELD),
    ("no city", replaced("60", None), MISSING_FIELD),
    ("no country", replaced("58", None), MISSING_FIELD),
    ("no initiation", replaced("01", None), MISSING_FIELD),
    ("initiation 13", replaced("01", "13"), WRONG_VALUE),
    ("MCC letters", replaced("52", "54A1"), WRONG_VALUE),
    ("currency letters", replaced("53", "IDR"), WRONG_VALUE),
    ("damaged template", replaced("62", "0799KASIR01"), BAD_TEMPLATE),
    ("damaged account", replaced("26", "00XX"), BAD_TEMPLATE),
    (
        "no account",
        build([(t, v) for t, v in STATIC_OBJECTS if t not in ("26", "51")]),
        "The QRIS code has no merchant account to pay into.",
    ),
    ("duplicate tag", build([*STATIC_OBJECTS, ("59", "TOKO LAIN")]), TWICE),
    ("CRC twice", with_crc(STATIC), TWICE),
    ("amount with cents", build([*STATIC_OBJECTS[:6], ("54", "1000.50"), *STATIC_OBJECTS[6:]]), WRONG_VALUE),
    ("amount zero", build([*STATIC_OBJECTS[:6], ("54", "0"), *STATIC_OBJECTS[6:]]), WRONG_VALUE),
    ("amount negative", build([*STATIC_OBJECTS[:6], ("54", "-500"), *STATIC_OBJECTS[6:]]), WRONG_VALUE),
    ("tip letters", build([*STATIC_OBJECTS[:6], ("55", "0X"), *STATIC_OBJECTS[6:]]), WRONG_VALUE),
]


@pytest.mark.parametrize(("text", "msgid"), [(t, m) for _, t, m in BAD_PAYLOADS], ids=[n for n, _, _ in BAD_PAYLOADS])
def test_bad_payload_is_refused(text: str, msgid: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_payload(text)
    assert caught.value.msgid == msgid
    assert str(caught.value)  # every placeholder has its parameter


@pytest.mark.parametrize(("text", "msgid"), [(t, m) for _, t, m in BAD_PAYLOADS], ids=[n for n, _, _ in BAD_PAYLOADS])
def test_bad_payload_cannot_be_made_dynamic(text: str, msgid: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        make_dynamic(text, Money(10_000))
    assert caught.value.msgid == msgid


def test_damage_position_is_one_based() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_tlv("000201XX")
    assert caught.value.params == {"position": 7}


# --- making a dynamic code ----------------------------------------------------------------------------------


def test_make_dynamic() -> None:
    dynamic = make_dynamic(STATIC, Money(15_000))
    objects = split(dynamic)
    tags = [t for t, _ in objects]
    assert dict(objects)["01"] == "12"
    assert tags.index("54") == tags.index("58") - 1
    assert dict(objects)["54"] == "15000"
    assert tags.count("63") == 1 and tags[-1] == "63"
    # Everything else is untouched and in its old order.
    assert [(t, v) for t, v in objects if t not in ("01", "54", "63")] == [
        (t, v) for t, v in STATIC_OBJECTS if t != "01"
    ]
    assert dynamic[-4:] == crc_text(dynamic[:-4])
    payload = parse_payload(dynamic)
    assert payload.is_dynamic
    assert payload.amount == Money(15_000)
    assert payload.merchant_name == "WARUNG BU SITI"
    assert payload.nmid == "ID1023456789012"


def test_make_dynamic_expected_text() -> None:
    body = STATIC[:-8].replace("010211", "010212", 1).replace("5802ID", "5405150005802ID", 1) + "6304"
    assert make_dynamic(STATIC, Money(15_000)) == body + crc_text(body)


def test_make_dynamic_of_a_dynamic_payload_replaces_the_amount() -> None:
    first = make_dynamic(STATIC, Money(15_000))
    second = make_dynamic(first, Money(7_500))
    assert parse_payload(second).amount == Money(7_500)
    assert [t for t, _ in split(second)].count("54") == 1
    assert second == make_dynamic(STATIC, Money(7_500))


def test_make_dynamic_drops_old_amount_tip_and_fees_wherever_they_were() -> None:
    objects = list(STATIC_OBJECTS)
    objects.insert(2, ("54", "99000"))
    objects.insert(7, ("55", "02"))
    objects.insert(8, ("56", "1000"))
    objects.insert(9, ("57", "1.5"))
    dynamic = make_dynamic(build(objects), Money(500))
    tags = [t for t, _ in split(dynamic)]
    assert not {"55", "56", "57"} & set(tags)
    assert tags.count("54") == 1 and tags.index("54") == tags.index("58") - 1
    assert parse_payload(dynamic).amount == Money(500)


def test_make_dynamic_accepts_a_parsed_payload() -> None:
    assert make_dynamic(parse_payload(STATIC), Money(2_000)) == make_dynamic(STATIC, Money(2_000))


def test_make_dynamic_largest_amount() -> None:
    dynamic = make_dynamic(STATIC, Money(9_999_999_999_999))
    assert parse_payload(dynamic).amount == Money(9_999_999_999_999)


@pytest.mark.parametrize(
    ("amount", "msgid"),
    [
        (0, "A QRIS payment must be for more than Rp 0."),
        (-1, "A QRIS payment must be for more than Rp 0."),
        (-50_000, "A QRIS payment must be for more than Rp 0."),
        (10**13, "The amount is too large for a QRIS payment."),
    ],
)
def test_make_dynamic_refuses_bad_amounts(amount: int, msgid: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        make_dynamic(STATIC, Money(amount))
    assert caught.value.msgid == msgid


# --- properties ---------------------------------------------------------------------------------------------

ans_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=25)
short_ans_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=15)


def nested(draw: st.DrawFn, *first: tuple[str, str]) -> str:
    # Kept short enough that a template never outgrows its 99 characters.
    extra = draw(st.lists(st.tuples(st.sampled_from(["01", "02", "03", "04", "05"]), short_ans_text), max_size=2))
    return "".join(obj(t, v) for t, v in [*first, *extra])


@st.composite
def payloads(draw: st.DrawFn) -> str:
    """Valid QRIS payloads: some static, some dynamic with an amount, with optional fields and templates."""
    objects: list[tuple[str, str]] = [("00", "01"), ("01", draw(st.sampled_from(["11", "12"])))]
    issuer = draw(st.sampled_from(["ID.CO.BANKCONTOH.WWW", "COM.DOMPET.WWW", "ID.CO.TOKO.WWW"]))
    objects.append((draw(st.sampled_from(["26", "27", "30"])), nested(draw, ("00", issuer))))
    if draw(st.booleans()):
        nmid = "ID" + draw(st.text("0123456789", min_size=13, max_size=13))
        objects.append(("51", obj("00", "ID.CO.QRIS.WWW") + obj("02", nmid)))
    objects += [("52", draw(st.text("0123456789", min_size=4, max_size=4))), ("53", "360")]
    if draw(st.booleans()):
        objects.append(("54", str(draw(st.integers(1, 10**13 - 1)))))
    if draw(st.booleans()):
        objects += [("55", "02"), ("56", str(draw(st.integers(1, 99_999))))]
    objects += [("58", "ID"), ("59", draw(ans_text)), ("60", draw(ans_text))]
    if draw(st.booleans()):
        objects.append(("61", draw(st.text("0123456789", min_size=5, max_size=5))))
    if draw(st.booleans()):
        objects.append(("62", nested(draw, ("07", draw(ans_text)))))
    text = build(objects)
    return text[:-4] + text[-4:].lower() if draw(st.booleans()) else text


@given(payloads())
def test_generated_payloads_round_trip(text: str) -> None:
    assert parse_payload(text).serialise() == text


@given(payloads(), st.integers(1, 10**13 - 1))
def test_any_valid_payload_with_any_amount_makes_a_valid_dynamic_payload(text: str, rupiah: int) -> None:
    dynamic = make_dynamic(text, Money(rupiah))
    payload = parse_payload(dynamic)
    assert payload.is_dynamic
    assert payload.amount == Money(rupiah)
    assert dynamic[-4:] == crc_text(dynamic[:-4])
    tags = [o.tag for o in payload.objects]
    assert tags.index("54") == tags.index("58") - 1
    original = parse_payload(text)
    assert (payload.merchant_name, payload.merchant_city, payload.nmid) == (
        original.merchant_name,
        original.merchant_city,
        original.nmid,
    )


@given(st.lists(st.tuples(st.integers(0, 99), st.text(max_size=99)), max_size=8))
def test_parse_tlv_reads_back_what_serialise_wrote(pairs: list[tuple[int, str]]) -> None:
    objects = tuple(Tlv(f"{tag:02d}", value) for tag, value in pairs)
    assert parse_tlv(serialise(objects)) == objects


def parse_or_refuse(text: str) -> QrisPayload | None:
    try:
        return parse_payload(text)
    except InvalidInput as err:
        assert str(err)
        return None


@given(st.text())
def test_arbitrary_text_only_ever_raises_invalid_input(text: str) -> None:
    parse_or_refuse(text)


@given(st.text(st.characters(exclude_categories=()), max_size=80))
def test_arbitrary_text_after_a_qris_start_only_ever_raises_invalid_input(tail: str) -> None:
    parse_or_refuse("000201" + tail)


@given(st.lists(st.tuples(st.integers(0, 99), st.text(max_size=12)), max_size=12), st.booleans())
def test_well_formed_but_arbitrary_objects_only_ever_raise_invalid_input(
    pairs: list[tuple[int, str]], fix_crc: bool
) -> None:
    body = obj("00", "01") + "".join(obj(f"{tag:02d}", value) for tag, value in pairs)
    parse_or_refuse(with_crc(body) if fix_crc else body)


@given(payloads(), st.data())
def test_damaged_valid_payloads_only_ever_raise_invalid_input(text: str, data: st.DataObject) -> None:
    position = data.draw(st.integers(0, len(text)))
    change = data.draw(st.sampled_from(["cut", "delete", "replace", "insert"]))
    char = data.draw(st.characters(exclude_categories=()))
    damaged = {
        "cut": text[:position],
        "delete": text[:position] + text[position + 1 :],
        "replace": text[:position] + char + text[position + 1 :],
        "insert": text[:position] + char + text[position:],
    }[change]
    try:
        make_dynamic(damaged, Money(1))
    except InvalidInput as err:
        assert str(err)


def test_every_changed_character_is_caught() -> None:
    for position, original in enumerate(STATIC):
        for replacement in "0Z":
            if replacement != original:
                with pytest.raises(InvalidInput):
                    parse_payload(STATIC[:position] + replacement + STATIC[position + 1 :])
