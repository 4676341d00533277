"""What every subcommand shares: opening the shop's database from the global options, printing results."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from pos.i18n import _
from pos.ledger.db import Database
from pos.ledger.shop import open_database
from pos.paths import data_dir, database_path

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_BAD_INPUT = 2


def open_shop_db(args: argparse.Namespace) -> Database:
    return open_database(database_path(data_dir(args.data_dir)))


def has_database(args: argparse.Namespace) -> bool:
    return database_path(data_dir(args.data_dir)).exists()


def fail(message: str, code: int = EXIT_BAD_INPUT) -> int:
    print(_("Error: {message}").format(message=message), file=sys.stderr)
    return code


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
