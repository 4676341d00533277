"""The sync service's HTTP API (FastAPI). Stateless: any number of workers can serve one database.

Unlike the rest of the code base this module keeps annotations eager (no `from __future__ import annotations`):
FastAPI reads them at run time, and the dependency aliases defined inside `create_app` cannot be resolved from
strings.
"""

import datetime as dt
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Annotated, Any, Final

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from pos import __version__
from pos.cloud import auth, feed, ingest
from pos.cloud.db import CloudDB

MAX_BODY_BYTES: Final = 8 * 1024 * 1024
MAX_BATCH: Final = 1000
MAX_PULL: Final = 2000


class EnrolRequest(BaseModel):
    code: str = Field(max_length=64)
    device_id: uuid.UUID
    device_code: str = Field(min_length=1, max_length=4)
    device_name: str = Field(default="", max_length=80)


class EnrolResponse(BaseModel):
    shop_id: uuid.UUID
    shop_name: str
    token: str
    owner: bool


class EventIn(BaseModel):
    id: uuid.UUID
    device_seq: int = Field(ge=1)
    kind: str = Field(max_length=40)
    schema_version: int
    payload: dict[str, Any]
    created_at: dt.datetime


class PushRequest(BaseModel):
    events: list[EventIn] = Field(max_length=MAX_BATCH)


PUSH_SCHEMA: Final = PushRequest.model_json_schema()


class Rejected(BaseModel):
    device_seq: int
    reason: str


class PushResponse(BaseModel):
    acked: int
    rejected: list[Rejected] = []


class PullResponse(BaseModel):
    events: list[dict[str, Any]]
    last_seq: int
    more: bool
    device_acked: int = Field(description="how much of the caller's own event log the cloud holds")


class CodeResponse(BaseModel):
    code: str


def create_app(database_url: str, *, pool_size: int = 10) -> FastAPI:
    state: dict[str, CloudDB] = {}

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        state["db"] = CloudDB(database_url, max_size=pool_size)
        yield
        state["db"].close()

    app = FastAPI(title="Laci sync", version=__version__, lifespan=lifespan)

    @app.middleware("http")
    async def limit_body(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            return Response("request too large", status_code=413)
        return await call_next(request)

    def db() -> CloudDB:
        return state["db"]

    def caller(authorization: Annotated[str | None, Header()] = None) -> auth.Caller:
        if not authorization or not authorization.lower().startswith("bearer "):
            raise HTTPException(401, "a device token is needed")
        try:
            return auth.authenticate(state["db"], authorization.split(" ", 1)[1].strip())
        except auth.AuthError as err:
            raise HTTPException(401, str(err)) from err

    Caller = Annotated[auth.Caller, Depends(caller)]

    @app.get("/v1/health")
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.post("/v1/enrol", response_model=EnrolResponse)
    def enrol(body: EnrolRequest) -> EnrolResponse:
        try:
            done = auth.enrol(db(), body.code, body.device_id, body.device_code.upper(), body.device_name)
        except auth.AuthError as err:
            raise HTTPException(403, str(err)) from err
        except auth.ConflictError as err:
            raise HTTPException(409, str(err)) from err
        return EnrolResponse(shop_id=done.shop_id, shop_name=done.shop_name, token=done.token, owner=done.owner)

    def store(body: bytes, who: auth.Caller) -> ingest.PushResult:
        try:
            events = ingest.parse_push(body, MAX_BATCH)
        except ValueError as err:
            raise HTTPException(422, str(err)) from err
        return ingest.push(db(), who, events)

    # The body is parsed by `ingest.parse_push` (orjson), not by a pydantic model: pydantic took a sixth of a
    # push's time. The model still describes the body in the OpenAPI document.
    @app.post(
        "/v1/push",
        response_model=PushResponse,
        responses={409: {"description": "a gap: resend from acked+1"}, 422: {"description": "a malformed body"}},
        openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": PUSH_SCHEMA}}}},
    )
    async def push(request: Request, who: Caller, response: Response) -> PushResponse:
        result = await run_in_threadpool(store, await request.body(), who)
        if result.gap_at is not None:
            response.status_code = 409
        return PushResponse(acked=result.acked, rejected=[Rejected(device_seq=s, reason=r) for s, r in result.rejected])

    @app.get("/v1/events", response_model=PullResponse, responses={410: {"description": "cursor too old"}})
    def pull(
        who: Caller, after: Annotated[int, Query(ge=0)] = 0, limit: Annotated[int, Query(ge=1, le=MAX_PULL)] = 500
    ) -> PullResponse:
        try:
            page = feed.pull(db(), who, after, limit)
        except feed.SnapshotRequired as err:
            raise HTTPException(410, "the cursor is too old: load a snapshot") from err
        return PullResponse(events=page.events, last_seq=page.last_seq, more=page.more, device_acked=page.device_acked)

    @app.get("/v1/snapshot")
    def snapshot(who: Caller) -> dict[str, Any]:
        return feed.snapshot(db(), who)

    @app.post("/v1/enrolment-codes", response_model=CodeResponse)
    def invite(who: Caller) -> CodeResponse:
        if not who.owner:
            raise HTTPException(403, "only the owner's device may invite counters")
        return CodeResponse(code=auth.new_enrolment_code(db(), who.shop_id))

    @app.get("/v1/devices")
    def list_devices(who: Caller) -> list[dict[str, Any]]:
        return feed.devices(db(), who)

    @app.post("/v1/devices/{device_id}/revoke")
    def revoke(device_id: uuid.UUID, who: Caller) -> dict[str, bool]:
        if not who.owner:
            raise HTTPException(403, "only the owner's device may revoke counters")
        if not auth.revoke(db(), who.shop_id, device_id):
            raise HTTPException(404, "no such device in this shop")
        return {"revoked": True}

    @app.get("/v1/reports/daily")
    def daily(
        who: Caller, start: Annotated[dt.date, Query(alias="from")], end: Annotated[dt.date, Query(alias="to")]
    ) -> list[dict[str, Any]]:
        if (end - start).days > 400:
            raise HTTPException(422, "ask for at most 400 days at a time")
        return feed.daily_totals(db(), who, start, end)

    return app
