"""Printers chosen by one address string: every form parsed, bad ones refused in words, widths from profiles."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

from pos import i18n
from pos.ledger.base.errors import InvalidInput
from pos.ledger.shop import settings
from pos.printing.addresses import PrinterAddress, parse_address
from pos.printing.printers import (
    EscposPrinter,
    PreviewPrinter,
    PrinterError,
    columns_for,
    open_printer,
    printer_from_settings,
)
from pos.printing.sheet import Line


@pytest.mark.parametrize(
    ("uri", "address"),
    [
        ("tcp://192.168.1.50:9100", PrinterAddress("tcp", "192.168.1.50", port=9100)),
        ("tcp://192.168.1.50", PrinterAddress("tcp", "192.168.1.50", port=9100)),
        ("TCP://kasir-printer.lan:9101/", PrinterAddress("tcp", "kasir-printer.lan", port=9101)),
        ("tcp://[fe80::1]:9100", PrinterAddress("tcp", "fe80::1", port=9100)),
        ("usb://04b8:0202", PrinterAddress("usb", "04b8:0202", vendor_id=0x04B8, product_id=0x0202)),
        ("usb://0x0416:0x5011", PrinterAddress("usb", "0x0416:0x5011", vendor_id=0x0416, product_id=0x5011)),
        (
            "usb://0416:5011?in=81&out=03",
            PrinterAddress("usb", "0416:5011", vendor_id=0x0416, product_id=0x5011, in_endpoint=0x81, out_endpoint=3),
        ),
        ("serial:/dev/ttyUSB0?baud=9600", PrinterAddress("serial", "/dev/ttyUSB0", baudrate=9600)),
        ("serial:/dev/ttyS1?baud=115200", PrinterAddress("serial", "/dev/ttyS1", baudrate=115200)),
        ("serial:COM3", PrinterAddress("serial", "COM3", baudrate=9600)),
        ("file:/dev/usb/lp0", PrinterAddress("file", "/dev/usb/lp0")),
        ("file:///dev/usb/lp0", PrinterAddress("file", "/dev/usb/lp0")),
        ("cups:TM-T20II", PrinterAddress("cups", "TM-T20II")),
        ("win32:POS-58 Printer", PrinterAddress("win32", "POS-58 Printer")),
        ("preview:", PrinterAddress("preview", "")),
        ("  preview:  ", PrinterAddress("preview", "")),
    ],
)
def test_every_form_of_address(uri: str, address: PrinterAddress) -> None:
    assert parse_address(uri) == dataclasses.replace(address, uri=uri.strip())


@pytest.mark.parametrize(
    ("uri", "says"),
    [
        ("", "No receipt printer is set up. Give its address, such as tcp://192.168.1.50:9100."),
        ("192.168.1.50", "'192.168.1.50' is not a printer address. Use one of: tcp://HOST:9100"),
        ("lpt://1", "'lpt://1' is not a printer address."),
        ("http://192.168.1.50:9100", "is not a printer address"),
        ("tcp://", "'tcp://' has no host: write it as tcp://192.168.1.50:9100."),
        ("tcp://:9100", "has no host"),
        ("tcp://192.168.1.50:99999", "The port in 'tcp://192.168.1.50:99999' must be a number from 1 to 65535."),
        ("tcp://192.168.1.50:abc", "must be a number from 1 to 65535"),
        ("tcp://192.168.1.50:0", "must be a number from 1 to 65535"),
        ("tcp://192.168.1.50:9100/print", "is not a printer address"),
        ("usb://", "needs the printer's USB vendor and product ids in hexadecimal, as in usb://04b8:0202."),
        ("usb://04b8", "vendor and product ids"),
        ("usb://epson:tm20", "vendor and product ids"),
        ("usb://0000:0202", "vendor and product ids"),
        ("usb://04b8:12345", "vendor and product ids"),
        ("usb://04b8:0202?out=zz", "The USB endpoints in 'usb://04b8:0202?out=zz' must be hexadecimal"),
        ("usb://04b8:0202?speed=fast", "'usb://04b8:0202?speed=fast' has an unknown option 'speed'."),
        ("serial:", "has no port: write it as serial:/dev/ttyUSB0?baud=9600 or serial:COM3."),
        ("serial:/dev/ttyUSB0?baud=9601", "The baud rate in 'serial:/dev/ttyUSB0?baud=9601' must be one of 1200, "),
        ("serial:/dev/ttyUSB0?baud=fast", "must be one of"),
        ("serial:/dev/ttyUSB0?parity=E", "has an unknown option 'parity'"),
        ("file:", "'file:' names no printer: write it as file:/dev/usb/lp0."),
        ("cups:", "write it as cups:TM-T20."),
        ("win32:  ", "write it as win32:POS-58."),
    ],
)
def test_bad_addresses_are_refused_saying_how_to_write_them(uri: str, says: str) -> None:
    i18n.set_language("en")
    with pytest.raises(InvalidInput) as refused:
        parse_address(uri)
    message = str(refused.value)
    assert says in message and "{" not in message and message.endswith(".")


def test_width_comes_from_a_named_profile_or_the_setting() -> None:
    assert columns_for("TM-T20II", 32) == 48
    assert columns_for("TM-T88V", 32) == 42
    assert columns_for("POS-5890", 48) == 32
    assert columns_for("default", 42) == 42
    assert columns_for("simple", 48) == 48
    with pytest.raises(InvalidInput, match="TM-X999"):
        columns_for("TM-X999", 32)


@pytest.mark.usefixtures("english")  # the messages matched below are the English msgids
def test_the_shops_printer_from_its_settings() -> None:
    values = settings.ShopSettings(printer_uri="tcp://10.0.0.9", printer_profile="TM-T20II", printer_columns=32)
    printer = printer_from_settings(values)
    assert isinstance(printer, EscposPrinter) and printer.address == "tcp://10.0.0.9" and printer.columns == 48
    preview = printer_from_settings(values, uri="preview:")
    assert isinstance(preview, PreviewPrinter) and preview.columns == 48
    with pytest.raises(InvalidInput, match="No receipt printer"):
        printer_from_settings(settings.ShopSettings())


def test_opening_is_lazy_a_switched_off_printer_fails_at_the_first_slip(tmp_path: Path) -> None:
    printer = open_printer(f"file:{tmp_path}/no/such/dir/lp0")  # nothing is touched yet
    i18n.set_language("en")
    with pytest.raises(PrinterError) as failed:
        printer.send([Line("x")], open_drawer=False)
    assert failed.value.reason == "unreachable"
    assert str(failed.value).startswith(f"The printer file:{tmp_path}/no/such/dir/lp0 cannot be reached.")


def test_a_device_file_gets_the_slip(tmp_path: Path) -> None:
    device = tmp_path / "lp0"
    device.touch()
    printer = open_printer(f"file:{device}", columns=42)
    printer.send([Line("Warung Bu Sri", align="center"), Line(cut=True)], open_drawer=True)
    printer.send([Line("kedua")], open_drawer=False)
    printer.close()
    data = device.read_bytes()
    assert data.startswith(b"\x1b@\x1bp\x00") and b"Warung Bu Sri" in data and b"\x1dV" in data
    assert data.count(b"\x1b@") == 2 and data.endswith(b"kedua\n")


def test_preview_keeps_the_slips() -> None:
    printer = open_printer("preview:", columns=42)
    assert isinstance(printer, PreviewPrinter)
    printer.send([Line("Halo", align="center")], open_drawer=True)
    assert printer.slips[0].open_drawer and printer.text() == "Halo".center(42).rstrip() + "\n"
    [image] = printer.images()
    assert image.width > 42 * 12


def test_windows_printers_only_on_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    i18n.set_language("en")
    with pytest.raises(PrinterError) as refused:
        open_printer("win32:POS-58")
    assert refused.value.reason == "unsupported"
    assert str(refused.value) == "Windows printers (win32:) can be used only on Windows."


@pytest.mark.parametrize(
    ("uri", "module", "says"),
    [
        (
            "cups:TM-T20II",
            "escpos.printer.cups",
            "Printing through CUPS needs the pycups package, which is not installed.",
        ),
        ("usb://04b8:0202", "escpos.printer.usb", "Printing to USB needs the pyusb package, which is not installed."),
        ("serial:/dev/ttyUSB0", "escpos.printer.serial", "Printing to a serial port needs the pyserial package"),
    ],
)
def test_a_missing_driver_library_is_a_clear_error(
    uri: str, module: str, says: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    # Whatever is installed here, the message for a machine without the library is what is checked.
    monkeypatch.setattr(importlib.import_module(module), "is_usable", lambda: False)
    i18n.set_language("en")
    with pytest.raises(PrinterError) as refused:
        open_printer(uri)
    assert refused.value.reason == "unsupported" and says in str(refused.value)
