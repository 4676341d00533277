"""What the owner's page handlers share: the database, the signed-in session, the page's language and the parts
of the layout every page has (the outlet chooser, the navigation, how fresh the figures are)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from fastapi import Request
from fastapi.responses import HTMLResponse

from pos.cloud import witness
from pos.cloud.db import CloudDB
from pos.cloud.web import render, sessions, shop_data, views
from pos.cloud.web.guard import PRE_COOKIE, SESSION_COOKIE, SignInNeeded, cookie, pre_token, shops_in_view
from pos.i18n import N_
from pos.ledger.base.clock import business_date

NAV: Final = (
    ("today", N_("Today")),
    ("period", N_("Period")),
    ("shifts", N_("Shifts")),
    ("stock", N_("Stock")),
    ("kasbon", "Kasbon"),
    ("counters", N_("Counters")),
)


@dataclass(frozen=True, slots=True)
class Viewer:
    """A signed-in owner looking at some of their outlets."""

    session: sessions.WebSession
    chosen: str  # "all" or the outlet's id in hex
    outlets: list[shop_data.Outlet]  # in view
    every: list[shop_data.Outlet]  # all of the owner's, for the chooser
    page: render.Page
    now: dt.datetime
    fresh: tuple[views.Fresh, ...]  # how fresh the outlets' figures are (brought up to the last sync first)
    departures: tuple[tuple[shop_data.Outlet, witness.Flag], ...] = ()  # counters whose history departed

    @property
    def today(self) -> dt.date:
        return business_date(self.now, self.page.timezone)

    @property
    def shop_ids(self) -> list[uuid.UUID]:
        return [o.shop_id for o in self.outlets]


class Site:
    def __init__(self, get_db: Callable[[], CloudDB]) -> None:
        self.get_db = get_db

    @property
    def db(self) -> CloudDB:
        return self.get_db()

    def session(self, request: Request) -> sessions.WebSession | None:
        return sessions.current(self.db, request.cookies.get(SESSION_COOKIE))

    def page(self, request: Request, timezone: str = "Asia/Jakarta") -> render.Page:
        return render.Page(render.language(request.cookies), timezone)

    def viewer(self, request: Request, shop: str | None) -> Viewer:
        session = self.session(request)
        if session is None:
            raise SignInNeeded
        chosen, ids = shops_in_view(session, shop)
        every = views.outlets_of(self.db, session.shops)
        outlets = [o for o in every if o.shop_id in ids]
        timezone = outlets[0].timezone if outlets else "Asia/Jakarta"
        now = dt.datetime.now(dt.UTC)
        fresh = views.freshness(self.db, outlets, now)
        departed = tuple((o, f) for o in outlets for f in witness.flags(self.db, o.shop_id))
        return Viewer(session, chosen, outlets, every, self.page(request, timezone), now, fresh, departed)

    def show(
        self, request: Request, viewer: Viewer, name: str, current: str, status: int = 200, **context: Any
    ) -> HTMLResponse:
        """A page of the signed-in owner, with the layout's parts."""
        return render.render(
            name,
            viewer.page,
            status,
            viewer=viewer,
            nav=NAV,
            current=current,
            fresh=viewer.fresh,
            reasons=witness.REASONS,
            csrf=viewer.session.csrf,
            path=request.url.path,
            query=request.url.query,
            **context,
        )

    def show_public(self, request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        """A page before sign-in; its forms carry the pre-sign-in CSRF token, set as a cookie with the page."""
        token = pre_token(request)
        response = render.render(
            name,
            self.page(request),
            status,
            viewer=None,
            csrf=token,
            path=request.url.path,
            query=request.url.query,
            **context,
        )
        cookie(response, PRE_COOKIE, token)
        return response
