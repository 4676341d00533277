"""The owner's pages list a variant under its product: the best sellers and the stock running low show the
product's name with the variant's values beneath, and a product's variants running low are listed together."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from replicas import new_counter
from server import ThreadServer
from webclient import signed_in

from pos.cloud.auth import create_shop
from pos.cloud.db import CloudDB
from pos.cloud.web import catchup
from pos.ledger.base.clock import business_date, utc_now, zone
from pos.ledger.base.ids import UserId
from pos.ledger.base.money import MILLI, Money, Qty
from pos.ledger.books.approvals import Actor
from pos.ledger.counter.cart import Cart, line_for_product
from pos.ledger.counter.payments import Payment
from pos.ledger.counter.shifts import open_shift
from pos.ledger.people.users import add_user
from pos.ledger.selling.sales import ring_up
from pos.ledger.stock import products
from pos.ledger.stock.product_records import BarcodeSpec, add_product, get_product
from pos.ledger.stock.purchases import PurchaseItem, add_supplier, receive_goods
from pos.ledger.stock.variants import Option, set_options
from pos.sync.client import SyncClient, enrol

TZ = "Asia/Jakarta"


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]*>", " ", html).split())


def test_best_sellers_and_stock_running_low_show_variants_under_their_product(
    cloud_db: CloudDB, service: ThreadServer, tmp_path: Path
) -> None:
    shop, code = create_shop(cloud_db, "Tenun Bu Ani")
    counter = new_counter(tmp_path / "a", "A")
    enrol(counter, service.url, code)
    today = business_date(utc_now(), TZ)
    with counter.write() as s:
        owner = Actor(UserId(add_user(s, "Bu Ani", "owner", "2468")), "Bu Ani", "owner")
        mask = add_product(s, "Masker tenun", Money(25_000), cost=Money(10_000))
        sizes = {v.label: v.product_id for v in set_options(s, owner, mask, [Option("Ukuran", ("S", "M", "L"))])}
        kopi = add_product(s, "Kopi sachet", Money(2_000), cost=Money(1_200), barcodes=[BarcodeSpec("8991234567895")])
        for pid in sizes.values():
            products.edit_product(s, owner, pid, products.ProductEdit(low_stock_milli=5 * MILLI))
        products.edit_product(s, owner, kopi, products.ProductEdit(low_stock_milli=20 * MILLI))
        supplier = add_supplier(s, "Penenun")
        receive_goods(
            s,
            None,
            [PurchaseItem(pid, Qty.units(6), Money(60_000)) for pid in sizes.values()]
            + [PurchaseItem(kopi, Qty.units(20), Money(24_000))],
            supplier_id=supplier,
            paid_with="cash",
        )
        open_shift(s, owner, Money(100_000), at=dt.datetime.combine(today, dt.time(8), tzinfo=zone(TZ)))
        cart = Cart()
        for label, n in (("M", 4), ("L", 2), ("S", 1)):
            cart.add(line_for_product(get_product(s, sizes[label]), Qty.units(n)))
        cart.add(line_for_product(get_product(s, kopi), Qty.units(3)))
        ring_up(s, owner, cart, [Payment("qris", Money(7 * 25_000 + 3 * 2_000))])
    with SyncClient(counter) as client:
        client.sync()
    assert catchup.catch_up(cloud_db, shop)

    browser = signed_in(service.url, counter)
    page = browser.get(f"/web/today?shop={shop.hex}")
    assert page.status_code == 200, page.text
    best = page.text.split('<ol class="best">', 1)[1].split("</ol>", 1)[0]
    items = [_text(li) for li in re.findall(r"<li[^>]*>(.*?)</li>", best, re.S)]
    # By quantity: M (4), L (2), kopi (3) sits between them; each variant named by its product, its size beneath.
    assert items[:3] == ["Masker tenun M 4 pcs", "Kopi sachet 3 pcs", "Masker tenun L 2 pcs"], items
    first = re.findall(r"<li[^>]*>(.*?)</li>", best, re.S)[0]
    assert '<small class="note variant">M</small>' in first

    stock = browser.get(f"/web/stock?shop={shop.hex}")
    assert stock.status_code == 200, stock.text
    rows = [_text(r) for r in re.findall(r"<tr[^>]*>(.*?)</tr>", stock.text.split("<tbody>", 1)[1], re.S)]
    # M (2 of 5 left) is the emptiest, then L (4 of 5); the kopi (17 of 20) is emptier than S (5 of 5), but S
    # stands with the other masks under their product.
    assert rows == ["Masker tenun", "M 2 pcs 5", "L 4 pcs 5", "S 5 pcs 5", "Kopi sachet 17 pcs 20"], rows
    browser.close()
