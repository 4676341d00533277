"""The `laci` command: global options, then a subcommand; with none, the GUI starts."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from pos import __version__, i18n
from pos.commands import (
    backoffice,
    books,
    catalogue,
    channels,
    cloud,
    journal,
    opening,
    orders,
    outreach,
    people,
    printing,
    qris,
    reports,
    safety,
    sync,
    tax,
)
from pos.commands.common import EXIT_BAD_INPUT, EXIT_PROBLEM, fail
from pos.console import utf8_streams
from pos.i18n import _
from pos.ledger.base.errors import LedgerError
from pos.ledger.base.files import plain_os_error
from pos.ledger.shop.opening import DamagedDatabase
from pos.ledger.shop.recovery import plan_recovery
from pos.paths import data_dir, database_path

COMMAND_MODULES = (
    books,
    people,
    qris,
    printing,
    sync,
    cloud,
    reports,
    tax,
    channels,
    orders,
    outreach,
    backoffice,
    opening,
    journal,
    catalogue,
    safety,
)


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
    utf8_streams()
    args_list = list(sys.argv[1:] if argv is None else argv)
    _peek_language(args_list)
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.command is None:
        from pos.ui.app import run_gui  # Qt is loaded only when the window is wanted.

        return run_gui(args)
    try:
        return int(args.handler(args))
    except DamagedDatabase as err:
        return _damaged(args, err)
    except LedgerError as err:
        return fail(str(err), EXIT_BAD_INPUT)
    except OSError as err:  # a file open in another program, a drive that is gone: said plainly, no traceback
        return fail(str(plain_os_error(err)), EXIT_PROBLEM)


def _damaged(args: argparse.Namespace, err: DamagedDatabase) -> int:
    """Say what is wrong and which backup would bring the shop back; never touch the damaged file.

    The backup is looked for as the window looks for it (`plan_recovery`): in the owner's backup folder, as far
    as the damaged file still names it, and beside the database.
    """
    print(_("Error: {message}").format(message=err), file=sys.stderr)
    plan = plan_recovery(database_path(data_dir(args.data_dir)))
    if plan.backup is not None:
        print(
            _("The newest good backup is {file}. Restore it with: laci restore {file}").format(file=plan.backup.path),
            file=sys.stderr,
        )
    else:
        print(
            _("No good backup was found in {folders}; restore one you keep elsewhere with: laci restore FILE").format(
                folders=", ".join(map(str, plan.searched))
            ),
            file=sys.stderr,
        )
    return EXIT_PROBLEM
