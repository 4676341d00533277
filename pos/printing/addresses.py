"""Printer addresses: one string says which receipt printer and how to reach it.

`tcp://HOST:9100`, `usb://VID:PID` (hexadecimal, optionally `?in=82&out=01` for the endpoints),
`serial:/dev/ttyUSB0?baud=9600`, `file:/dev/usb/lp0`, `cups:NAME`, `win32:NAME` and `preview:`. Anything else is
refused with a message that says how to write it.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from pos.i18n import N_
from pos.ledger.base.errors import InvalidInput

Kind = Literal["tcp", "usb", "serial", "file", "cups", "win32", "preview"]

DEFAULT_PORT: Final = 9100
BAUD_RATES: Final = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
USB_IN_ENDPOINT: Final = 0x82
USB_OUT_ENDPOINT: Final = 0x01

ADDRESS_FORMS: Final = (
    "tcp://HOST:9100, usb://VID:PID, serial:/dev/ttyUSB0?baud=9600, file:/dev/usb/lp0, cups:NAME, win32:NAME, preview:"
)


@dataclass(frozen=True, slots=True)
class PrinterAddress:
    """A parsed printer address; `target` is the host, device, file or printer name."""

    kind: Kind
    target: str = ""
    port: int = DEFAULT_PORT
    vendor_id: int = 0
    product_id: int = 0
    in_endpoint: int = USB_IN_ENDPOINT
    out_endpoint: int = USB_OUT_ENDPOINT
    baudrate: int = 9600
    uri: str = ""


def _bad(uri: str) -> InvalidInput:
    return InvalidInput(
        N_("'{uri}' is not a printer address. Use one of: {forms}."),
        uri=uri,
        forms=ADDRESS_FORMS,
    )


def _hex_id(text: str) -> int | None:
    digits = text.lower().removeprefix("0x")
    if not 1 <= len(digits) <= 4 or any(c not in "0123456789abcdef" for c in digits):
        return None
    value = int(digits, 16)
    return value or None


def _options(uri: str, query: str, allowed: Sequence[str]) -> dict[str, str]:
    found = urllib.parse.parse_qs(query, keep_blank_values=True)
    for key in found:
        if key not in allowed:
            raise InvalidInput(N_("'{uri}' has an unknown option '{option}'."), uri=uri, option=key)
    return {k: v[-1] for k, v in found.items()}


def _tcp(uri: str, rest: str) -> PrinterAddress:
    parts = urllib.parse.urlsplit("//" + rest.removeprefix("//"))
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        raise InvalidInput(N_("The port in '{uri}' must be a number from 1 to 65535."), uri=uri) from None
    if not host:
        raise InvalidInput(N_("'{uri}' has no host: write it as tcp://192.168.1.50:9100."), uri=uri)
    if parts.path not in ("", "/") or parts.query or parts.username:
        raise _bad(uri)
    if port == 0:
        raise InvalidInput(N_("The port in '{uri}' must be a number from 1 to 65535."), uri=uri)
    return PrinterAddress("tcp", host, port=port or DEFAULT_PORT, uri=uri)


def _usb(uri: str, rest: str) -> PrinterAddress:
    ids, _sep, query = rest.removeprefix("//").partition("?")
    vendor, colon, product = ids.partition(":")
    vid, pid = _hex_id(vendor), _hex_id(product)
    if not colon or vid is None or pid is None:
        raise InvalidInput(
            N_("'{uri}' needs the printer's USB vendor and product ids in hexadecimal, as in usb://04b8:0202."),
            uri=uri,
        )
    options = _options(uri, query, ("in", "out"))
    endpoints = [_hex_id(options.get(k, default)) for k, default in (("in", "82"), ("out", "01"))]
    if endpoints[0] is None or endpoints[1] is None:
        raise InvalidInput(N_("The USB endpoints in '{uri}' must be hexadecimal, as in ?in=82&out=01."), uri=uri)
    return PrinterAddress(
        "usb", ids, vendor_id=vid, product_id=pid, in_endpoint=endpoints[0], out_endpoint=endpoints[1], uri=uri
    )


def _serial(uri: str, rest: str) -> PrinterAddress:
    device, _sep, query = rest.partition("?")
    if not device:
        raise InvalidInput(
            N_("'{uri}' has no port: write it as serial:/dev/ttyUSB0?baud=9600 or serial:COM3."), uri=uri
        )
    baud = _options(uri, query, ("baud",)).get("baud", "9600")
    if not baud.isdigit() or int(baud) not in BAUD_RATES:
        raise InvalidInput(
            N_("The baud rate in '{uri}' must be one of {choices}."),
            uri=uri,
            choices=", ".join(map(str, BAUD_RATES)),
        )
    return PrinterAddress("serial", device, baudrate=int(baud), uri=uri)


def parse_address(uri: str) -> PrinterAddress:
    """Read a printer address; anything wrong with it raises `InvalidInput` saying what and how to write it."""
    text = uri.strip()
    if not text:
        raise InvalidInput(N_("No receipt printer is set up. Give its address, such as tcp://192.168.1.50:9100."))
    scheme, colon, rest = text.partition(":")
    scheme = scheme.lower()
    if not colon:
        raise _bad(text)
    if scheme == "tcp":
        return _tcp(text, rest)
    if scheme == "usb":
        return _usb(text, rest)
    if scheme == "serial":
        return _serial(text, rest)
    if scheme == "preview":
        return PrinterAddress("preview", rest, uri=text)
    if scheme in ("file", "cups", "win32"):
        # file:///dev/usb/lp0 is the URL spelling of file:/dev/usb/lp0.
        target = rest.removeprefix("//") if scheme == "file" and rest.startswith("///") else rest
        if not target.strip():
            example = {"file": "file:/dev/usb/lp0", "cups": "cups:TM-T20", "win32": "win32:POS-58"}[scheme]
            raise InvalidInput(N_("'{uri}' names no printer: write it as {example}."), uri=text, example=example)
        kind: Kind = "file" if scheme == "file" else "cups" if scheme == "cups" else "win32"
        return PrinterAddress(kind, target.strip(), uri=text)
    raise _bad(text)
