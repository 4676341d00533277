"""The line to a receipt printer (network, serial, USB, device file, CUPS): every call on it bounded in time.

Each link opens python-escpos's own printer class for its kind and drives it through `_raw` (write) and
`query_status` (ask), setting that class's own timeout before every call, because python-escpos opens USB with
no timeout at all and serial with none for writing, and a printer that stops reading would then hold the
worker for good. A device file is the exception (see `FileLink`). Errors come out as three kinds:
`Unreachable` (nothing was sent), `Stalled` (a write did not finish in time) and `LinkDown` (the printer hung up
or the line broke).
"""

from __future__ import annotations

import contextlib
import os
import select
import socket
import sys
import time
from typing import Any, Final, Protocol

from pos.printing.library import load_escpos

# A small send buffer on the printer's socket: a printer reads slowly anyway, and megabytes of kernel buffer
# would only hide one that stopped reading until long after "sent".
SEND_BUFFER: Final = 8 * 1024


class Unreachable(Exception):
    """The printer could not be reached: nothing of the slip was sent."""


class NoUsbDriver(Unreachable):
    """pyusb found no USB library (libusb) on this computer."""


class Stalled(Exception):
    """A write to the printer did not finish in time: it stopped taking data."""


class LinkDown(Exception):
    """The printer hung up, reset the line, or the cable went."""


class Link(Protocol):
    """One open line to a printer. `reads`: the printer can answer status requests over it. `spooled`: a slip
    goes to the printer only when the line is finished (a print spooler's job); `confirms`: finishing it without
    an error means the printer took the slip."""

    @property
    def reads(self) -> bool: ...

    @property
    def spooled(self) -> bool: ...

    @property
    def confirms(self) -> bool: ...

    def open(self, timeout: float) -> None: ...

    def write(self, data: bytes, timeout: float) -> None: ...

    def ask(self, request: bytes, timeout: float) -> bytes | None:
        """Send a status request; the bytes that came back within `timeout`, or None when none did."""

    def finish(self, timeout: float) -> None:
        """Close after the printer has taken everything, waiting at most `timeout`; raises if it hung up."""

    def drop(self) -> None:
        """Close at once, whatever state the line is in."""


class TcpLink:
    """A printer on the network (port 9100), through python-escpos's `Network`."""

    reads = True
    spooled = False
    confirms = False

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._printer: Any = None

    @property
    def _socket(self) -> socket.socket:
        sock: socket.socket = self._printer.device
        return sock

    def open(self, timeout: float) -> None:
        load_escpos()
        from escpos.exceptions import DeviceNotFoundError
        from escpos.printer import Network

        printer = Network(self.host, self.port, timeout=timeout)
        try:
            printer.open()
        except (DeviceNotFoundError, OSError) as err:
            raise Unreachable(str(err)) from None
        self._printer = printer
        with contextlib.suppress(OSError):
            self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER)

    def write(self, data: bytes, timeout: float) -> None:
        self._socket.settimeout(timeout)
        try:
            self._printer._raw(data)
        except TimeoutError:
            raise Stalled() from None
        except OSError as err:
            raise LinkDown(str(err)) from None

    def _drain(self) -> None:
        """Throw away answers that came too late for an earlier question, so they are not taken for this one."""
        sock = self._socket
        sock.setblocking(False)
        try:
            while sock.recv(64):
                pass
        except (BlockingIOError, InterruptedError):
            pass
        except OSError as err:
            raise LinkDown(str(err)) from None
        finally:
            sock.setblocking(True)

    def ask(self, request: bytes, timeout: float) -> bytes | None:
        self._drain()
        self._socket.settimeout(timeout)
        try:
            data: bytes = self._printer.query_status(request)
        except TimeoutError:
            return None
        except OSError as err:
            raise LinkDown(str(err)) from None
        if not data:
            raise LinkDown("the printer closed the connection")
        return data

    def finish(self, timeout: float) -> None:
        """Say we are done (FIN) and wait for the printer to close too; a reset means it did not take it all."""
        sock = self._socket
        try:
            sock.shutdown(socket.SHUT_WR)
            sock.settimeout(timeout)
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and sock.recv(64):
                pass
        except TimeoutError:
            pass  # the printer keeps its side open, as most do: nothing more to learn
        except OSError as err:
            raise LinkDown(str(err)) from None
        finally:
            self.drop()

    def drop(self) -> None:
        printer, self._printer = self._printer, None
        if printer is not None:
            with contextlib.suppress(Exception):
                printer.close()


class SerialLink:
    """A printer on a serial port, through python-escpos's `Serial` (pyserial) with a write timeout it lacks."""

    reads = True
    spooled = False
    confirms = False

    def __init__(self, device: str, baudrate: int) -> None:
        self.device, self.baudrate = device, baudrate
        self._printer: Any = None

    @property
    def _port(self) -> Any:
        return self._printer.device

    def open(self, timeout: float) -> None:
        load_escpos()
        from escpos.exceptions import DeviceNotFoundError
        from escpos.printer import Serial

        printer = Serial(self.device, baudrate=self.baudrate, timeout=timeout)
        try:
            printer.open()
        except (DeviceNotFoundError, OSError) as err:
            raise Unreachable(str(err)) from None
        self._printer = printer

    def write(self, data: bytes, timeout: float) -> None:
        import serial

        self._port.write_timeout = timeout
        try:
            self._printer._raw(data)
        except serial.SerialTimeoutException:
            raise Stalled() from None
        except (serial.SerialException, OSError) as err:
            raise LinkDown(str(err)) from None

    def ask(self, request: bytes, timeout: float) -> bytes | None:
        import serial

        port = self._port
        try:
            port.reset_input_buffer()
            port.timeout = timeout
            data = bytes(self._printer.query_status(request))
        except serial.SerialTimeoutException:
            return None
        except (serial.SerialException, OSError) as err:
            raise LinkDown(str(err)) from None
        return data or None

    def finish(self, timeout: float) -> None:
        """Wait for the port to send what it holds; python-escpos's close would wait for ever (`flush`)."""
        import serial

        try:
            deadline = time.monotonic() + timeout
            while self._port.out_waiting and time.monotonic() < deadline:
                time.sleep(0.02)
            if self._port.out_waiting:
                raise Stalled()
        except (serial.SerialException, OSError) as err:
            raise LinkDown(str(err)) from None
        finally:
            self.drop()

    def drop(self) -> None:
        printer, self._printer = self._printer, None
        if printer is None:
            return
        port = printer.device
        with contextlib.suppress(Exception):
            port.reset_output_buffer()  # what the printer did not take is thrown away, not waited for
        with contextlib.suppress(Exception):
            port.close()
        printer.device = False


class UsbLink:
    """A printer on USB, through python-escpos's `Usb` (pyusb); timeouts in milliseconds, as pyusb takes them."""

    reads = True
    spooled = False
    confirms = False

    def __init__(self, vendor_id: int, product_id: int, in_endpoint: int, out_endpoint: int) -> None:
        self.ids = (vendor_id, product_id)
        self.endpoints = (in_endpoint, out_endpoint)
        self._printer: Any = None

    def open(self, timeout: float) -> None:
        load_escpos()
        import usb.core
        from escpos.exceptions import DeviceNotFoundError
        from escpos.printer import Usb

        vendor, product = self.ids
        printer = Usb(
            vendor,
            product,
            timeout=_ms(timeout),
            in_ep=self.endpoints[0],
            out_ep=self.endpoints[1],
        )
        try:
            printer.open()
        except usb.core.NoBackendError:
            raise NoUsbDriver() from None
        except (DeviceNotFoundError, usb.core.USBError, OSError) as err:
            raise Unreachable(str(err)) from None
        self._printer = printer

    def write(self, data: bytes, timeout: float) -> None:
        import usb.core

        self._printer.timeout = _ms(timeout)
        try:
            self._printer._raw(data)
        except usb.core.USBTimeoutError:
            raise Stalled() from None
        except (usb.core.USBError, OSError) as err:
            raise LinkDown(str(err)) from None

    def ask(self, request: bytes, timeout: float) -> bytes | None:
        import usb.core

        self._printer.timeout = _ms(timeout)
        self._printer.device.default_timeout = _ms(timeout)  # python-escpos reads with pyusb's default timeout
        try:
            data = bytes(self._printer.query_status(request))
        except usb.core.USBTimeoutError:
            return None
        except usb.core.USBError:
            return None  # a printer without a way back (no IN endpoint) cannot answer
        return data or None

    def finish(self, timeout: float) -> None:
        self.drop()

    def drop(self) -> None:
        printer, self._printer = self._printer, None
        if printer is not None:
            with contextlib.suppress(Exception):
                printer.close()


def _ms(seconds: float) -> int:
    return max(1, int(seconds * 1000))


class FileLink:
    """A device node (`/dev/usb/lp0`) or a file. python-escpos's `File` writes through a buffered file that blocks
    for as long as the device does; here the node is opened non-blocking and each write waits at most its
    timeout. Where that cannot be done (Windows), writes are plain; use `win32:` or `serial:COM3` there. No
    status: a device node gives no answers back."""

    reads = False
    spooled = False
    confirms = False

    def __init__(self, path: str) -> None:
        self.path = path
        self._fd: int | None = None

    def open(self, timeout: float) -> None:
        # O_APPEND and no O_CREAT: a printer that is unplugged has no node, and must not get a file in its place.
        flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        try:
            self._fd = os.open(self.path, flags)
        except OSError as err:
            raise Unreachable(str(err)) from None

    def write(self, data: bytes, timeout: float) -> None:
        fd = self._fd
        assert fd is not None
        deadline = time.monotonic() + timeout
        view = memoryview(data)
        while view:
            if sys.platform != "win32":
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([], [fd], [], left)[1]:
                    raise Stalled()
            try:
                view = view[os.write(fd, view) :]
            except (BlockingIOError, InterruptedError):
                continue
            except OSError as err:
                raise LinkDown(str(err)) from None

    def ask(self, request: bytes, timeout: float) -> bytes | None:
        return None

    def finish(self, timeout: float) -> None:
        self.drop()

    def drop(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)


class CupsLink:
    """A printer shared through CUPS, through python-escpos's `CupsPrinter`: the slip is one job, handed to CUPS
    when the line closes. CUPS takes any job, so what it sends on is never confirmed here."""

    reads = False
    spooled = True
    confirms = False

    def __init__(self, name: str) -> None:
        self.name = name
        self._printer: Any = None

    def open(self, timeout: float) -> None:
        load_escpos()
        from escpos.exceptions import DeviceNotFoundError
        from escpos.printer import CupsPrinter

        printer = CupsPrinter(self.name)
        try:
            printer.open()
        except (DeviceNotFoundError, OSError, RuntimeError) as err:
            raise Unreachable(str(err)) from None
        self._printer = printer

    def write(self, data: bytes, timeout: float) -> None:
        self._printer._raw(data)

    def ask(self, request: bytes, timeout: float) -> bytes | None:
        return None

    def finish(self, timeout: float) -> None:
        printer, self._printer = self._printer, None
        try:
            printer.close()
        except Exception as err:  # pycups raises its own IPPError for a refused job
            raise LinkDown(str(err)) from None

    def drop(self) -> None:
        printer, self._printer = self._printer, None
        if printer is not None:
            with contextlib.suppress(Exception):
                printer._clear()  # the slip in the buffer is not handed to CUPS
            printer._device = False
