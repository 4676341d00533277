"""`laci qris PAYLOAD --amount N`: the dynamic QRIS payload for an amount, from the shop's static one."""

from __future__ import annotations

import argparse
from typing import Any

from pos.commands.common import EXIT_OK
from pos.i18n import _
from pos.ledger.base.money import Money
from pos.ledger.counter.qris import make_dynamic


def register(sub: Any) -> None:
    cmd = sub.add_parser("qris", help=_("make a QRIS code for one amount from the shop's static QRIS"))
    cmd.add_argument("payload", help=_("the static QRIS text (what the QR code holds)"))
    cmd.add_argument("--amount", required=True, help=_("the amount in rupiah, e.g. 50000 or 50.000"))
    cmd.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    print(make_dynamic(args.payload, Money.parse(args.amount)))
    return EXIT_OK
