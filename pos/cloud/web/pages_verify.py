"""The bank's verification page: a loan pack's code, typed or scanned, shows what the sync service witnessed.

No sign-in: the code printed on the pack is what the bank officer was handed. The page shows the shop, the
period, when the pack was made and witnessed, since when the shop has synced, the key figures and the statements'
lines exactly as the service signed them (so the officer compares them with the paper), and whether the shop's
books at the service still agree with the pack, including any time a counter's history stopped extending what
the service had witnessed. `/v/CODE`, the address in the pack's QR code, leads here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, Final

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse

from pos.cloud import statements
from pos.cloud.web.site import Site
from pos.cloud.witness import REASONS
from pos.i18n import N_
from pos.ledger.base import attest

KEY_FIGURES: Final = (
    ("revenue", N_("Revenue (net sales)")),
    ("gross_profit", N_("Gross profit")),
    ("net_profit", N_("Net profit")),
    ("total_assets", N_("Total assets")),
    ("cash", N_("Cash and cash equivalents")),
    ("stock", N_("Inventory")),
    ("kasbon", N_("Kasbon receivables")),
)
SECTIONS: Final = (("position", N_("Statement of financial position")), ("pnl", N_("Income statement")))


@dataclass(frozen=True, slots=True)
class Shown:
    """A witnessed pack as the page shows it."""

    code: str
    found: statements.Found
    body: dict[str, Any]
    made_at: dt.datetime
    witnessed_at: dt.datetime
    syncing_since: dt.datetime | None
    period: tuple[dt.date, dt.date]
    books_start: dt.date | None
    statements: list[tuple[str, list[list[Any]]]]  # (section's title, its printed lines)

    @property
    def key_figures(self) -> list[tuple[str, int]]:
        figures = self.body.get("key_figures", {})
        return [(label, int(figures[key])) for key, label in KEY_FIGURES if key in figures]


def _when(text: Any) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(text))
    except ValueError:
        return None


def _day(text: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        return None


def shown(code: str, found: statements.Found) -> Shown:
    body = attest.decode(found.token).body
    lines = [line for line in found.figures if isinstance(line, list) and len(line) >= 4]
    witness = body.get("witness", {})
    start, end = (_day(x) for x in body["period"])
    assert start is not None and end is not None  # the service checked the period before it signed
    return Shown(
        code,
        found,
        body,
        _when(body.get("made_at")) or found.witnessed_at,
        found.witnessed_at,
        _when(witness.get("syncing_since")),
        (start, end),
        _day(body.get("books_start")),
        # The statements' rows (each has its caption); the margin line beside them is a ratio, not rupiah.
        [(title, [line for line in lines if line[0] == section and line[2]]) for section, title in SECTIONS],
    )


def router(site: Site) -> APIRouter:
    r = APIRouter(include_in_schema=False)

    @r.get("/v/{code}")
    def short(code: str) -> Response:
        # The address in a pack's QR code: short, so the code stays easy for a phone to read off paper.
        return RedirectResponse(f"/web/verify?code={code[:40]}", status_code=303)

    @r.get("/web/verify")
    def verify(request: Request, code: Annotated[str, Query(max_length=40)] = "") -> Response:
        if not code.strip():
            return site.show_public(request, "verify.html", code="", shown=None, problem="", reasons=REASONS)
        normal = attest.normal_code(code)
        found = statements.lookup(site.db, normal) if normal else None
        if found is None or normal is None:
            # A code that names nothing is an answer like any other (the API says 404; the page says why).
            problem = "unknown" if normal else "malformed"
            return site.show_public(
                request, "verify.html", code=code.strip(), shown=None, problem=problem, reasons=REASONS
            )
        return site.show_public(
            request, "verify.html", code=normal, shown=shown(normal, found), problem="", reasons=REASONS
        )

    return r
