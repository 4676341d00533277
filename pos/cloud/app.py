"""The sync service's HTTP API (FastAPI). Stateless: any number of workers can serve one database.

Unlike the rest of the code base this module keeps annotations eager (no `from __future__ import annotations`):
FastAPI reads them at run time, and the dependency aliases defined inside `create_app` cannot be resolved from
strings.
"""

import datetime as dt
import os
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Annotated, Any, Final, Literal

from fastapi import Body, Depends, FastAPI, Header, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field

from pos import __version__
from pos.cloud import auth, feed, ingest, web, witness_api
from pos.cloud.db import CloudDB
from pos.cloud.limits import BodyLimit, RateLimiter, Rates, TooMany

MAX_BODY_BYTES: Final = 8 * 1024 * 1024
DATABASE_ENV: Final = "LACI_CLOUD_DATABASE_URL"
# Enrolments allowed per minute from one address (`laci cloud serve --enrol-per-minute`), read by each worker.
ENROL_RATE_ENV: Final = "LACI_CLOUD_ENROL_PER_MINUTE"
MAX_BATCH: Final = 1000
MAX_PULL: Final = 2000
MAX_REPORT_DAYS: Final = 400


NO_NUL: Final = r"^[^\x00]*$"  # PostgreSQL's text cannot hold a NUL character


class EnrolRequest(BaseModel):
    code: str = Field(max_length=64)
    device_id: uuid.UUID
    device_code: str = Field(min_length=1, max_length=4, pattern=NO_NUL)
    device_name: str = Field(default="", max_length=80, pattern=NO_NUL)
    outbox_seq: int = Field(default=0, ge=0, le=2**53, description="events the device wrote before joining")


class EnrolResponse(BaseModel):
    shop_id: uuid.UUID
    shop_name: str
    token: str
    owner: bool
    acked: int = Field(description="how much of this device's event log the cloud already holds")


class InviteRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Literal["counter", "owner"] = "counter"
    replaces: uuid.UUID | None = Field(default=None, description="the device this invite replaces (revoking it)")


class EventIn(BaseModel):
    model_config = ConfigDict(extra="forbid")  # as `ingest.parse_push` reads it: exactly these fields

    id: uuid.UUID
    device_seq: int = Field(ge=1, le=ingest.MAX_SEQ)
    kind: str = Field(min_length=1, max_length=ingest.MAX_KIND)
    schema_version: int = Field(ge=-ingest.MAX_VERSION - 1, le=ingest.MAX_VERSION)
    payload: dict[str, Any]
    created_at: dt.datetime


class PushRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    events: list[EventIn] = Field(max_length=MAX_BATCH)


def _inline_defs(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with its `$defs` written in place of their references: inside an OpenAPI document a `#/...`
    reference is resolved from the document's root, where pydantic's `$defs` are not."""
    defs = schema.get("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return walk(defs[ref.removeprefix("#/$defs/")])
            return {key: walk(value) for key, value in node.items() if key != "$defs"}
        if isinstance(node, list):
            return [walk(value) for value in node]
        return node

    result: dict[str, Any] = walk(schema)
    return result


PUSH_SCHEMA: Final = _inline_defs(PushRequest.model_json_schema())


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
    checked_from: int = Field(default=0, description="events from here on were checked against authority")


class CodeResponse(BaseModel):
    code: str


class Problem(BaseModel):
    """Why a request was refused."""

    detail: str


def _answers(refusals: dict[int, str]) -> dict[int | str, dict[str, Any]]:
    # Every refusal the service makes is in the OpenAPI document with its body, so a client knows what to expect.
    return {status: {"model": Problem, "description": text} for status, text in refusals.items()}


UNAUTHORISED: Final = "no device token, or an unknown or revoked one"
NOT_OWNER: Final = "only the owner's device may do this"
TOO_MANY: Final = "too many attempts from this address or for this shop: wait as Retry-After says"
TOO_LARGE: Final = "the request body is too large"


def create_app(
    database_url: str,
    *,
    pool_size: int = 10,
    rates: Rates | None = None,
    clock: Callable[[], dt.datetime] | None = None,
    web_worker: bool = True,
) -> FastAPI:
    state: dict[str, Any] = {}
    now = clock or (lambda: dt.datetime.now(dt.UTC))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        state["db"] = CloudDB(database_url, max_size=pool_size)
        state["limiter"] = RateLimiter(state["db"], rates or Rates())
        worker = web.Worker(state["db"]).start() if web_worker else None  # the owner's read models
        yield
        if worker is not None:
            worker.stop()
        state["db"].close()

    app = FastAPI(title="Laci sync", version=__version__, lifespan=lifespan)
    app.add_middleware(BodyLimit, limits={"/v1/push": MAX_BODY_BYTES, "/v1/statements": witness_api.MAX_BODY_BYTES})

    def db() -> CloudDB:
        db_: CloudDB = state["db"]
        return db_

    def limiter() -> RateLimiter:
        found: RateLimiter = state["limiter"]
        return found

    def too_many(err: TooMany) -> HTTPException:
        return HTTPException(429, TOO_MANY, headers={"Retry-After": str(err.retry_after)})

    def address(request: Request) -> str:
        return request.client.host if request.client else "?"

    def caller(request: Request, authorization: Annotated[str | None, Header()] = None) -> auth.Caller:
        where = f"auth:addr:{address(request)}"
        try:
            limiter().check(where)
        except TooMany as err:
            raise too_many(err) from err
        if not authorization or not authorization.lower().startswith("bearer "):
            raise HTTPException(401, "a device token is needed")
        try:
            return auth.authenticate(db(), authorization.split(" ", 1)[1].strip())
        except auth.AuthError as err:
            try:
                limiter().hit(where, limiter().rates.failed_per_address)
                if isinstance(err, auth.RevokedError):
                    limiter().hit(f"auth:shop:{err.shop_id}", limiter().rates.failed_per_shop)
            except TooMany as many:
                raise too_many(many) from err
            raise HTTPException(401, str(err)) from err

    Caller = Annotated[auth.Caller, Depends(caller)]
    LIMITED = {429: TOO_MANY, 413: TOO_LARGE}

    @app.get("/v1/health")
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.post(
        "/v1/enrol",
        response_model=EnrolResponse,
        responses=_answers(
            {
                400: "the body is not JSON",
                403: "the code is unknown, used or expired",
                409: "the device is already enrolled (only an invite to replace it may), or its counter code is taken",
                **LIMITED,
            }
        ),
    )
    def enrol(body: EnrolRequest, request: Request) -> EnrolResponse:
        try:
            limiter().hit(f"enrol:addr:{address(request)}", limiter().rates.enrol_per_address)
            shop = auth.code_shop(db(), body.code)
            if shop is not None:
                limiter().hit(f"enrol:shop:{shop}", limiter().rates.enrol_per_shop)
        except TooMany as err:
            raise too_many(err) from err
        try:
            done = auth.enrol(
                db(),
                auth.EnrolRequest(
                    body.code, body.device_id, body.device_code.upper(), body.device_name, body.outbox_seq
                ),
            )
        except auth.AuthError as err:
            raise HTTPException(403, str(err)) from err
        except auth.ConflictError as err:
            raise HTTPException(409, str(err)) from err
        return EnrolResponse(
            shop_id=done.shop_id, shop_name=done.shop_name, token=done.token, owner=done.owner, acked=done.acked
        )

    def store(body: bytes, who: auth.Caller) -> ingest.PushResult:
        try:
            events = ingest.parse_push(body, MAX_BATCH)
        except ValueError as err:
            raise HTTPException(422, str(err)) from err
        return ingest.push(db(), who, events, now())

    # The body is parsed by `ingest.parse_push` (orjson), not by a pydantic model: pydantic took a sixth of a
    # push's time. The model still describes the body in the OpenAPI document.
    @app.post(
        "/v1/push",
        response_model=PushResponse,
        responses={
            409: {"model": PushResponse, "description": "a gap: resend from acked+1"},
            **_answers({401: UNAUTHORISED, 422: "a malformed body", **LIMITED}),
        },
        openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": PUSH_SCHEMA}}}},
    )
    async def push(request: Request, who: Caller, response: Response) -> PushResponse:
        result = await run_in_threadpool(store, await request.body(), who)
        if result.gap_at is not None:
            response.status_code = 409
        return PushResponse(acked=result.acked, rejected=[Rejected(device_seq=s, reason=r) for s, r in result.rejected])

    @app.get(
        "/v1/events",
        response_model=PullResponse,
        responses=_answers({401: UNAUTHORISED, 410: "the cursor is too old: load a snapshot", 429: TOO_MANY}),
    )
    def pull(
        who: Caller, after: Annotated[int, Query(ge=0)] = 0, limit: Annotated[int, Query(ge=1, le=MAX_PULL)] = 500
    ) -> PullResponse:
        try:
            page = feed.pull(db(), who, after, limit)
        except feed.SnapshotRequired as err:
            raise HTTPException(410, "the cursor is too old: load a snapshot") from err
        return PullResponse(
            events=page.events,
            last_seq=page.last_seq,
            more=page.more,
            device_acked=page.device_acked,
            checked_from=page.checked_from,
        )

    @app.get("/v1/refusals", responses=_answers({401: UNAUTHORISED, 429: TOO_MANY}))
    def refusals(
        who: Caller, after: Annotated[int, Query(ge=0)] = 0, limit: Annotated[int, Query(ge=1, le=MAX_PULL)] = 500
    ) -> list[dict[str, Any]]:
        """Events of the shop the service refused, from any device, with the reason."""
        return feed.refusals(db(), who, after, limit)

    @app.get("/v1/snapshot", responses=_answers({401: UNAUTHORISED, 429: TOO_MANY}))
    def snapshot(who: Caller) -> dict[str, Any]:
        return feed.snapshot(db(), who)

    @app.post(
        "/v1/enrolment-codes",
        response_model=CodeResponse,
        responses=_answers(
            {
                400: "the body is not JSON",
                401: UNAUTHORISED,
                403: NOT_OWNER,
                404: "no such device in this shop to replace",
                **LIMITED,
            }
        ),
    )
    def invite(who: Caller, body: Annotated[InviteRequest | None, Body()] = None) -> CodeResponse:
        """A one-time code, valid for an hour, for a new counter, a new owner's device, or to replace a device."""
        if not who.owner:
            raise HTTPException(403, "only the owner's device may invite counters")
        wanted = body or InviteRequest()
        try:
            code = auth.new_enrolment_code(
                db(), who.shop_id, owner=wanted.role == "owner", replaces=wanted.replaces, by=who.device_id
            )
        except LookupError as err:
            raise HTTPException(404, "no such device in this shop") from err
        return CodeResponse(code=code)

    @app.get("/v1/devices", responses=_answers({401: UNAUTHORISED, 429: TOO_MANY}))
    def list_devices(who: Caller) -> list[dict[str, Any]]:
        return feed.devices(db(), who)

    @app.get("/v1/device-log", responses=_answers({401: UNAUTHORISED, 403: NOT_OWNER, 429: TOO_MANY}))
    def device_log(who: Caller) -> list[dict[str, Any]]:
        """Enrolments, replacements, revocations and refused takeovers of the shop's devices (owner only)."""
        if not who.owner:
            raise HTTPException(403, "only the owner's device may read the device log")
        return feed.device_log(db(), who)

    @app.post(
        "/v1/devices/{device_id}/revoke",
        responses=_answers({401: UNAUTHORISED, 403: NOT_OWNER, 404: "no such device in this shop", 429: TOO_MANY}),
    )
    def revoke(device_id: uuid.UUID, who: Caller) -> dict[str, bool]:
        if not who.owner:
            raise HTTPException(403, "only the owner's device may revoke counters")
        if not auth.revoke(db(), who.shop_id, device_id, who.device_id):
            raise HTTPException(404, "no such device in this shop")
        return {"revoked": True}

    @app.get("/v1/reports/daily", responses=_answers({401: UNAUTHORISED, 429: TOO_MANY}))
    def daily(
        who: Caller,
        start: Annotated[dt.date, Query(alias="from")],
        end: Annotated[dt.date, Query(alias="to", description=f"at most {MAX_REPORT_DAYS} days after `from`")],
    ) -> list[dict[str, Any]]:
        if (end - start).days > MAX_REPORT_DAYS:
            # Shaped as FastAPI's own validation errors, which is what the OpenAPI document says a 422 holds.
            message = f"ask for at most {MAX_REPORT_DAYS} days at a time"
            raise RequestValidationError([{"type": "value_error", "loc": ["query", "to"], "msg": message}])
        return feed.daily_totals(db(), who, start, end)

    witness_api.add_routes(app, db, caller)
    web.install(app, db)
    return app


def from_environment() -> FastAPI:
    """The app for `uvicorn --factory` (each worker process builds its own), its database from the environment."""
    per_minute = os.environ.get(ENROL_RATE_ENV)
    rates = Rates(enrol_per_address=int(per_minute)) if per_minute else None
    return create_app(os.environ[DATABASE_ENV], rates=rates)
