"""A spreadsheet import travels as one batch of changes (`changes`): the service takes it, and the other
counters get every product of it."""

from __future__ import annotations

from pathlib import Path

from replicas import new_counter
from server import ThreadServer
from sqlalchemy import func, select

from pos.cloud.auth import create_shop
from pos.cloud.db import CloudDB
from pos.ledger.base.money import Money
from pos.ledger.schema import Product
from pos.ledger.spreadsheet.spreadsheet import NewProduct, bulk_add_products
from pos.sync.client import SyncClient, enrol


def test_an_imported_catalogue_reaches_the_other_counter(
    tmp_path: Path, cloud_db: CloudDB, service: ThreadServer
) -> None:
    _shop, code = create_shop(cloud_db, "Toko Impor")
    a = new_counter(tmp_path / "a", "A")
    enrol(a, service.url, code)
    with a.write() as s:
        bulk_add_products(s, [NewProduct(f"Barang {n}", Money(1_000 + n)) for n in range(25)])
    with SyncClient(a) as client:
        report = client.sync()
        invite = client.invite()
    assert report.rejected == []
    b = new_counter(tmp_path / "b", "B")
    enrol(b, service.url, invite)
    with SyncClient(b) as client:
        client.sync()
    with b.read() as s:
        assert s.execute(select(func.count()).select_from(Product)).scalar_one() == 25
