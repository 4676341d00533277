"""The owner's pages in a real browser (Debian's chromium), at a phone's size and a laptop's: signing in by the
one-time link, reading the day, changing the date, following a WhatsApp reminder, each figure checked against
`laci report daily` on the counters; no sideways scrolling and no console errors anywhere.

With LACI_SCREENSHOTS set to a folder, the pages at 360 px are saved there (`web-*.png`) for the guide.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path
from typing import Any

from browser import DESKTOP, PHONE, Chromium, Tab
from outlets import OutletsCloud
from webclient import link_path

from pos.ledger.base import fmt
from pos.ledger.base.db import Database
from pos.ledger.people.kasbon import reminder

PAGES = ("today", "period", "shifts", "stock", "kasbon", "counters", "account")


def laci_daily(counter: Database, day: dt.date) -> dict[str, Any]:
    """`laci report daily --json` on the counter, as the owner would run it."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pos",
            "--data-dir",
            str(counter.path.parent),
            "report",
            "daily",
            "--json",
            "--date",
            day.isoformat(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def figure(tab: Tab, name: str) -> str:
    return tab.page.locator(f'[data-figure="{name}"]').inner_text().strip()


def z(tab: Tab, name: str) -> str:
    return tab.page.locator(f'[data-z="{name}"]').inner_text().strip()


def sign_in(tab: Tab, base: str, counter: Database) -> None:
    tab.page.goto(base + link_path(counter))
    tab.page.locator("#open-dashboard").click()
    tab.page.wait_for_url("**/web/today**")


def assert_day(tab: Tab, report: dict[str, Any]) -> None:
    assert figure(tab, "total") == fmt.rupiah(report["total"], "id")
    assert figure(tab, "sales_count") == fmt.number(report["sales_count"], "id")
    assert z(tab, "cash_takings") == fmt.rupiah(report["cash_takings"], "id")
    assert z(tab, "refunds_total") == fmt.rupiah(report["refunds_total"], "id")
    assert z(tab, "voids_total") == fmt.rupiah(report["voids_total"], "id")
    assert z(tab, "kasbon_received") == fmt.rupiah(report["kasbon_received"], "id")
    for method, amount in report["by_method"].items():
        assert tab.page.locator(f'[data-method="{method}"]').inner_text().strip() == fmt.rupiah(amount, "id")


def shoot(tab: Tab, name: str) -> None:
    folder = os.environ.get("LACI_SCREENSHOTS")
    if folder:
        tab.page.screenshot(path=str(Path(folder) / f"web-{name}.png"), full_page=True)


def test_the_owner_reads_the_day_on_a_phone(outlets_cloud: OutletsCloud, chromium: Chromium) -> None:
    o, base = outlets_cloud.outlets, outlets_cloud.service.url
    with chromium.tab(PHONE) as tab:
        sign_in(tab, base, o.a)
        assert tab.context.cookies()[0]["httpOnly"]
        page = tab.page
        page.goto(f"{base}/web/today?shop={o.main.hex}")
        assert_day(tab, laci_daily(o.b, o.today))
        assert tab.horizontal_overflow() == 0, tab.too_wide()
        shoot(tab, "today")

        # The date picker: yesterday, whose shifts are all closed.
        yesterday = o.today - dt.timedelta(days=1)
        page.fill("#date", yesterday.isoformat())
        page.locator("form.picker button").click()
        page.wait_for_url(f"**date={yesterday.isoformat()}**")
        report = laci_daily(o.a, yesterday)
        assert_day(tab, report)
        assert z(tab, "difference") == fmt.rupiah(report["difference"], "id")

        for name in PAGES:
            page.goto(f"{base}/web/{name}?shop={o.main.hex}")
            assert tab.horizontal_overflow() == 0, (name, tab.too_wide())
            if name != "today":
                shoot(tab, name)
        assert not tab.errors, tab.errors


def test_a_whatsapp_reminder_link_carries_the_counters_text(outlets_cloud: OutletsCloud, chromium: Chromium) -> None:
    o, base = outlets_cloud.outlets, outlets_cloud.service.url
    with o.b.read() as s:
        expected = reminder(s, o.customer)
    assert expected is not None and expected.link
    with chromium.tab(PHONE) as tab:
        sign_in(tab, base, o.a)
        opened: list[str] = []

        def whatsapp(route: Any) -> None:  # no network here: WhatsApp answers with a stand-in page
            opened.append(route.request.url)
            route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>WhatsApp</title>")

        tab.context.route("https://wa.me/**", whatsapp)
        tab.page.goto(f"{base}/web/kasbon?shop={o.main.hex}")
        link = tab.page.locator(f'[data-customer="{o.customer.hex}"] a.wa')
        assert link.get_attribute("href") == expected.link
        with tab.context.expect_page() as popup:
            link.click()
        popup.value.wait_for_load_state()
        assert opened and opened[0] == expected.link
        text = urllib.parse.parse_qs(urllib.parse.urlsplit(opened[0]).query)["text"][0]
        assert text == expected.text
        assert not tab.errors, tab.errors


def test_the_same_on_a_laptop_in_english(outlets_cloud: OutletsCloud, chromium: Chromium) -> None:
    o, base = outlets_cloud.outlets, outlets_cloud.service.url
    with chromium.tab(DESKTOP, locale="en-GB") as tab:
        sign_in(tab, base, o.a)
        page = tab.page
        page.goto(f"{base}/web/today?shop={o.main.hex}")
        page.locator("footer button[name=lang]").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "en"
        report = laci_daily(o.b, o.today)
        assert figure(tab, "total") == fmt.rupiah(report["total"], "en")
        for name in PAGES:
            page.goto(f"{base}/web/{name}?shop={o.main.hex}")
            assert tab.horizontal_overflow() == 0, (name, tab.too_wide())
        assert not tab.errors, tab.errors
