"""Builders for printing tests: a warung with a weighed item and a static QRIS, its sales, and a fake network
receipt printer on the loopback interface that keeps the bytes it receives and answers status requests.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import struct
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from shop_support import AT, Counter, set_up_counter

from pos.ledger.base.db import Database
from pos.ledger.base.ids import CustomerId
from pos.ledger.base.money import Money, Qty
from pos.ledger.books.approvals import Actor
from pos.ledger.counter.cart import Cart, line_for_scan
from pos.ledger.counter.payments import Payment
from pos.ledger.counter.pricing import Discount
from pos.ledger.counter.qris import crc_text
from pos.ledger.people.customers import add_customer
from pos.ledger.selling.sales import SaleResult, ring_up
from pos.ledger.shop import settings
from pos.ledger.stock import product_records
from pos.ledger.stock.barcodes import DEFAULT_FORMATS, ean13_with_check


def _obj(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def _static_qris() -> str:
    account = _obj("00", "ID.CO.QRIS.WWW") + _obj("01", "936008980123456789") + _obj("02", "ID1026123456789")
    body = (
        _obj("00", "01")
        + _obj("01", "11")
        + _obj("51", account + _obj("03", "UMI"))
        + _obj("52", "5411")
        + _obj("53", "360")
        + _obj("58", "ID")
        + _obj("59", "WARUNG BU SRI")
        + _obj("60", "SLEMAN")
        + _obj("61", "55581")
        + "6304"
    )
    return body + crc_text(body)


STATIC_QRIS = _static_qris()
GULA = ean13_with_check("899100000011")
INDOMIE = ean13_with_check("899100000028")
TEH = ean13_with_check("899100000035")
MINYAK = ean13_with_check("899100000042")
AQUA = ean13_with_check("899100000059")
AQUA_CARTON = ean13_with_check("899100000066")  # a carton of 24 at its own price
GULA_PLU = "00123"


def scale_label(plu: str, grams: int) -> str:
    """A scale's in-store EAN-13 for `grams` of the product with `plu` (prefix 20: weight in thousandths)."""
    return ean13_with_check(f"20{plu}{grams:05d}")


def warung(db: Database, *, printer_uri: str = "", ppn_mode: str = "none") -> Counter:
    """The test shop with its people and open shift, a shop header, rounding of cash to Rp 100, a static QRIS,
    and the products of a morning at a warung."""
    counter = set_up_counter(db)
    with db.write() as s:
        for key, value in {
            "shop.address": "Jl. Kaliurang Km 5 No. 12, Sleman",
            "shop.phone": "0812-2745-1190",
            "shop.npwp": "01.234.567.8-901.000",
            "receipt.header": "Buka setiap hari 06.00\u201321.00",
            "rounding.increment": 100,
            "qris.static_payload": STATIC_QRIS,
            "printer.uri": printer_uri,
            "ppn.mode": ppn_mode,
        }.items():
            settings.put(s, key, value)
        product_records.add_product(
            s,
            "Gula Pasir Curah",
            Money(16_000),
            cost=Money(14_000),
            plu=GULA_PLU,
            unit="kg",
            is_weighed=True,
            barcodes=[product_records.BarcodeSpec(GULA)],
        )
        product_records.add_product(
            s,
            "Indomie Goreng Rasa Ayam Bawang Spesial",
            Money(3_500),
            cost=Money(2_900),
            barcodes=[product_records.BarcodeSpec(INDOMIE)],
        )
        product_records.add_product(
            s, "Teh Botol Sosro 450ml", Money(5_000), cost=Money(3_800), barcodes=[product_records.BarcodeSpec(TEH)]
        )
        product_records.add_product(
            s,
            "Minyak Goreng \u201cBimoli\u201d 2L",
            Money(38_000),
            cost=Money(34_000),
            barcodes=[product_records.BarcodeSpec(MINYAK)],
        )
        product_records.add_product(
            s,
            "Air Mineral 600ml",
            Money(3_500),
            cost=Money(2_600),
            barcodes=[
                product_records.BarcodeSpec(AQUA),
                product_records.BarcodeSpec(AQUA_CARTON, 24_000, Money(72_000)),
            ],
        )
    return counter


def morning_cart(db: Database) -> Cart:
    """750 g of sugar, five noodles at 10% off, a tea and a bottle of oil, Rp 2.000 off the lot."""
    with db.read() as s:
        cart = Cart()
        cart.add(line_for_scan(s, scale_label(GULA_PLU, 750), DEFAULT_FORMATS))
        cart.add(line_for_scan(s, INDOMIE, DEFAULT_FORMATS, Qty.units(5)))
        cart.add(line_for_scan(s, TEH, DEFAULT_FORMATS))
        cart.add(line_for_scan(s, MINYAK, DEFAULT_FORMATS))
    cart.set_line_discount(1, Discount(percent_bp=1_000))
    cart.set_discount(Discount(rupiah=2_000))
    return cart


def ring(db: Database, actor: Actor, cart: Cart, payments: list[Payment], at: dt.datetime = AT) -> SaleResult:
    with db.write() as s:
        return ring_up(s, actor, cart, payments, at=at)


def morning_sale(counter: Counter, at: dt.datetime = AT) -> SaleResult:
    """The morning cart paid Rp 40.000 by QRIS and the rest from a Rp 50.000 note."""
    cart = morning_cart(counter.db)
    return ring(counter.db, counter.cashier, cart, [Payment("qris", Money(40_000)), Payment("cash", Money(50_000))], at)


def kasbon_customer(db: Database, name: str = "Pak Budi", limit: int = 200_000) -> CustomerId:
    with db.write() as s:
        return add_customer(s, name, phone="0812 3456 7890", credit_limit=Money(limit))


# --- a network receipt printer ------------------------------------------------------------------------------

STATUS_PRINTER = b"\x10\x04\x01"
STATUS_PAPER = b"\x10\x04\x04"
ONLINE = 0x12
PAPER_OK = 0x12
PAPER_OUT = 0x72


@dataclass
class FakePrinter:
    """An ESC/POS printer on 127.0.0.1, port 9100's stand-in: one byte string per connection it accepted.

    `drop_after`: hang up (with a reset, as a printer losing power does) once that many bytes of the next
    connection have arrived, then behave again. `paper`: what the paper sensor says. `answers`: whether it
    answers real-time status requests at all, as cheap printers often do not.
    """

    drop_after: int | None = None
    paper: bool = True
    answers: bool = True
    port: int = 0
    sessions: list[bytes] = field(default_factory=list)
    drops: int = 0

    def __post_init__(self) -> None:
        self._listener: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()

    @property
    def uri(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def start(self) -> FakePrinter:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(4)
        listener.settimeout(0.1)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._stop.clear()
        self._thread = threading.Thread(target=self._serve, name="fake-printer", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Switch the printer off: nothing listens on its port any more."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        if self._listener is not None:
            self._listener.close()
        self._listener = self._thread = None

    @property
    def received(self) -> bytes:
        with self._lock:
            return b"".join(self.sessions)

    def _serve(self) -> None:
        assert self._listener is not None
        while not self._stop.is_set():
            try:
                conn, _addr = self._listener.accept()
            except TimeoutError:
                continue
            with conn:
                self._talk(conn)

    def _talk(self, conn: socket.socket) -> None:
        conn.settimeout(0.1)
        with self._lock:
            self.sessions.append(b"")
            index = len(self.sessions) - 1
        while not self._stop.is_set():
            try:
                chunk = conn.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self.sessions[index] += chunk
                got = len(self.sessions[index])
            if self.drop_after is not None and got >= self.drop_after:
                self.drop_after = None
                self.drops += 1
                # SO_LINGER 0: close with a reset, as a printer switched off mid-job leaves the line.
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                return
            if self.answers:
                with contextlib.suppress(OSError):
                    if STATUS_PAPER in chunk:
                        conn.sendall(bytes([PAPER_OK if self.paper else PAPER_OUT]))
                    if STATUS_PRINTER in chunk:
                        conn.sendall(bytes([ONLINE]))


@contextlib.contextmanager
def running(printer: FakePrinter) -> Iterator[FakePrinter]:
    printer.start()
    try:
        yield printer
    finally:
        printer.stop()


def free_port() -> int:
    """A loopback port nothing listens on (a printer that is switched off)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
