"""The owner's pages over real HTTP: signing in by a one-time link, every page of every outlet, and what a
session may not see."""

from __future__ import annotations

import datetime as dt

from conftest import OutletsCloud
from webclient import signed_in

from pos.cloud.web import lists
from pos.ledger import fmt
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
