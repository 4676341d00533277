"""Debian's chromium, driven by Playwright for Python, for tests of the service's web pages.

The browser is the system's (`/usr/bin/chromium`, installed by the test bootstrap): Playwright never downloads
one here. Each page gets a fresh profile folder; console errors, failed requests and uncaught script errors are
collected so a test can require there were none. A missing browser is a failure, never a skip.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from playwright.sync_api import BrowserContext, Page, Playwright, sync_playwright

CHROMIUM: Final = Path("/usr/bin/chromium")
FLAGS: Final = (
    "--no-sandbox",  # the tests may run as root, where chromium's sandbox cannot start
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
PHONE: Final = {"width": 360, "height": 740}
DESKTOP: Final = {"width": 1366, "height": 768}


def chromium_path() -> Path:
    found = CHROMIUM if CHROMIUM.exists() else Path(shutil.which("chromium") or "")
    if not found.is_file():
        raise RuntimeError("Debian's chromium is not installed: ./scripts/test installs it (package 'chromium')")
    return found


@dataclass
class Tab:
    """A page in its own fresh profile, with what went wrong in it."""

    page: Page
    context: BrowserContext
    errors: list[str] = field(default_factory=list)

    def horizontal_overflow(self) -> int:
        """How many pixels the page is wider than the window (0: no sideways scrolling)."""
        width = self.page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
        return max(0, int(width) - int(self.page.evaluate("window.innerWidth")))

    def too_wide(self) -> list[str]:
        """The elements reaching past the window's right edge (tag, class and text), to say what overflows."""
        found: list[str] = self.page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
                .map(e => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}px: `
                    + (e.innerText || '').slice(0, 40))"""
        )
        return found


class Chromium:
    """One Playwright driver for the test session; `tab` opens a page in a fresh profile."""

    def __init__(self) -> None:
        self.executable = chromium_path()
        self.playwright: Playwright = sync_playwright().start()

    def close(self) -> None:
        self.playwright.stop()

    @contextmanager
    def tab(self, viewport: dict[str, int] = PHONE, locale: str = "id-ID") -> Iterator[Tab]:
        profile = Path(tempfile.mkdtemp(prefix="laci-chromium-"))
        context = self.playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(self.executable),
            headless=True,
            args=list(FLAGS),
            viewport=viewport,
            locale=locale,
            timezone_id="Asia/Jakarta",
        )
        page = context.pages[0] if context.pages else context.new_page()
        tab = Tab(page, context)
        page.on("console", lambda msg: tab.errors.append(f"console: {msg.text}") if msg.type == "error" else None)
        page.on("pageerror", lambda err: tab.errors.append(f"script: {err}"))
        page.on("requestfailed", lambda req: tab.errors.append(f"request failed: {req.url} {req.failure}"))
        try:
            yield tab
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)
