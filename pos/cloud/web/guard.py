"""The walls around every page: who is signed in, which outlets they may see, CSRF tokens on every form, and
the security headers on every answer under `/web`."""

from __future__ import annotations

import secrets
import uuid
from typing import Final
from urllib.parse import urlsplit

from fastapi import Request, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pos.cloud.web import render
from pos.cloud.web.sessions import WebSession

SESSION_COOKIE: Final = "__Host-laci_session"
PRE_COOKIE: Final = "__Host-laci_pre"  # the CSRF token of forms shown before anyone is signed in


class SignInNeeded(Exception):
    """No live session: the page sends the person to sign in."""


class Missing(Exception):
    """Nothing here for this session: an unknown page, or an outlet, counter or session that is not theirs."""


class Refused(Exception):
    """A form that cannot be taken: no or a wrong CSRF token, or sent from another site."""


def cookie(response: Response, name: str, value: str, max_age: int | None = None) -> None:
    # `__Host-` cookies must be Secure, for the whole site and without a Domain: no subdomain can set or read them.
    response.set_cookie(name, value, max_age=max_age, path="/", secure=True, httponly=True, samesite="lax")


def pre_token(request: Request) -> str:
    """The CSRF token of a form shown before sign-in: the one in the browser's cookie, or a new one."""
    return request.cookies.get(PRE_COOKIE) or secrets.token_urlsafe(24)


def same_origin(request: Request) -> bool:
    """A form sent from a page of this service: browsers say where a POST comes from in `Origin` (or, where a
    page's referrer policy hides it as "null", in `Sec-Fetch-Site`). A client that sends neither is no browser,
    and the CSRF token still has to match."""
    origin = request.headers.get("origin")
    site = request.headers.get("sec-fetch-site")
    if origin not in (None, "null"):
        return urlsplit(origin).netloc == request.headers.get("host", "") and site in (None, "same-origin")
    return site in (None, "same-origin")


def check_form(request: Request, sent: str | None, session: WebSession | None) -> None:
    """Refuse a form unless it came from this site with the right CSRF token (the session's, or the pre-sign-in
    cookie's when nobody is signed in)."""
    if not same_origin(request):
        raise Refused
    if session is not None:
        if not session.csrf_ok(sent):
            raise Refused
        return
    expected = request.cookies.get(PRE_COOKIE)
    if not expected or not sent or not secrets.compare_digest(expected, sent):
        raise Refused


def shops_in_view(session: WebSession, shop: str | None) -> tuple[str, list[uuid.UUID]]:
    """The outlets a page shows: all of the owner's ("all"), or the one named, which must be theirs."""
    if not shop or shop == "all":
        return "all", list(session.shops)
    try:
        wanted = uuid.UUID(shop)
    except ValueError:
        raise Missing from None
    if wanted not in session.shops:
        raise Missing  # another owner's shop looks exactly like one that does not exist
    return wanted.hex, [wanted]


class SecurityHeaders:
    """ASGI middleware: the security headers on every answer under /web (pages, redirects, refusals); static
    files may be cached. Plain ASGI, so the sync API's requests pay nothing for it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.page = [(k.lower().encode(), v.encode()) for k, v in render.HEADERS.items()]
        self.static = [(k, v) for k, v in self.page if k != b"cache-control"] + [
            (b"cache-control", b"public, max-age=86400")
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not path.startswith("/web"):
            await self.app(scope, receive, send)
            return
        extra = self.static if path.startswith("/web/static/") else self.page

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _v in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [(k, v) for k, v in extra if k not in names]
            await send(message)

        await self.app(scope, receive, with_headers)
