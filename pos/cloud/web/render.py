"""Rendering the owner's pages: Jinja2 templates in the person's language, and the headers every page carries.

Translation is per request (the language travels with the page, not the process), through the one catalogue
`pos.i18n`; money, quantities and dates are written by `pos.ledger.base.fmt` for that language. The Content Security
Policy allows nothing inline: styles and the little script are files the service itself serves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from pos import i18n
from pos.ledger.base import fmt
from pos.ledger.base.clock import local

HERE: Final = Path(__file__).resolve().parent
TEMPLATES: Final = HERE / "templates"
STATIC: Final = HERE / "static"
LANG_COOKIE: Final = "__Host-laci_lang"

CSP: Final = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'; connect-src 'self'"
)
HEADERS: Final = {
    "Content-Security-Policy": CSP,
    # A sign-in link's code never leaves for another site in a Referer (a WhatsApp link, say).
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",  # figures and sessions are not for shared caches or the back button's copy
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}

_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def language(cookies: Mapping[str, str]) -> str:
    lang = cookies.get(LANG_COOKIE, i18n.DEFAULT_LANGUAGE)
    return lang if lang in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


class Page:
    """What every template may use: the language's gettext and the formatting of money, dates and times."""

    def __init__(self, lang: str, timezone: str = "Asia/Jakarta") -> None:
        self.lang = lang
        self.timezone = timezone
        self.catalogue = i18n.catalogue(lang)

    def _(self, msgid: str) -> str:
        return self.catalogue.gettext(msgid)

    def rupiah(self, amount: int) -> str:
        return fmt.rupiah(amount, self.lang)

    def number(self, value: int) -> str:
        return fmt.number(value, self.lang)

    def qty(self, milli: int) -> str:
        return fmt.qty(milli, self.lang)

    def date(self, day: dt.date) -> str:
        return fmt.date(day, self.lang)

    def when(self, moment: dt.datetime | None, timezone: str | None = None) -> str:
        return "–" if moment is None else fmt.datetime(local(moment, timezone or self.timezone), self.lang)

    def time(self, moment: dt.datetime, timezone: str | None = None) -> str:
        return local(moment, timezone or self.timezone).strftime("%H.%M")

    def percent(self, bp: int | None) -> str:
        """A change against another day, signed: `+12,5%`, `-3%` (a dash: nothing to compare)."""
        return "–" if bp is None else fmt.percent(bp, self.lang, signed=True)

    def share(self, bp: int) -> str:
        """A share such as a margin: 23,5% (no sign unless negative)."""
        return fmt.percent(bp, self.lang)


def render(name: str, page: Page, status: int = 200, **context: Any) -> HTMLResponse:
    html = _env.get_template(name).render(page=page, _=page._, lang=page.lang, **context)
    return HTMLResponse(html, status_code=status)  # `guard.headers` adds the security headers
