"""`laci statement` and `laci verify`: the loan pack made, sealed by a signed code, and that code checked.

A pack covers closed days only (the last whole month unless told otherwise), with PPh Final booked for every month
that is over (offered in one step). An enrolled shop has the sync service witness and sign the pack's statement,
after pushing and pulling everything; otherwise, or with `--own-key`, the shop's own key signs it. `laci verify`
checks a pack's PDF, its signed statement or its code: the signature against the service's published key (kept
from the last sync, or given with `--key`), the figures against the digest it signs, and, on the shop's own
books, whether they still agree with it.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from pos import i18n
from pos.commands.common import EXIT_OK, EXIT_PROBLEM, has_database, open_shop_db, print_json
from pos.i18n import N_, _
from pos.ledger.base import attest, fmt
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.errors import Conflict, InvalidInput, NotFound
from pos.ledger.base.period import Period, parse_date
from pos.ledger.books import witnessed
from pos.ledger.replication import sync_state
from pos.ledger.reports import pack_seal
from pos.ledger.reports.pack import check_period, default_period
from pos.ledger.reports.pack_figures import KEY_FIGURES
from pos.ledger.reports.pph_booking import book_months, unbooked_months
from pos.ledger.shop import settings

KEY_NAMES = {
    "revenue": N_("Revenue (net sales)"),
    "gross_profit": N_("Gross profit"),
    "net_profit": N_("Net profit"),
    "total_assets": N_("Total assets"),
    "cash": N_("Cash and cash equivalents"),
    "stock": N_("Inventory"),
    "kasbon": N_("Kasbon receivables"),
}


def register(sub: Any) -> None:
    statement = sub.add_parser("statement", help=_("make the PDF loan pack: SAK EMKM statements with notes"))
    statement.add_argument(
        "--from", dest="start", metavar="DATE", help=_("first day, YYYY-MM-DD (default: last month)")
    )
    statement.add_argument("--to", dest="end", metavar="DATE", help=_("last day, YYYY-MM-DD; before today"))
    statement.add_argument("--out", required=True, metavar="PATH", help=_("where to write the PDF"))
    statement.add_argument(
        "--lang", dest="pack_lang", choices=i18n.LANGUAGES, help=_("language of the pack: id (default) or en")
    )
    statement.add_argument(
        "--book-pph", action="store_true", help=_("book PPh Final of every month that is over first, one entry a month")
    )
    statement.add_argument(
        "--own-key", action="store_true", help=_("sign with the shop's own key, without the sync service's witness")
    )
    statement.set_defaults(handler=run_statement)

    verify = sub.add_parser("verify", help=_("check a loan pack: its PDF, its signed statement or its code"))
    verify.add_argument("what", metavar="PDF|CODE", help=_("the pack's PDF file, or the code printed on it"))
    verify.add_argument("--key", metavar="KEY", help=_("the sync service's published key (id:key), if not enrolled"))
    verify.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    verify.set_defaults(handler=run_verify)


def _period(args: argparse.Namespace, today: dt.date) -> Period:
    if not args.start and not args.end:
        return default_period(today)
    if not (args.start and args.end):
        raise InvalidInput(N_("Give both --from and --to, or neither (the last whole month)."))
    return Period(parse_date(args.start), parse_date(args.end))


def run_statement(args: argparse.Namespace) -> int:
    # ReportLab, and httpx for an enrolled shop, are loaded only to make a pack.
    from pos.printing.statements.pack import render_loan_pack
    from pos.sync.pack_sealing import seal_pack

    lang = args.pack_lang or args.lang or i18n.language()
    db = open_shop_db(args)
    try:
        now = utc_now()
        with db.write() as session:
            today = business_date(now, settings.load(session).timezone)
            period = _period(args, today)
            check_period(period, today)
            waiting = unbooked_months(session, period.end, today)
            if waiting and not args.book_pph:
                months = ", ".join(f"{m.month:%m/%Y} ({fmt.rupiah(m.unbooked)})" for m in waiting)
                raise Conflict(
                    N_(
                        "PPh Final of {n} month(s) is not booked yet: {months}. Run again with --book-pph to book "
                        "them first (one entry a month), so the pack and the journal's exports agree."
                    ),
                    n=len(waiting),
                    months=months,
                )
            if waiting:
                booked = book_months(session, waiting, at=now)
                print(_("PPh Final booked for {n} month(s).").format(n=booked))
            enrolled = sync_state.enrolment(session) is not None
        witnessed = enrolled and not args.own_key
        sealed = seal_pack(db, period, lang, now, made_on=today, witnessed=witnessed, fall_back=False).sealed
    finally:
        db.dispose()
    out = Path(args.out)
    pages = render_loan_pack(sealed, out)
    print(
        _("Loan pack for {start} to {end} written to {path} ({pages} pages).").format(
            start=period.start.isoformat(), end=period.end.isoformat(), path=out, pages=pages
        )
    )
    print(_("Verification code: {code}").format(code=sealed.code))
    if sealed.witnessed:
        print(_("Witnessed and signed by the sync service; the bank checks it at {page}.").format(page=sealed.page_url))
    else:
        print(_("Signed with this shop's own key: no outside service witnessed the books behind it."))
    return EXIT_OK


def _parse_key(text: str) -> dict[str, bytes]:
    kid, _sep, key = text.partition(":")
    public = attest.decode_key(key or kid)
    return {attest.key_id(public): public}


def _source(args: argparse.Namespace, db: Any) -> tuple[str, list[Any] | None]:
    """The token and figures to check: from a PDF, a token, or a code this counter made."""
    from pos.printing.statements import embedded  # reads the file's bytes; ReportLab is not loaded

    what: str = args.what
    path = Path(what)
    if path.suffix.lower() == ".pdf" or path.is_file():
        try:
            found = embedded.read(path.read_bytes())
        except OSError as err:
            raise InvalidInput(N_("'{path}' cannot be read: {detail}"), path=what, detail=err.strerror or "") from None
        if found is None:
            raise InvalidInput(N_("'{path}' carries no signed statement from Laci."), path=what)
        return found
    code = attest.normal_code(what)
    if code is None:
        return attest.decode(what).token, None
    if db is not None:
        with db.read() as session:
            kept = pack_seal.kept(session, code)
        if kept is not None:
            return kept
    raise NotFound(
        N_(
            "No pack with code {code} was made on this computer: give its PDF file, or look the code up on the page "
            "printed beside it."
        ),
        code=code,
    )


def run_verify(args: argparse.Namespace) -> int:
    db = open_shop_db(args) if has_database(args) else None
    try:
        token, lines = _source(args, db)
        given = _parse_key(args.key) if args.key else {}
        if db is not None:
            with db.read() as session:
                keys = {**witnessed.service_keys(session), **given}
                result = pack_seal.check_statement(session, token, lines, keys)
        else:
            result = pack_seal.check_statement(None, token, lines, given)
    finally:
        if db is not None:
            db.dispose()
    body = result.verdict.signed.body
    # A pack that fails ends 1, a finding reported, not 5: a forged or altered document says nothing about these
    # books, and entries booked into its period after it was made may be honest corrections. `laci check` is
    # what judges the books themselves.
    if args.json:
        print_json(
            {
                "code": result.verdict.signed.code,
                "shop": body.get("shop"),
                "period": body.get("period"),
                "made_at": body.get("made_at"),
                "witness": body.get("witness"),
                "key_figures": body.get("key_figures"),
                "signature_ok": result.verdict.signature_ok,
                "figures_ok": result.verdict.figures_ok,
                "books_agree": result.agreement.ok if result.agreement else None,
                "ok": result.ok,
            }
        )
        return EXIT_OK if result.ok else EXIT_PROBLEM
    _print_result(result, body)
    return EXIT_OK if result.ok else EXIT_PROBLEM


def _print_result(result: pack_seal.StatementCheck, body: dict[str, Any]) -> None:
    verdict = result.verdict
    shop = body.get("shop") or {}
    period = body.get("period") or ["", ""]
    witness = body.get("witness") or {}
    print(_("Code: {code}").format(code=verdict.signed.code))
    print(_("Shop: {name}").format(name=shop.get("name", "")))
    print(_("Period: {start} to {end}").format(start=period[0], end=period[1]))
    print(_("Made: {when}").format(when=body.get("made_at", "")))
    figures = body.get("key_figures") or {}
    for key in KEY_FIGURES:
        if key in figures:
            print(f"  {_(KEY_NAMES[key])}: {fmt.rupiah(int(figures[key]))}")
    if not verdict.signature_ok:
        if verdict.by == "service":
            print(
                _(
                    "The signature does not hold against the service's key {key} (or that key is not known here: "
                    "give it with --key). Do not trust these figures."
                ).format(key=verdict.key)
            )
        else:
            print(_("The signature does not hold: the statement was changed after it was signed."))
    elif verdict.by == "service":
        print(
            _("Witnessed and signed by the sync service on {when} (key {key}).").format(
                when=witness.get("at", ""), key=verdict.key
            )
        )
    else:
        print(
            _(
                "Signed with the shop's own key {key}: the figures were not changed since; no outside service "
                "witnessed the books behind them."
            ).format(key=verdict.key)
        )
    if verdict.figures_ok is False:
        print(_("The figures carried with it are not the ones it signed: a figure was changed."))
    elif verdict.figures_ok:
        print(_("Every figure of the pack is the one it signed."))
    agreement = result.agreement
    if agreement is not None:
        if agreement.ok:
            print(_("These books still agree with the pack."))
        if agreement.missing_heads:
            print(
                _(
                    "The journal the pack was made from is no longer in these books (counter {devices}): it was "
                    "rewritten."
                ).format(devices=", ".join(agreement.missing_heads))
            )
        if agreement.later_entries:
            print(
                _(
                    "{n} entries dated in the pack's period (or before) were booked after it was made: its figures "
                    "no longer match the books."
                ).format(n=agreement.later_entries)
            )
