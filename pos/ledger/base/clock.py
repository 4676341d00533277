"""Time as the shop sees it: instants in UTC, business days in the shop's own time zone (WIB, WITA, WIT)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Jakarta"


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@lru_cache(maxsize=8)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local(at: dt.datetime, tz: str = DEFAULT_TIMEZONE) -> dt.datetime:
    """`at` on the shop's wall clock."""
    return at.astimezone(zone(tz))


def business_date(at: dt.datetime, tz: str = DEFAULT_TIMEZONE) -> dt.date:
    """The shop's calendar day of the instant `at`; reports and receipt numbers group by it."""
    return local(at, tz).date()
