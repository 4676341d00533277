"""`laci cloud ...`: run the sync service and manage its shops (for whoever hosts the cloud side)."""

from __future__ import annotations

import argparse
import ipaddress
import os
from typing import Any

from pos.commands.common import EXIT_BAD_INPUT, EXIT_OK, fail
from pos.i18n import _


def register(sub: Any) -> None:
    cloud = sub.add_parser("cloud", help=_("run the sync service and manage its shops"))
    cloud_sub = cloud.add_subparsers(dest="cloud_command", metavar="ACTION", required=True)

    def database(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--database-url",
            default=os.environ.get("LACI_CLOUD_DATABASE_URL"),
            help=_("PostgreSQL URL (or set LACI_CLOUD_DATABASE_URL)"),
        )

    serve = cloud_sub.add_parser("serve", help=_("serve the sync API"))
    database(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8740)
    serve.add_argument("--tls-cert", help=_("certificate file, to serve HTTPS"))
    serve.add_argument("--tls-key", help=_("private key of the certificate"))
    serve.add_argument("--workers", type=int, default=1, help=_("worker processes to run"))
    serve.add_argument(
        "--enrol-per-minute",
        type=int,
        metavar="N",
        help=_("enrolments allowed per minute from one address (raise it when many devices enrol from behind one)"),
    )
    serve.add_argument(
        "--plain-http",
        action="store_true",
        help=_("serve plain HTTP on an address other than loopback (only behind a proxy that adds TLS)"),
    )
    serve.set_defaults(handler=run_serve)
    create = cloud_sub.add_parser("create-shop", help=_("add a shop and print the owner's one-time enrolment code"))
    database(create)
    create.add_argument("name")
    create.set_defaults(handler=run_create_shop)
    mig = cloud_sub.add_parser("migrate", help=_("bring the cloud database schema up to date"))
    database(mig)
    mig.set_defaults(handler=run_migrate)
    rebuild = cloud_sub.add_parser(
        "rebuild-read-models", help=_("build the owner's web figures again from the event log, for one shop or all")
    )
    database(rebuild)
    rebuild.add_argument("--shop", metavar="ID", help=_("only this shop (its id); all shops when left out"))
    rebuild.set_defaults(handler=run_rebuild)


def _url(args: argparse.Namespace) -> str | None:
    return args.database_url or None


def run_migrate(args: argparse.Namespace) -> int:
    from pos.cloud.db import migrate

    url = _url(args)
    if not url:
        return fail(_("Give the database with --database-url."), EXIT_BAD_INPUT)
    migrate(url)
    print(_("The cloud database is up to date."))
    return EXIT_OK


def run_create_shop(args: argparse.Namespace) -> int:
    from pos.cloud.auth import create_shop
    from pos.cloud.db import CloudDB, migrate

    url = _url(args)
    if not url:
        return fail(_("Give the database with --database-url."), EXIT_BAD_INPUT)
    if not args.name.strip():
        return fail(_("The shop needs a name."), EXIT_BAD_INPUT)
    migrate(url)
    db = CloudDB(url, max_size=1)
    try:
        shop_id, code = create_shop(db, args.name)
    finally:
        db.close()
    print(_("Shop {name} created ({shop}).").format(name=args.name, shop=shop_id))
    print(_("Owner's one-time enrolment code: {code}").format(code=code))
    return EXIT_OK


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from pos.cloud.app import DATABASE_ENV, ENROL_RATE_ENV
    from pos.cloud.db import migrate

    url = _url(args)
    if not url:
        return fail(_("Give the database with --database-url."), EXIT_BAD_INPUT)
    if bool(args.tls_cert) != bool(args.tls_key):
        return fail(_("HTTPS needs both --tls-cert and --tls-key."), EXIT_BAD_INPUT)
    if not args.tls_cert and not args.plain_http and not is_loopback(args.host):
        # Device tokens travel in every request: off this machine they go over TLS, or not at all.
        return fail(
            _(
                "Serving on {host} needs HTTPS: give --tls-cert and --tls-key, or --plain-http when a proxy in "
                "front of the service adds TLS."
            ).format(host=args.host),
            EXIT_BAD_INPUT,
        )
    if args.workers < 1:
        return fail(_("--workers needs at least 1."), EXIT_BAD_INPUT)
    if args.enrol_per_minute is not None and args.enrol_per_minute < 1:
        return fail(_("--enrol-per-minute needs at least 1."), EXIT_BAD_INPUT)
    migrate(url)
    os.environ[DATABASE_ENV] = url  # each worker process builds its app from it
    if args.enrol_per_minute is not None:
        os.environ[ENROL_RATE_ENV] = str(args.enrol_per_minute)
    uvicorn.run(
        "pos.cloud.app:from_environment",
        factory=True,
        host=args.host,
        port=args.port,
        ssl_certfile=args.tls_cert,
        ssl_keyfile=args.tls_key,
        log_level="warning",
        access_log=False,
        workers=args.workers,
    )
    return EXIT_OK


def run_rebuild(args: argparse.Namespace) -> int:
    import uuid

    from pos.cloud.db import CloudDB, migrate
    from pos.cloud.web import catchup

    url = _url(args)
    if not url:
        return fail(_("Give the database with --database-url."), EXIT_BAD_INPUT)
    try:
        only = uuid.UUID(args.shop) if args.shop else None
    except ValueError:
        return fail(_("'{shop}' is not a shop id.").format(shop=args.shop), EXIT_BAD_INPUT)
    migrate(url)
    db = CloudDB(url, max_size=1)
    try:
        shops = [only] if only else catchup.shop_ids(db)
        for shop_id in shops:
            events = catchup.rebuild(db, shop_id)
            print(_("Shop {shop}: read models built again from {n} event(s).").format(shop=shop_id, n=events))
    finally:
        db.close()
    return EXIT_OK
