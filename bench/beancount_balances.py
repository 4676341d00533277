"""Account balances from a beancount file, as `hledger balance` gives them: what bench/run times beancount with.

    python bench/beancount_balances.py BOOKS.beancount --end 2026-11-23 [--begin 2021-11-22] [--accounts Income]

Loads the file with beancount's own loader (parsing, booking, plugins and checks such as the balance assertions
our export ends with; the pickle cache off, so every run parses), then sums each account's postings dated from
`--begin` (if given) up to the day before `--end`, of the accounts under `--accounts` (all if none given), and
prints them as JSON: `{"Assets:Kas": 1234, ...}`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import defaultdict
from decimal import Decimal


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("file")
    parser.add_argument("--end", required=True, type=dt.date.fromisoformat, help="the first day not counted")
    parser.add_argument("--begin", type=dt.date.fromisoformat, help="the first day counted")
    parser.add_argument("--accounts", nargs="*", default=[], help="only accounts under these, e.g. Income Expenses")
    args = parser.parse_args(argv)

    from beancount import loader
    from beancount.core import data

    loader.initialize(use_cache=False)
    entries, errors, _options = loader.load_file(args.file)
    if errors:
        print(f"{len(errors)} errors, the first: {errors[0].message}", file=sys.stderr)
        return 1
    sums: dict[str, Decimal] = defaultdict(Decimal)
    roots = set(args.accounts)
    for entry in entries:
        if not isinstance(entry, data.Transaction) or entry.date >= args.end:
            continue
        if args.begin is not None and entry.date < args.begin:
            continue
        for posting in entry.postings:
            if roots and posting.account.split(":", 1)[0] not in roots:
                continue
            if posting.units is not None and posting.units.number is not None:
                sums[posting.account] += posting.units.number
    print(json.dumps({account: int(amount) for account, amount in sorted(sums.items()) if amount}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
