"""The day the shop's books start in Laci, as statements need it: a comparison before it has nothing to compare.

A shop that moves to Laci mid-year brings its balances in with the opening entry; the months before are in its old
app or on paper. Statements carry the start day and say so beside a comparison that reaches before it.
"""

from __future__ import annotations

import datetime as dt

from pos.i18n import _
from pos.ledger.base import fmt


def before_start_note(books_start: dt.date | None, earliest: dt.date) -> str:
    """A sentence for a statement whose figures reach back to `earliest`, when the books start after it."""
    if books_start is None or earliest >= books_start:
        return ""
    return _("The books in Laci start on {day}; figures before that day are not in Laci.").format(
        day=fmt.date(books_start)
    )
