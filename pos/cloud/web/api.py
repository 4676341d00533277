"""The counters' side of the owner's web, in the sync API: the owner's device makes one-time sign-in links and
sees and ends the web sessions that can read its shop; a counter's pull tells how many events it still holds.

Like `pos.cloud.app`, this module keeps annotations eager: FastAPI reads them at run time.
"""

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Annotated, Any, Final

from fastapi import APIRouter, Depends, Header, HTTPException
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pos.cloud import auth
from pos.cloud.db import CloudDB
from pos.cloud.web import owners, sessions

# Sent by a counter with each pull: how many of its events still wait to be sent (shown on the Counters page).
WAITING_HEADER: Final = "X-Laci-Waiting"
MAX_WAITING: Final = 2**62

NOT_OWNER: Final = "only the owner's device may do this"


class Refusal(BaseModel):
    """Why a request was refused."""

    detail: str


class OwnerLink(BaseModel):
    path: str  # where the link leads on this service, to be put after the service's address
    expires_at: dt.datetime


class WebSessionOut(BaseModel):
    session_id: uuid.UUID
    created_at: dt.datetime
    last_seen_at: dt.datetime
    expires_at: dt.datetime
    agent: str


def _answers(refusals: dict[int, str]) -> dict[int | str, dict[str, Any]]:
    return {status: {"model": Refusal, "description": text} for status, text in refusals.items()}


def router(get_db: Callable[[], CloudDB]) -> APIRouter:
    r = APIRouter(prefix="/v1")

    def caller(authorization: Annotated[str | None, Header()] = None) -> auth.Caller:
        if not authorization or not authorization.lower().startswith("bearer "):
            raise HTTPException(401, "a device token is needed")
        try:
            return auth.authenticate(get_db(), authorization.split(" ", 1)[1].strip())
        except auth.AuthError as err:
            raise HTTPException(401, str(err)) from err

    def owner_device(who: Annotated[auth.Caller, Depends(caller)]) -> auth.Caller:
        if not who.owner:
            raise HTTPException(403, NOT_OWNER)
        return who

    Owner = Annotated[auth.Caller, Depends(owner_device)]
    refusals = {401: "no device token, or an unknown or revoked one", 403: NOT_OWNER}

    @r.post("/owner-links", response_model=OwnerLink, responses=_answers(refusals))
    def owner_link(who: Owner) -> OwnerLink:
        """A one-time link that signs the owner in to the web pages on a phone; it works once, for minutes."""
        made = owners.mint_link(get_db(), who)
        return OwnerLink(path=f"/web/login?code={made.code}", expires_at=made.expires_at)

    @r.get("/web-sessions", response_model=list[WebSessionOut], responses=_answers(refusals))
    def web_sessions(who: Owner) -> list[WebSessionOut]:
        """The live web sessions that can read this shop."""
        return [WebSessionOut(**vars_of(s)) for s in sessions.listed_for_shop(get_db(), who.shop_id)]

    @r.post(
        "/web-sessions/{session_id}/end",
        responses=_answers({**refusals, 404: "no such live session can read this shop"}),
    )
    def end_web_session(session_id: uuid.UUID, who: Owner) -> dict[str, bool]:
        if not sessions.end_for_shop(get_db(), who.shop_id, session_id):
            raise HTTPException(404, "no such live session can read this shop")
        return {"ended": True}

    return r


def vars_of(info: sessions.SessionInfo) -> dict[str, Any]:
    return {
        "session_id": info.session_id,
        "created_at": info.created_at,
        "last_seen_at": info.last_seen_at,
        "expires_at": info.expires_at,
        "agent": info.agent,
    }


class SeenRecorder:
    """ASGI middleware: after a counter's successful pull that says how many events it still holds, note the time
    and the number for the Counters page. Only such pulls are looked at; every other request passes untouched."""

    def __init__(self, app: ASGIApp, get_db: Callable[[], CloudDB]) -> None:
        self.app = app
        self.get_db = get_db

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") != "/v1/events":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        waiting, token = headers.get(WAITING_HEADER), headers.get("authorization", "")
        status = 0

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        await self.app(scope, receive, watch)
        if status == 200 and waiting is not None and waiting.isdigit() and token.lower().startswith("bearer "):
            await run_in_threadpool(self._note, token.split(" ", 1)[1].strip(), min(int(waiting), MAX_WAITING))

    def _note(self, token: str, waiting: int) -> None:
        try:
            who = auth.authenticate(self.get_db(), token)
        except auth.AuthError:
            return
        with self.get_db().transaction(who.shop_id) as conn:
            conn.execute(
                "INSERT INTO web_device_seen (shop_id, device_id, seen_at, waiting) VALUES (%s, %s, now(), %s) "
                "ON CONFLICT (shop_id, device_id) DO UPDATE SET seen_at = excluded.seen_at, waiting = excluded.waiting",
                (who.shop_id, who.device_id, waiting),
            )
