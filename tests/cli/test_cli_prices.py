"""`laci prices` as a shopkeeper's terminal runs it: what promotions cost, who buys what, and the vouchers."""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import laci
from shop_support import AT, set_up_counter

from pos.ledger.counter.cart import Cart, line_for_scan
from pos.ledger.counter.payments import cash
from pos.ledger.prices.promotions import PromotionInfo, save_promotion
from pos.ledger.prices.terms import BuyGet
from pos.ledger.prices.vouchers import VoucherInfo, save_voucher
from pos.ledger.selling.sales import ring_up
from pos.ledger.shop.opening import open_database
from pos.ledger.stock.barcodes import DEFAULT_FORMATS
from pos.ledger.stock.product_records import find_by_barcode


def test_prices_report_vouchers_and_buyers(tmp_path: Path) -> None:
    assert laci("--data-dir", str(tmp_path), "init", "--shop-name", "Warung").returncode == 0
    db = open_database(tmp_path / "laci.sqlite3")
    counter = set_up_counter(db)
    with db.write() as s:
        hit = find_by_barcode(s, counter.codes[0])
        assert hit is not None
        save_promotion(s, PromotionInfo(None, "Beli 2 gratis 1", BuyGet(hit.product.id, 2, hit.product.id, 1)))
        save_voucher(s, VoucherInfo("HEMAT", amount=1_000, use_limit=5))
        cart = Cart()
        cart.add(line_for_scan(s, f"3*{counter.codes[0]}", DEFAULT_FORMATS))
        cart.set_voucher("HEMAT")
        ring_up(s, counter.cashier, cart, [cash(9_000)], at=AT)
    db.dispose()
    day = AT.date().isoformat()
    result = laci("--data-dir", str(tmp_path), "--lang", "en", "prices", "report", "--from", day, "--to", day)
    assert result.returncode == 0, result.stderr
    assert "Free goods: Beli 2 gratis 1" in result.stdout and "Voucher: HEMAT" in result.stdout
    as_json = laci("--data-dir", str(tmp_path), "prices", "report", "--from", day, "--to", day, "--json")
    figures = json.loads(as_json.stdout)
    free = next(r for r in figures["promotions"]["rows"] if r["kind"] == "free")
    assert (free["saved"], free["cost"]) == (5_000, 4_000)
    vouchers = laci("--data-dir", str(tmp_path), "--lang", "en", "prices", "vouchers")
    assert "HEMAT" in vouchers.stdout and "1/5" in vouchers.stdout
    buyers = laci("--data-dir", str(tmp_path), "--lang", "en", "prices", "buyers", "--from", day, "--to", day)
    assert buyers.returncode == 0 and "No group" in buyers.stdout and "Barang 1" in buyers.stdout
