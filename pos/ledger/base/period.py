"""Reporting periods: a run of business days, the period before it, and the usual choices (this month, last year)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from pos.i18n import N_
from pos.ledger.base.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class Period:
    """Business days `start` to `end`, both included."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidInput(N_("The period ends before it starts."))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def is_calendar_year(self) -> bool:
        return (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31) and (
            self.start.year == self.end.year
        )

    @property
    def is_whole_months(self) -> bool:
        return self.start.day == 1 and self.end == month_end(self.end)

    def previous(self) -> Period:
        """The comparison period: the same months a span earlier when whole months, else the same number of days."""
        if self.is_whole_months:
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
            first = add_months(self.start, -months)
            return Period(first, month_end(add_months(self.end, -months)))
        return Period(self.start - dt.timedelta(days=self.days), self.start - dt.timedelta(days=1))

    def year_before(self) -> Period:
        """The same days a year earlier (a period ending on a month's last day ends on that month's last day)."""
        end = add_months(self.end, -12)
        return Period(add_months(self.start, -12), month_end(end) if self.end == month_end(self.end) else end)

    def months(self) -> Iterator[Period]:
        """The calendar months the period touches, each cut to the period."""
        first = self.start.replace(day=1)
        while first <= self.end:
            yield Period(max(first, self.start), min(month_end(first), self.end))
            first = add_months(first, 1)

    def as_dict(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, kept inside the target month (31 Mar less one month is 28 or 29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def day(when: dt.date) -> Period:
    return Period(when, when)


def month_of(when: dt.date) -> Period:
    return Period(when.replace(day=1), month_end(when))


def last_month(today: dt.date) -> Period:
    return month_of(add_months(today.replace(day=1), -1))


def year_of(when: dt.date) -> Period:
    return Period(dt.date(when.year, 1, 1), dt.date(when.year, 12, 31))


def year_to_date(today: dt.date) -> Period:
    return Period(dt.date(today.year, 1, 1), today)


def parse_date(text: str) -> dt.date:
    """`2026-06-30` as a date; a person gets a readable error for anything else."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(N_("'{text}' is not a date; write it as YYYY-MM-DD."), text=text) from None


CHOICES = ("today", "this_month", "last_month", "this_year")


def named(choice: str, today: dt.date) -> Period:
    """The period a person means by `choice` on `today`: this month and this year run up to today."""
    if choice == "today":
        return day(today)
    if choice == "this_month":
        return Period(today.replace(day=1), today)
    if choice == "last_month":
        return last_month(today)
    if choice == "this_year":
        return year_to_date(today)
    raise InvalidInput(N_("Choose today, this month, last month or this year."))
