"""Signing in and out of the owner's web: the one-time link from the owner's counter, the optional password, the
language, and the account page where the owner sees and ends their sessions."""

from __future__ import annotations

import uuid
from typing import Annotated, Final

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import RedirectResponse

from pos.cloud.web import limits, owners, sessions
from pos.cloud.web.guard import SESSION_COOKIE, Missing, check_form, cookie
from pos.cloud.web.render import LANG_COOKIE
from pos.cloud.web.site import Site
from pos.i18n import LANGUAGES

MAX_FIELD: Final = 300
Text = Annotated[str, Form(max_length=MAX_FIELD)]


def _address(request: Request) -> str:
    return f"ip:{request.client.host if request.client else '?'}"


def _signed_in(site: Site, request: Request, owner_id: uuid.UUID, shop: uuid.UUID | None = None) -> Response:
    token = sessions.start(site.db, owner_id, request.headers.get("user-agent", ""))
    target = f"/web/today?shop={shop.hex}" if shop else "/web/today"
    response = RedirectResponse(target, status_code=303)
    cookie(response, SESSION_COOKIE, token, max_age=int(sessions.LIFETIME.total_seconds()))
    return response


def _too_many(site: Site, request: Request, wait: int) -> Response:
    response = site.show_public(request, "signin.html", 429, problem="too_many", login="")
    response.headers["Retry-After"] = str(wait)
    return response


def router(site: Site) -> APIRouter:
    r = APIRouter(prefix="/web", include_in_schema=False)

    @r.get("/")
    def home(request: Request) -> Response:
        return RedirectResponse("/web/today" if site.session(request) else "/web/signin", status_code=303)

    @r.get("/signin")
    def signin(request: Request) -> Response:
        return site.show_public(request, "signin.html", problem="", login="")

    @r.get("/login")
    def link(request: Request, code: Annotated[str, Query(max_length=MAX_FIELD)] = "") -> Response:
        wait = limits.retry_after(site.db, [_address(request)])
        if wait:
            return _too_many(site, request, wait)
        try:
            target = owners.peek(site.db, code)
        except owners.LinkError:
            limits.failed(site.db, [_address(request)])
            return site.show_public(request, "link.html", 410, target=None, code="", signed_in=False, same=False)
        session = site.session(request)
        same = session is not None and target.owner_id == session.owner_id
        return site.show_public(
            request, "link.html", target=target, code=code, signed_in=session is not None, same=same
        )

    @r.post("/login")
    def use_link(request: Request, code: Text, csrf: Text = "", action: Text = "signin") -> Response:
        check_form(request, csrf, None)
        wait = limits.retry_after(site.db, [_address(request)])
        if wait:
            return _too_many(site, request, wait)
        session = site.session(request)
        try:
            target = owners.peek(site.db, code)
            owner = owners.redeem(site.db, code, session.owner_id if session and action == "add" else None)
        except owners.LinkError:
            limits.failed(site.db, [_address(request)])
            return site.show_public(request, "link.html", 410, target=None, code="", signed_in=False, same=False)
        if session is not None and session.owner_id == owner:
            return RedirectResponse(f"/web/today?shop={target.shop_id.hex}", status_code=303)
        return _signed_in(site, request, owner, target.shop_id)

    @r.post("/password")
    def password(request: Request, login: Text, password: Text, csrf: Text = "") -> Response:
        check_form(request, csrf, None)
        keys = [_address(request), f"login:{login.strip().lower()}"]
        wait = limits.retry_after(site.db, keys)
        if wait:
            return _too_many(site, request, wait)
        owner = owners.check_password(site.db, login, password)
        if owner is None:
            limits.failed(site.db, keys)
            return site.show_public(request, "signin.html", 401, problem="wrong", login=login)
        limits.cleared(site.db, keys)
        return _signed_in(site, request, owner)

    @r.post("/logout")
    def logout(request: Request, csrf: Text = "") -> Response:
        session = site.session(request)
        check_form(request, csrf, session)
        if session is not None:
            sessions.end(site.db, session.session_id, session.owner_id)
        response = RedirectResponse("/web/signin", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/", secure=True, httponly=True, samesite="lax")
        return response

    @r.post("/language")
    def language(request: Request, lang: Text, csrf: Text = "", back: Text = "/web/") -> Response:
        check_form(request, csrf, site.session(request))
        if lang not in LANGUAGES:
            raise Missing
        # Only a page of this site: an open redirect would lend the site's name to any address.
        target = back if back.startswith("/web/") and "//" not in back and "\\" not in back else "/web/"
        response = RedirectResponse(target, status_code=303)
        cookie(response, LANG_COOKIE, lang, max_age=365 * 24 * 3600)
        return response

    @r.get("/account")
    def account(request: Request) -> Response:
        viewer = site.viewer(request, None)
        return site.show(
            request,
            viewer,
            "account.html",
            "account",
            sessions=sessions.listed(site.db, viewer.session.owner_id),
            login=owners.login_of(site.db, viewer.session.owner_id) or "",
            problem="",
            saved=request.query_params.get("saved") == "1",
        )

    @r.post("/account/password")
    def set_password(request: Request, login: Text, password: Text, csrf: Text = "") -> Response:
        viewer = site.viewer(request, None)
        check_form(request, csrf, viewer.session)
        try:
            owners.set_password(site.db, viewer.session.owner_id, login, password)
        except owners.PasswordRefused as refused:
            return site.show(
                request,
                viewer,
                "account.html",
                "account",
                400,
                sessions=sessions.listed(site.db, viewer.session.owner_id),
                login=login,
                problem=str(refused),
                saved=False,
            )
        return RedirectResponse("/web/account?saved=1", status_code=303)

    @r.post("/account/end")
    def end_session(request: Request, session_id: Text, csrf: Text = "") -> Response:
        viewer = site.viewer(request, None)
        check_form(request, csrf, viewer.session)
        try:
            wanted = uuid.UUID(session_id)
        except ValueError:
            raise Missing from None
        if not sessions.end(site.db, wanted, viewer.session.owner_id):
            raise Missing
        target = "/web/signin" if wanted == viewer.session.session_id else "/web/account"
        return RedirectResponse(target, status_code=303)

    return r
