"""The cash a customer is likely to hand over for an amount: the quick buttons of the payment, worked out for
the amount due rather than fixed at Rp 20.000, 50.000 and 100.000 whatever the bill."""

from __future__ import annotations

from typing import Final

# The notes a customer pays with; the small ones (Rp 1.000, 2.000) are change, not what a bill is paid with.
NOTES: Final = (5_000, 10_000, 20_000, 50_000, 100_000)
LARGE: Final = (50_000, 100_000)
SUGGESTED: Final = 3


def _up(amount: int, step: int) -> int:
    return -(-amount // step) * step


def quick_notes(due: int, count: int = SUGGESTED) -> tuple[int, ...]:
    """The `count` smallest round amounts above `due` that a customer would pay it with.

    Either `due` rounded up to one kind of note (Rp 12.500: 15.000, 20.000, 50.000), or the bulk in large notes
    and the rest rounded up to a smaller one (Rp 55.000: 60.000, 70.000 as 50.000 + 20.000, 100.000); when
    that gives too few, a large note more (Rp 285.700: 290.000, 300.000, 350.000). Paying the exact amount is
    its own button ("uang pas"), so every amount here is more than `due`.
    """
    if due <= 0:
        return NOTES[-count:]
    found = {_up(due, note) for note in NOTES}
    for large in LARGE:
        bulk, rest = divmod(due, large)
        if bulk and rest:
            found |= {bulk * large + _up(rest, note) for note in NOTES if note < large}
    above = sorted(amount for amount in found if amount > due)
    step = 1
    while len(above) < count:
        # Too few: the next round amounts of large notes above the bill.
        above = sorted({*above, _up(due, LARGE[0]) + step * LARGE[0], _up(due, LARGE[1]) + step * LARGE[1]})
        step += 1
    return tuple(above[:count])
