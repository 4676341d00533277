"""hledger, ledger and beancount computing the same balances as Laci, from our own exports of the same books.

`laci export hledger` writes a journal that hledger and ledger both read as it is; `laci export beancount` writes
the beancount file (with a balance assertion per account after the last day). Each tool runs as a new process,
as a person would run it, so its time includes reading the whole file: that is how these tools work. Every
answer is checked against Laci's own balances before its time counts.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pos.ledger.base.db import Database  # noqa: E402
from pos.ledger.books.balances import activity  # noqa: E402
from pos.ledger.books.exports import beancount_account, chart_accounts, export_ledger, hledger_account  # noqa: E402

TOOLS = ("hledger", "ledger", "beancount")
BEANCOUNT_SCRIPT = Path(__file__).resolve().parent / "beancount_balances.py"
_AMOUNT = re.compile(r"^\s*IDR (-?\d+)\s+(\S.*?)\s*$")


@dataclass(frozen=True, slots=True)
class Books:
    """Our exports of one shop's books, and Laci's balances to check the tools against."""

    journal: Path  # hledger format, read by hledger and ledger
    beancount: Path
    export_s: dict[str, float]
    size_mb: dict[str, float]
    names: dict[str, dict[str, str]]  # tool -> Laci account code -> the tool's account name
    kinds: dict[str, str]  # Laci account code -> kind (asset, revenue...)


@dataclass(frozen=True, slots=True)
class ToolRun:
    seconds: float
    peak_mb: float
    balances: dict[str, int]  # Laci account code -> debit less credit


def export_books(db: Database, folder: Path) -> Books:
    """Write the hledger and beancount exports of `db` into `folder`, timing each."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"hledger": folder / "books.journal", "beancount": folder / "books.beancount"}
    spent: dict[str, float] = {}
    with db.read() as s:
        for fmt, path in paths.items():
            started = time.perf_counter()
            export_ledger(s, fmt, path)
            spent[fmt] = time.perf_counter() - started
        chart = chart_accounts(s)
    names = {
        "hledger": {a.code: hledger_account(a) for a in chart},
        "ledger": {a.code: hledger_account(a) for a in chart},
        "beancount": {a.code: beancount_account(a) for a in chart},
    }
    return Books(
        paths["hledger"],
        paths["beancount"],
        spent,
        {fmt: path.stat().st_size / 1e6 for fmt, path in paths.items()},
        names,
        {a.code: a.kind for a in chart},
    )


def _run(command: Sequence[str]) -> tuple[float, float, str]:
    """Wall seconds, peak resident MB and standard output of one process.

    The peak comes from GNU time, which starts the tool from its own small process: a child forked from this
    (large) Python process would count this process's memory as its own.
    """
    timer = shutil.which("time") or "/usr/bin/time"
    measured = Path(timer).exists()
    full = [timer, "-f", "%M", *command] if measured else list(command)
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        done = subprocess.run(full, stdout=out, stderr=err, text=True, check=False)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        errors = err.read()
        if done.returncode != 0:
            raise RuntimeError(f"{command[0]} failed ({done.returncode}): {errors[-2000:]}")
        last = errors.strip().splitlines()[-1:] if measured else []
        peak = int(last[0]) / 1024 if last and last[0].isdigit() else 0.0
        return seconds, peak, out.read()


def command(tool: str, books: Books, end: dt.date, begin: dt.date | None, profit_only: bool) -> list[str]:
    """The tool's own way of asking for balances on the days `begin` (or the start) to `end` inclusive."""
    after = (end + dt.timedelta(days=1)).isoformat()  # each tool's end date is the first day left out
    if tool == "beancount":
        cmd = [sys.executable, str(BEANCOUNT_SCRIPT), str(books.beancount), "--end", after]
        cmd += ["--begin", begin.isoformat()] if begin else []
        return cmd + (["--accounts", "Income", "Expenses"] if profit_only else [])
    program = shutil.which(tool) or tool
    cmd = [program, "-f", str(books.journal), "balance", "--flat", "--no-total"]
    cmd += ["-e", after] + (["-b", begin.isoformat()] if begin else [])
    return cmd + (["Pendapatan", "Beban"] if profit_only else [])


def _parse(tool: str, books: Books, output: str) -> dict[str, int]:
    by_name = {name: code for code, name in books.names[tool].items()}
    if tool == "beancount":
        found = {str(k): int(v) for k, v in json.loads(output).items()}
    else:
        found = {}
        for line in output.splitlines():
            match = _AMOUNT.match(line)
            if match:
                found[match[2]] = int(match[1])
    unknown = set(found) - set(by_name)
    if unknown:
        raise RuntimeError(f"{tool} named accounts the chart does not have: {sorted(unknown)[:5]}")
    return {by_name[name]: amount for name, amount in found.items() if amount}


def run_tool(
    tool: str, books: Books, end: dt.date, begin: dt.date | None = None, *, profit_only: bool = False
) -> ToolRun:
    seconds, peak, output = _run(command(tool, books, end, begin, profit_only))
    return ToolRun(seconds, peak, _parse(tool, books, output))


def laci_balances(
    db: Database, end: dt.date, begin: dt.date | None = None, *, profit_only: bool = False
) -> dict[str, int]:
    """Laci's own debit-less-credit per account over the same days, to check each tool's answer against."""
    with db.read() as s:
        rows = activity(s, begin, end)
    return {
        a.code: a.debit - a.credit
        for a in rows
        if a.debit != a.credit and (not profit_only or a.kind in ("revenue", "expense"))
    }


def available() -> dict[str, bool]:
    """Which of the tools this machine has (beancount: the Python package)."""
    found = {tool: shutil.which(tool) is not None for tool in ("hledger", "ledger")}
    try:
        import beancount  # noqa: F401

        found["beancount"] = True
    except ImportError:
        found["beancount"] = False
    return found


def versions() -> dict[str, str]:
    out: dict[str, str] = {}
    for tool in ("hledger", "ledger"):
        if shutil.which(tool):
            text = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False).stdout
            out[tool] = text.splitlines()[0].strip() if text else "?"
    try:
        import beancount

        out["beancount"] = f"beancount {beancount.__version__}"
    except ImportError:
        pass
    return out
