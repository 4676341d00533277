"""The `laci` command: global options, then a subcommand; with none, the GUI starts."""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from collections.abc import Sequence
from types import ModuleType
from typing import Final

from pos import __version__, i18n
from pos.commands.common import EXIT_BUG, EXIT_DAMAGED, exit_code, exit_codes_help, fail, os_exit
from pos.console import utf8_streams
from pos.i18n import _
from pos.ledger.base.errors import LedgerError
from pos.ledger.base.files import plain_os_error
from pos.ledger.shop.opening import DamagedDatabase
from pos.ledger.shop.recovery import plan_recovery
from pos.paths import data_dir, database_path

# The modules of `pos.commands` in the order `laci --help` lists their commands.
COMMAND_MODULES: Final = (
    "books",
    "people",
    "qris",
    "printing",
    "sync",
    "cloud",
    "reports",
    "prices",
    "statements",
    "tax",
    "channels",
    "orders",
    "outreach",
    "backoffice",
    "addons",
    "recipes",
    "opening",
    "journal",
    "catalogue",
    "labels",
    "suppliers",
    "safety",
)
# Which module registers each command: `laci check` imports `books` alone, not the catalogue's PDF and picture
# code or the demo shop (a second saved, which a check or a verify would otherwise spend starting up).
# tests/cli checks this against what the modules register.
COMMANDS: Final = {
    "init": "books",
    "check": "books",
    "user": "people",
    "shift": "people",
    "qris": "qris",
    "print": "printing",
    "sync": "sync",
    "cloud": "cloud",
    "report": "reports",
    "export": "reports",
    "prices": "prices",
    "statement": "statements",
    "verify": "statements",
    "pph": "tax",
    "channel": "channels",
    "order": "orders",
    "outreach": "outreach",
    "products": "backoffice",
    "customers": "backoffice",
    "import": "backoffice",
    "demo": "backoffice",
    "addons": "addons",
    "recipe": "recipes",
    "produce": "recipes",
    "waste": "recipes",
    "opening": "opening",
    "journal": "journal",
    "catalogue": "catalogue",
    "labels": "labels",
    "supplier": "suppliers",
    "consignor": "suppliers",
    "stock": "suppliers",
    "backup": "safety",
    "restore": "safety",
}
_TAKES_VALUE: Final = ("--data-dir", "--lang")


def _command(argv: Sequence[str]) -> str | None:
    """The command named in `argv` (the first word that is not a global option or its value), if any."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _TAKES_VALUE:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def command_modules(argv: Sequence[str]) -> list[ModuleType]:
    """The command modules `argv` needs: the one of its command, or every one (for help, or a mistyped command,
    which argparse then names among the choices)."""
    name = _command(argv)
    if name is None and not {"-h", "--help"} & set(argv):
        return []  # no command: the window starts
    wanted = [COMMANDS[name]] if name in COMMANDS else COMMAND_MODULES
    # Imported here, not at the top: each brings its own libraries, and a command needs only its own.
    return [importlib.import_module(f"pos.commands.{module}") for module in wanted]


def _peek_language(argv: Sequence[str]) -> None:
    # Help texts are translated while the parser is built, so the language must be known before parsing.
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            i18n.set_language(argv[i + 1])
        elif arg.startswith("--lang="):
            i18n.set_language(arg.split("=", 1)[1])


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser for `argv` (every command when None)."""
    parser = argparse.ArgumentParser(
        prog="laci",
        description=_("Laci: point of sale and books for small shops."),
        epilog=exit_codes_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,  # the exit codes one a line
    )
    parser.add_argument("--version", action="version", version=f"laci {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=_("the shop's data folder (default: LACI_HOME or the user's data folder)"),
    )
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=_("language of messages: id (default) or en"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = command_modules(argv) if argv is not None else command_modules(["--help"])
    for module in modules:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    utf8_streams()
    args_list = list(sys.argv[1:] if argv is None else argv)
    _peek_language(args_list)
    parser = build_parser(args_list)
    args = parser.parse_args(args_list)
    if args.command is None:
        from pos.ui.app import run_gui  # Qt is loaded only when the window is wanted.

        return run_gui(args)
    try:
        return int(args.handler(args))
    except DamagedDatabase as err:
        return _damaged(args, err)
    except LedgerError as err:
        return fail(str(err), exit_code(err))
    except OSError as err:  # a file open in another program, a drive that is gone: said plainly, no traceback
        return fail(str(plain_os_error(err)), os_exit(err))
    except Exception:  # a fault in Laci: the traceback is what a report needs; the code tells it from the rest
        traceback.print_exc()
        return fail(_("This is a fault in Laci, not in what you did. Please report it with the text above."), EXIT_BUG)


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
    return EXIT_DAMAGED
