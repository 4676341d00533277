"""pytest plugin: a run that skipped a test has failed.

A skipped test proves nothing, so here it counts as a failure: the run ends with
exit status 1 when any test (or a whole module) was skipped, or was marked xfail
without ``strict=True`` (a non-strict xfail passes whether or not the bug is
still there). A strict xfail is fine: it fails the run once the bug is fixed.

scripts/test loads it with ``-p strict_run``; ``pytest_plugins = ["strict_run"]``
in tests/conftest.py loads it for a plain ``pytest`` run too (tests/ is on
``pythonpath``). Loaded both ways, it still counts once.
"""

from __future__ import annotations

from collections.abc import Generator

import pytest

_NAME = "laci-strict-run"


def _reason(report: pytest.TestReport | pytest.CollectReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:  # (path, lineno, "Skipped: why")
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr) if longrepr else ""


def _strict_xfail(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("xfail")
    if marker is None:  # pytest.xfail() called inside the test: never strict
        return False
    return bool(marker.kwargs.get("strict", item.config.getini("xfail_strict")))


class StrictRun:
    def __init__(self) -> None:
        self.offenders: list[str] = []

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.skipped:  # a whole module skipped while collecting, or an optional import that failed
            self.offenders.append(f"{report.nodeid}: skipped while collecting: {_reason(report)}")

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        wasxfail = getattr(report, "wasxfail", None)
        if wasxfail is not None:
            if not report.failed and not _strict_xfail(item):
                outcome = "xfailed" if report.skipped else "xpassed"
                self.offenders.append(f"{item.nodeid}: {outcome} without strict=True: {wasxfail}")
        elif report.skipped:
            self.offenders.append(f"{item.nodeid}: skipped: {_reason(report)}")
        return report

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.offenders and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if not self.offenders:
            return
        count = len(self.offenders)
        terminalreporter.section("strict run", sep="=", red=True, bold=True)
        terminalreporter.line(
            f"{count} test{'s were' if count != 1 else ' was'} skipped or xfailed without "
            "strict=True; a skipped test is a failure here:",
            red=True,
        )
        for line in self.offenders:
            terminalreporter.line(f"  {line}")
        terminalreporter.line(
            "Install what the test needs (scripts/_bootstrap.sh), fix or delete the test, "
            "or mark a known bug with @pytest.mark.xfail(strict=True)."
        )


def pytest_configure(config: pytest.Config) -> None:
    # Register once, even if this module is loaded twice under different names.
    if not config.pluginmanager.has_plugin(_NAME):
        config.pluginmanager.register(StrictRun(), _NAME)
