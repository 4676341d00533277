"""The owner's figures in the cloud equal the counters' own reports, day by day and outlet by outlet."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from conftest import OutletsCloud

from pos.cloud.web import catchup, figures
from pos.ledger.reports.daily import daily_report


def _plain(report: Any) -> dict[str, Any]:
    found = report.as_dict()
    found.pop("by_channel")
    return found


def test_every_day_equals_the_counters_z_report(outlets_cloud: OutletsCloud) -> None:
    cloud, o = outlets_cloud.db, outlets_cloud.outlets
    assert catchup.catch_up(cloud, o.main)
    day = o.first_day - dt.timedelta(days=1)
    while day <= o.today:
        with o.b.read() as s:
            expected = daily_report(s, day)
        with cloud.transaction(o.main) as conn:
            got = figures.daily_report(conn, o.main, day, "Asia/Jakarta")
        assert _plain(got) == _plain(expected), day
        day += dt.timedelta(days=1)
