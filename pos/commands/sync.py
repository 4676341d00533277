"""`laci sync ...`: connect this counter to the cloud and sync it now."""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from pos.commands.common import EXIT_OK, open_shop_db, print_json
from pos.i18n import _
from pos.ledger.replication import sync_state


def register(sub: Any) -> None:
    sync = sub.add_parser("sync", help=_("sync this counter with the cloud"))
    sync_sub = sync.add_subparsers(dest="sync_command", metavar="ACTION", required=True)
    enrol = sync_sub.add_parser("enrol", help=_("connect this counter to a shop in the cloud, once"))
    enrol.add_argument("url", help=_("the sync service's address, e.g. https://sync.example.id"))
    enrol.add_argument("code", help=_("the one-time enrolment code from the owner"))
    enrol.set_defaults(handler=run_enrol)
    now = sync_sub.add_parser("now", help=_("send what is waiting and fetch what other counters did"))
    now.set_defaults(handler=run_now)
    status = sync_sub.add_parser("status", help=_("show the last sync and how many events are waiting"))
    status.add_argument("--json", action="store_true", help=_("print the figures as JSON"))
    status.set_defaults(handler=run_status)
    invite = sync_sub.add_parser("invite", help=_("make a one-time code for another counter (owner only)"))
    invite.set_defaults(handler=run_invite)


def run_enrol(args: argparse.Namespace) -> int:
    from pos.sync.client import enrol

    db = open_shop_db(args)
    try:
        name = enrol(db, args.url, args.code)
    finally:
        db.dispose()
    print(_("This counter now syncs with the shop {name}.").format(name=name))
    return EXIT_OK


def run_now(args: argparse.Namespace) -> int:
    from pos.sync.client import SyncClient

    db = open_shop_db(args)
    try:
        with SyncClient(db) as client:
            report = client.sync()
    finally:
        db.dispose()
    print(_("Sent {pushed} event(s), received {pulled}.").format(pushed=report.pushed, pulled=report.pulled))
    for seq, reason in report.rejected:
        print(_("The cloud refused event {seq}: {reason}").format(seq=seq, reason=reason))
    return EXIT_OK


def run_status(args: argparse.Namespace) -> int:
    db = open_shop_db(args)
    try:
        with db.read() as session:
            status = sync_state.status(session)
    finally:
        db.dispose()
    if args.json:
        print_json(dataclasses.asdict(status))
        return EXIT_OK
    if not status.enrolled:
        print(_("Not connected to the cloud. {n} event(s) are kept until it is.").format(n=status.waiting))
        return EXIT_OK
    print(_("Shop: {name}").format(name=status.shop_name))
    print(_("Waiting to be sent: {n}").format(n=status.waiting))
    print(_("Last sent: {when}").format(when=status.last_push or "-"))
    print(_("Last received: {when}").format(when=status.last_pull or "-"))
    if status.last_error:
        print(_("Last problem: {error}").format(error=status.last_error))
    return EXIT_OK


def run_invite(args: argparse.Namespace) -> int:
    from pos.sync.client import SyncClient

    db = open_shop_db(args)
    try:
        with SyncClient(db) as client:
            code = client.invite()
    finally:
        db.dispose()
    print(_("One-time code for the new counter: {code}").format(code=code))
    return EXIT_OK
