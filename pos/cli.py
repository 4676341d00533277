"""The `laci` command: global options, then a subcommand; with none, the GUI starts."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from pos import __version__, i18n
from pos.commands import backoffice, books, cloud, people, printing, qris, reports, sync
from pos.commands.common import EXIT_BAD_INPUT, fail
from pos.i18n import _
from pos.ledger.errors import LedgerError

COMMAND_MODULES = (books, people, qris, printing, sync, cloud, reports, backoffice)


def _peek_language(argv: Sequence[str]) -> None:
    # Help texts are translated while the parser is built, so the language must be known before parsing.
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            i18n.set_language(argv[i + 1])
        elif arg.startswith("--lang="):
            i18n.set_language(arg.split("=", 1)[1])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="laci", description=_("Laci: point of sale and books for small shops."))
    parser.add_argument("--version", action="version", version=f"laci {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=_("the shop's data folder (default: LACI_HOME or the user's data folder)"),
    )
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=_("language of messages: id (default) or en"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    _peek_language(args_list)
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.command is None:
        from pos.ui.app import run_gui  # Qt is loaded only when the window is wanted.

        return run_gui(args)
    try:
        return int(args.handler(args))
    except LedgerError as err:
        return fail(str(err), EXIT_BAD_INPUT)
