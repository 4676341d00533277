"""Whether a promotion holds at a moment: its dates, days of the week, hours, channels and counters.

`why_not_now` answers None when it holds, or the first reason it does not, for the owner to read.
"""

from __future__ import annotations

from typing import Final

from pos.i18n import N_
from pos.ledger.prices.outcome import Note, day, msg, note
from pos.ledger.prices.terms import ALL_DAYS, DAY_MINUTES, Moment, Schedule

DAY_NAMES: Final = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)


def clock(minute: int) -> str:
    """`17:30` for minute 1050 of the day; the end of the day is `24:00`."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def in_hours(schedule: Schedule, minute: int) -> bool:
    start, end = schedule.from_minute, schedule.to_minute
    if start == end or (start == 0 and end >= DAY_MINUTES):
        return True
    if start < end:
        return start <= minute < end
    return minute >= start or minute < end  # across midnight


def why_not_now(schedule: Schedule, moment: Moment) -> Note | None:
    if schedule.starts_on is not None and moment.day < schedule.starts_on:
        return note(N_("It starts on {date}."), date=day(schedule.starts_on))
    if schedule.ends_on is not None and moment.day > schedule.ends_on:
        return note(N_("It ended on {date}."), date=day(schedule.ends_on))
    if schedule.days != ALL_DAYS and not schedule.days & (1 << moment.day.weekday()):
        return note(N_("It does not hold on {day}."), day=msg(DAY_NAMES[moment.day.weekday()]))
    if not in_hours(schedule, moment.minute):
        return note(
            N_("It holds only from {start} to {end}."),
            start=clock(schedule.from_minute),
            end=clock(schedule.to_minute),
        )
    if schedule.channels and moment.channel not in schedule.channels:
        return note(N_("It does not hold on this sales channel."))
    if schedule.counters and moment.counter not in schedule.counters:
        return note(N_("It does not hold at this counter."))
    return None
