"""The owner's pages over real HTTP: signing in by a one-time link, every page of every outlet, and what a
session may not see."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

from outlets import OutletsCloud
from webclient import Browser, signed_in

from pos.cloud.web import lists
from pos.ledger.base import fmt
from pos.ledger.base.period import Period
from pos.ledger.reports.channels import channel_rows
from pos.ledger.reports.daily import daily_report


def test_a_link_signs_the_owner_in_and_the_pages_show_the_days_figures(outlets_cloud: OutletsCloud) -> None:
    o = outlets_cloud.outlets
    browser = signed_in(outlets_cloud.service.url, o.a)
    with o.b.read() as s:
        expected = daily_report(s, o.today)
    page = browser.get(f"/web/today?shop={o.main.hex}")
    assert page.status_code == 200, page.text
    assert f'data-figure="total">{fmt.rupiah(expected.total, "id")}<' in page.text
    for name in ("period", "shifts", "stock", "kasbon", "counters", "account"):
        found = browser.get(f"/web/{name}?shop={o.main.hex}")
        assert found.status_code == 200, (name, found.text)
    browser.close()


def test_the_counters_page_shows_each_counters_sync_and_a_quiet_one_in_red(outlets_cloud: OutletsCloud) -> None:
    o = outlets_cloud.outlets
    browser = signed_in(outlets_cloud.service.url, o.a)
    page = browser.get(f"/web/counters?shop={o.main.hex}")
    for code in ("A", "B"):
        row = page.text.split(f'data-counter="{code}"', 1)[1].split("</li>", 1)[0]
        assert "Data yang menunggu saat sinkron terakhir: 0" in row  # each counter's pull said so
    assert 'class="late"' not in page.text
    now = dt.datetime.now(dt.UTC)
    with outlets_cloud.db.transaction(o.main) as conn:
        quiet = lists.silent_minutes(conn, o.main)
        later = lists.counter_syncs(conn, o.main, now + dt.timedelta(minutes=quiet + 1))
        soon = lists.counter_syncs(conn, o.main, now + dt.timedelta(minutes=quiet - 5))
    assert all(c.silent for c in later) and not any(c.silent for c in soon)
    browser.close()


def _cell(page: str, attribute: str) -> str:
    """The text of the table cell carrying `attribute`."""
    cell = page.split(attribute, 1)[1].split(">", 1)[1].split("</td>", 1)[0]
    return re.sub(r"<[^>]*>", "", cell).strip()


def test_sales_by_channel_show_when_a_channel_beyond_the_counter_sold(outlets_cloud: OutletsCloud) -> None:
    o = outlets_cloud.outlets
    browser = signed_in(outlets_cloud.service.url, o.a)
    # Today B took a GoFood order and refunded yesterday's through GoFood: the day shows its channels, as the
    # counter's Z report does, with the counter's figures.
    with o.b.read() as s:
        expected = {r.channel: r for r in daily_report(s, o.today).by_channel}
        week = {r.channel: r for r in channel_rows(s, Period(o.today - dt.timedelta(days=6), o.today))}
    page = browser.get(f"/web/today?shop={o.main.hex}").text
    assert 'id="channels"' in page and "Per saluran" in page
    for code, row in expected.items():
        assert _cell(page, f'data-channel-total="{code}"') == fmt.rupiah(row.total, "id")
        assert _cell(page, f'data-channel="{code}"') == fmt.rupiah(row.net, "id")
    assert "GoFood" in page and fmt.rupiah(-expected["gofood"].commission, "id") in page
    start = (o.today - dt.timedelta(days=6)).isoformat()
    period = browser.get(f"/web/period?shop={o.main.hex}&start={start}&end={o.today.isoformat()}").text
    assert _cell(period, 'data-channel="gofood"') == fmt.rupiah(week["gofood"].net, "id")
    # A day and a period when everything was sold at the counter show no such section.
    first, early = o.first_day.isoformat(), (o.first_day + dt.timedelta(days=4)).isoformat()
    for path in (
        f"/web/today?shop={o.main.hex}&date={early}",
        f"/web/period?shop={o.main.hex}&start={first}&end={early}",
    ):
        quiet = browser.get(path)
        assert quiet.status_code == 200 and 'id="channels"' not in quiet.text, path
    browser.close()


def test_every_page_with_its_style_and_script_is_under_150_kb(outlets_cloud: OutletsCloud) -> None:
    o = outlets_cloud.outlets
    browser = signed_in(outlets_cloud.service.url, o.a)
    assets = sum(len(browser.get(f"/web/static/{name}").content) for name in ("laci.css", "laci.js", "icon.svg"))
    for name in ("today", "period", "shifts", "stock", "kasbon", "counters", "account"):
        for shop in ("all", o.main.hex):
            page = browser.get(f"/web/{name}?shop={shop}")
            assert page.status_code == 200
            assert len(page.content) + assets < 150_000, (name, len(page.content))
    browser.close()


def test_the_owner_link_from_the_command_line_opens_the_pages(outlets_cloud: OutletsCloud) -> None:
    o = outlets_cloud.outlets
    done = subprocess.run(
        [sys.executable, "-m", "pos", "--data-dir", str(o.a.path.parent), "sync", "owner-link"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    url = next(line for line in done.stdout.splitlines() if line.startswith("http"))
    assert "█" in done.stdout or "▀" in done.stdout or "▄" in done.stdout  # the QR code, drawn in the terminal
    browser = Browser(outlets_cloud.service.url)
    landing = browser.get(url.removeprefix(outlets_cloud.service.url))
    assert browser.submit(landing, "/web/login", {"action": "signin"}).status_code == 200
    browser.close()
