"""The owner's pages over real HTTP: signing in by a one-time link, every page of every outlet, and what a
session may not see."""

from __future__ import annotations

from conftest import OutletsCloud
from webclient import signed_in

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
