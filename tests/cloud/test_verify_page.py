"""The bank's verification page in a real browser (Debian's chromium), at a phone's size: a witnessed pack's code,
scanned or typed, shows exactly the pack's figures; a figure changed in the pack is refused; books changed after
the pack, or a counter's history rewritten, show on the page and on the owner's dashboard. Offline, `laci verify`
checks the PDF itself.

With LACI_SCREENSHOTS set to a folder, the page is saved there (`verify-*.png`) for the guide.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import PHONE, Chromium, Tab
from ledger.tampering import rehash_the_chain
from server import ThreadServer
from shops import Shop, sell, shop_with_counters
from webclient import link_path

from pos.cloud.db import CloudDB
from pos.ledger.base import attest, fmt
from pos.ledger.base.clock import utc_now
from pos.ledger.base.db import Database, make_engine
from pos.ledger.base.money import Money
from pos.ledger.base.period import Period
from pos.ledger.books import cash_entries
from pos.ledger.reports import pack_seal
from pos.ledger.reports.pack import loan_pack
from pos.printing.statements.pack import render_loan_pack
from pos.sync import witness
from pos.sync.client import SyncClient

DAYS = 3
KEYS = ("revenue", "gross_profit", "net_profit", "total_assets", "cash", "stock", "kasbon")


@pytest.fixture
def shop(tmp_path: Path, cloud_db: CloudDB, service: ThreadServer) -> Iterator[Shop]:
    made = shop_with_counters(tmp_path, cloud_db, service.url, 1)
    now = utc_now()
    for back in range(DAYS, 0, -1):
        for product in range(3):
            sell(made, 0, product, 1 + back, at=now - dt.timedelta(days=back))
    sell(made, 0, 1, 2, kasbon=True, at=now - dt.timedelta(days=2))
    with SyncClient(made.counters[0]) as client:
        witness.sync(client)
    yield made
    for counter in made.counters:
        counter.dispose()


def witnessed(counter: Database, tmp: Path) -> tuple[pack_seal.SealedPack, Path]:
    """A pack of the last few days, witnessed by the service, and its PDF."""
    today = utc_now().date()
    period = Period(today - dt.timedelta(days=DAYS + 1), today - dt.timedelta(days=1))
    with counter.read() as s:
        pack = loan_pack(s, period)
        body, lines = pack_seal.statement_body(s, pack, "id", utc_now())
    with SyncClient(counter) as client:
        token = witness.witness_statement(client, body, lines)
        witness.service_keys(client)
        page = f"{client.enrolment.url}/v/{attest.code_of(token)}"
    with counter.write() as s:
        pack_seal.keep(s, token, lines)
    sealed = pack_seal.SealedPack(pack, "id", token, lines, page)
    path = tmp / "pack.pdf"
    render_loan_pack(sealed, path)
    return sealed, path


def shoot(tab: Tab, name: str) -> None:
    folder = os.environ.get("LACI_SCREENSHOTS")
    if folder:
        tab.page.screenshot(path=str(Path(folder) / f"verify-{name}.png"), full_page=True)


def laci(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pos", *args], capture_output=True, text=True, timeout=120)


def test_the_page_shows_exactly_the_packs_figures(shop: Shop, chromium: Chromium, tmp_path: Path) -> None:
    sealed, _pdf = witnessed(shop.counters[0], tmp_path)
    key_figures = sealed.body["key_figures"]
    with chromium.tab(PHONE) as tab:
        page = tab.page
        page.goto(sealed.page_url)  # what the QR code on the last page holds
        page.wait_for_url("**/web/verify?code=**")
        assert page.locator("#agrees").is_visible()
        text = page.locator("#pack").inner_text()
        assert "Warung Bu Sri" in text and sealed.code in text
        shown = [cell.inner_text().strip() for cell in page.locator("#figures td.num").all()]
        assert shown == [fmt.rupiah(key_figures[k], "id") for k in KEYS]
        for section in ("position", "pnl"):
            for line in (x for x in sealed.lines if x[0] == section and x[2]):
                row = page.locator(f'section.statement tr[data-line="{line[1]}"]').first
                cells = [c.inner_text().strip() for c in row.locator("td").all()]
                assert cells[0] == line[2]
                assert cells[1] == (fmt.rupiah(line[3], "id") if line[3] is not None else "")
        assert tab.horizontal_overflow() == 0, tab.too_wide()
        shoot(tab, "page")

        # Typed by hand, in lower case and without dashes: the same pack.
        page.goto(sealed.page_url.split("/v/")[0] + "/web/verify")
        page.fill("#code", sealed.code.lower().replace("-", " "))
        page.locator("#lookup button").click()
        page.wait_for_url("**/web/verify?code=**")
        assert page.locator("#agrees").is_visible()

        # A figure changed: its statement is no longer the one signed, and its code names nothing.
        body = sealed.body
        raised = {**body["key_figures"], "net_profit": body["key_figures"]["net_profit"] + 10**7}
        head = base64.urlsafe_b64encode(attest.canonical({**body, "key_figures": raised})).rstrip(b"=").decode()
        forged_token = head + "." + sealed.token.split(".")[1]
        page.goto(sealed.page_url.split("/v/")[0] + f"/web/verify?code={attest.code_of(forged_token)}")
        assert page.locator("[role=alert]").is_visible() and not page.locator("#agrees").count()
        assert not tab.errors, tab.errors


def test_laci_verify_refuses_a_pdf_whose_figure_was_changed(shop: Shop, tmp_path: Path) -> None:
    _sealed, pdf = witnessed(shop.counters[0], tmp_path)
    data_dir = str(shop.counters[0].path.parent)
    good = laci("--data-dir", data_dir, "verify", str(pdf), "--json")
    assert good.returncode == 0, good.stdout + good.stderr
    assert json.loads(good.stdout)["figures_ok"] is True and json.loads(good.stdout)["witness"]["by"] == "service"

    # The same file with one figure changed in what it carries: the digest the service signed no longer matches.
    raw = pdf.read_bytes()
    marker = b"laci-figures:"
    start = raw.index(marker) + len(marker)
    end = start
    while raw[end : end + 1] not in (b")", b" "):
        end += 1
    lines = json.loads(zlib.decompress(base64.urlsafe_b64decode(raw[start:end])))
    row = next(x for x in lines if x[0] == "pnl" and x[1] == "net_profit")
    row[3] += 1_000_000
    packed = base64.urlsafe_b64encode(zlib.compress(json.dumps(lines, separators=(",", ":")).encode(), 9))
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(raw[:start] + packed + raw[end:])
    bad = laci("--data-dir", data_dir, "verify", str(forged))
    assert bad.returncode == 1 and "ada angka yang diubah" in bad.stdout, bad.stdout


def test_books_changed_after_the_pack_show_on_its_page(shop: Shop, chromium: Chromium, tmp_path: Path) -> None:
    counter = shop.counters[0]
    sealed, _pdf = witnessed(counter, tmp_path)
    with counter.write() as s:  # an expense booked afterwards into the pack's period
        cash_entries.record_expense(s, "transport", Money(25_000), at=utc_now() - dt.timedelta(days=2))
    with SyncClient(counter) as client:
        witness.sync(client)
    with chromium.tab(PHONE) as tab:
        tab.page.goto(sealed.page_url)
        assert tab.page.locator("#disagrees").is_visible()
        assert not tab.errors, tab.errors


def test_a_rewritten_history_shows_on_every_verification_page(shop: Shop, chromium: Chromium, tmp_path: Path) -> None:
    sealed, _pdf = witnessed(shop.counters[0], tmp_path)
    path = shop.counters[0].path
    shop.counters[0].dispose()
    rehash_the_chain(path)
    shop.counters[0] = Database(make_engine(path))
    sell(shop, 0, 0, 1)
    with SyncClient(shop.counters[0]) as client:
        witness.sync(client)
    with chromium.tab(PHONE) as tab:
        tab.page.goto(sealed.page_url)
        flags = tab.page.locator("p.flag")
        assert flags.count() >= 1 and tab.page.locator("#disagrees").is_visible()
        shoot(tab, "flagged")
        # The owner's dashboard says so too, on every page.
        base = sealed.page_url.split("/v/")[0]
        tab.page.goto(base + link_path(shop.counters[0]))
        tab.page.locator("#open-dashboard").click()
        tab.page.wait_for_url("**/web/today**")
        assert tab.page.locator("#departed").is_visible()
        assert "Warung Bu Sri" in tab.page.locator("#departed").inner_text()
        assert not tab.errors, tab.errors
