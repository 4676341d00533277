"""`laci qris` as a subprocess: a dynamic payload for an amount, exit code 2 with a clear error otherwise."""

from __future__ import annotations

from cli_support import laci

from pos.ledger.counter.qris import crc_text, parse_payload


def _static() -> str:
    def obj(tag: str, value: str) -> str:
        return f"{tag}{len(value):02d}{value}"

    account = obj("00", "ID.CO.QRIS.WWW") + obj("01", "936009990000000001") + obj("02", "ID1023456789012")
    body = (
        obj("00", "01")
        + obj("01", "11")
        + obj("26", account)
        + obj("52", "5411")
        + obj("53", "360")
        + obj("58", "ID")
        + obj("59", "WARUNG BU SRI")
        + obj("60", "YOGYAKARTA")
        + obj("61", "55281")
        + "6304"
    )
    return body + crc_text(body)


def test_dynamic_payload_for_an_amount() -> None:
    result = laci("qris", _static(), "--amount", "50.000")
    assert result.returncode == 0, result.stderr
    dynamic = parse_payload(result.stdout.strip())
    assert dynamic.is_dynamic
    assert dynamic.amount is not None and dynamic.amount.rupiah == 50_000
    assert "5405500005802ID" in result.stdout  # tag 54 sits right before 58


def test_wrong_crc_exits_2_with_a_clear_message() -> None:
    broken = _static()[:-4] + "0000"
    result = laci("qris", broken, "--amount", "50000")
    assert result.returncode == 2
    assert "Kode QRIS rusak" in result.stderr and "CRC" in result.stderr


def test_garbage_and_bad_amounts_exit_2() -> None:
    assert laci("qris", "hello", "--amount", "1000").returncode == 2
    assert laci("qris", _static(), "--amount", "0").returncode == 2
    assert laci("qris", _static(), "--amount", "12,5").returncode == 2
