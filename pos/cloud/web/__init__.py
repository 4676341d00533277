"""The owner's web: pages on the phone served by the sync service itself, over read models of the shops' facts.

`install` adds the pages, their static files, the counters' API for links and sessions, and the security
headers to the service's FastAPI application; `Worker` keeps the read models caught up from the event log.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from pos.cloud.db import CloudDB
from pos.cloud.web import api, guard, pages_figures, pages_signin, pages_verify, render
from pos.cloud.web.catchup import Worker
from pos.cloud.web.site import Site
from pos.i18n import N_

__all__ = ["Worker", "install"]


def install(app: FastAPI, get_db: Callable[[], CloudDB]) -> None:
    site = Site(get_db)
    app.include_router(api.router(get_db))
    app.include_router(pages_signin.router(site))
    app.include_router(pages_figures.router(site))
    app.include_router(pages_verify.router(site))
    app.mount("/web/static", StaticFiles(directory=render.STATIC), name="web-static")
    app.add_middleware(api.SeenRecorder, get_db=get_db)
    app.add_middleware(guard.SecurityHeaders)

    @app.exception_handler(guard.SignInNeeded)
    def sign_in(_request: Request, _exc: guard.SignInNeeded) -> Response:
        return RedirectResponse("/web/signin", status_code=303)

    @app.exception_handler(guard.Missing)
    def missing(request: Request, _exc: guard.Missing) -> Response:
        return site.show_public(request, "problem.html", 404, message=N_("This page is not here, or not yours to see."))

    @app.exception_handler(guard.Refused)
    def refused(request: Request, _exc: guard.Refused) -> Response:
        return site.show_public(
            request,
            "problem.html",
            403,
            message=N_("The form had expired or came from elsewhere. Open the page again."),
        )

    @app.exception_handler(pages_figures.BadInput)
    def bad_input(request: Request, exc: pages_figures.BadInput) -> Response:
        return site.show_public(request, "problem.html", 400, message=str(exc))
