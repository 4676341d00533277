"""`laci sync ...`: connect this counter to the cloud and sync it now."""

from __future__ import annotations

import argparse
import dataclasses
import uuid
from typing import Any

from pos.commands.common import EXIT_NOT_FOUND, EXIT_OK, EXIT_PROBLEM, fail, open_shop_db, print_json
from pos.i18n import _
from pos.ledger.books import witnessed
from pos.ledger.books.check_chains import cloud_witness
from pos.ledger.replication import quarantine, sync_state


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
    invite = sync_sub.add_parser("invite", help=_("make a one-time invite for another counter (owner only)"))
    invite.add_argument("--owner", action="store_true", help=_("the new device is another owner's device"))
    invite.add_argument(
        "--replace", metavar="CODE", help=_("replace the enrolled counter with this code (its old token stops)")
    )
    invite.set_defaults(handler=run_invite)
    link = sync_sub.add_parser(
        "owner-link", help=_("a one-time link (and QR code) that opens the owner's web pages on a phone (owner only)")
    )
    link.add_argument("--no-qr", action="store_true", help=_("print the link only, without the QR code"))
    link.set_defaults(handler=run_owner_link)
    web = sync_sub.add_parser("web-sessions", help=_("list the owner's web sessions, or end one (owner only)"))
    web.add_argument("--end", metavar="ID", help=_("end the session with this id"))
    web.add_argument("--json", action="store_true", help=_("print the sessions as JSON"))
    web.set_defaults(handler=run_web_sessions)
    devices = sync_sub.add_parser("devices", help=_("list the shop's devices, their roles and what happened to them"))
    devices.set_defaults(handler=run_devices)


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
    from pos.sync import witness
    from pos.sync.client import SyncClient

    db = open_shop_db(args)
    try:
        with SyncClient(db) as client:
            report = witness.sync(client)
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
            db_items = quarantine.items(session)
            held = witnessed.load(session)
            departed = [str(p) for p in cloud_witness(session, held)]
    finally:
        db.dispose()
    if args.json:
        chain = {"read_at": held.fetched_at, "syncing_since": held.syncing_since} if held else None
        print_json(
            {
                **dataclasses.asdict(status),
                "set_aside": [dataclasses.asdict(i) for i in db_items],
                "witness": chain,
                "departures": departed,
            }
        )
        return EXIT_OK if not departed else EXIT_PROBLEM
    if not status.enrolled:
        print(_("Not connected to the cloud. {n} event(s) are kept until it is.").format(n=status.waiting))
        return EXIT_OK
    print(_("Shop: {name}").format(name=status.shop_name))
    print(_("Waiting to be sent: {n}").format(n=status.waiting))
    print(_("Last sent: {when}").format(when=status.last_push or "-"))
    print(_("Last received: {when}").format(when=status.last_pull or "-"))
    role = {"owner": _("the owner's device"), "counter": _("a counter")}.get(status.role or "", _("not known yet"))
    print(_("This device: {role}").format(role=role))
    if not status.pin_key:
        print(_("This counter lacks the shop's PIN key: enrol it again with an invite from the owner's counter."))
    if status.last_error:
        print(_("Last problem: {error}").format(error=status.last_error))
    print_set_aside(db_items)
    if held is None:
        print(_("The cloud's copy of the hash chains has not been read yet."))
        return EXIT_OK
    print(
        _("The cloud's copy of the hash chains, read {when}: {n} counter(s), syncing since {since}.").format(
            when=held.fetched_at[:16].replace("T", " "), n=len(held.heads), since=(held.syncing_since or "-")[:10]
        )
    )
    if not departed:
        print(_("The books here still extend what the cloud witnessed."))
        return EXIT_OK
    for problem in departed:
        print(f"- {problem}")
    return EXIT_PROBLEM


def print_set_aside(found: list[quarantine.Item]) -> None:
    """Events not applied here, with why: held ones are tried again at every sync, refused ones never."""
    for item in found:
        what = _("held, tried again at every sync") if item.status == quarantine.HELD else _("refused")
        print(
            _("Event {seq} from counter {device} ({kind}), {what}: {reason}").format(
                seq=item.server_seq, device=item.device, kind=item.kind, what=what, reason=item.reason
            )
        )


def run_invite(args: argparse.Namespace) -> int:
    from pos.sync.client import SyncClient

    db = open_shop_db(args)
    try:
        with SyncClient(db) as client:
            replaces = None
            if args.replace:
                wanted = args.replace.strip().upper()
                found = [d for d in client.devices() if str(d["code"]).upper() == wanted]
                if not found:
                    return fail(_("The shop has no counter {code}.").format(code=wanted), EXIT_NOT_FOUND)
                replaces = uuid.UUID(hex=str(found[0]["device_id"]))
            code = client.invite(owner=args.owner, replaces=replaces)
    finally:
        db.dispose()
    print(_("One-time invite, valid for an hour: {code}").format(code=code))
    print(_("Type it on the new counter with 'laci sync enrol'. It holds the shop's PIN key: do not share it."))
    return EXIT_OK


def run_devices(args: argparse.Namespace) -> int:
    from pos.sync.client import SyncClient

    db = open_shop_db(args)
    try:
        with SyncClient(db) as client:
            devices = client.devices()
            log = client.device_log() if any(d["device_id"] == client.me for d in devices if d["owner"]) else []
    finally:
        db.dispose()
    for d in devices:
        role = _("owner's device") if d["owner"] else _("counter")
        state = _("revoked") if d["revoked"] else _("active")
        print(f"{d['code']:<4} {role:<18} {state:<10} {d['name']}")
    for entry in log:
        print(f"{entry['at']}  {entry['code'] or entry['device_id'][:8]}  {entry['action']}")
    return EXIT_OK


def run_owner_link(args: argparse.Namespace) -> int:
    import qrcode

    from pos.ledger.base import fmt
    from pos.ledger.base.clock import local
    from pos.sync.client import SyncClient

    db = open_shop_db(args)
    try:
        with SyncClient(db) as client:
            link = client.owner_link()
    finally:
        db.dispose()
    if not args.no_qr:
        code = qrcode.QRCode(border=2)
        code.add_data(link.url)
        code.print_ascii(invert=True)
    print(link.url)
    print(
        _("Scan it with the owner's phone. It works once, until {when}.").format(
            when=fmt.datetime(local(link.expires_at))
        )
    )
    return EXIT_OK


def run_web_sessions(args: argparse.Namespace) -> int:
    from pos.ledger.base import fmt
    from pos.ledger.base.clock import local
    from pos.sync.client import SyncClient

    db = open_shop_db(args)
    try:
        with SyncClient(db) as client:
            if args.end:
                client.end_web_session(args.end)
                print(_("The web session {id} has ended.").format(id=args.end))
                return EXIT_OK
            found = client.web_sessions()
    finally:
        db.dispose()
    if args.json:
        print_json(
            [
                dataclasses.asdict(s)
                | {"created_at": s.created_at.isoformat(), "last_seen_at": s.last_seen_at.isoformat()}
                for s in found
            ]
        )
        return EXIT_OK
    if not found:
        print(_("No web session can read this shop."))
    for s in found:
        print(
            _("{id}  signed in {when}, last used {last}: {agent}").format(
                id=s.session_id,
                when=fmt.datetime(local(s.created_at)),
                last=fmt.datetime(local(s.last_seen_at)),
                agent=s.agent or "?",
            )
        )
    return EXIT_OK
