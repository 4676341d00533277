"""The witness's HTTP face: chain heads for counters, statements witnessed for packs, and the published keys.

Counters (with their device token) read what the service holds of the shop's chains, report a witnessed entry
their books no longer carry, and ask for a pack's statement to be witnessed. Anyone may read the service's public
keys and a statement by its code (the code is the secret a bank officer was handed on paper).

Like `app`, this module keeps annotations eager: FastAPI reads them at run time.
"""

from collections.abc import Callable
from typing import Annotated, Any, Final

from fastapi import Depends, FastAPI, HTTPException, Path
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from pos.cloud import auth, statements, witness
from pos.cloud.db import CloudDB
from pos.ledger.base import attest


class Head(BaseModel):
    device_id: str
    seq: int
    hash: str


class Flag(BaseModel):
    device_id: str
    seq: int
    reason: str = Field(description="rewritten, truncated, gap or reordered")
    at: str


class ChainAnswer(BaseModel):
    heads: list[Head]
    flags: list[Flag]
    syncing_since: str | None


def _not_a_bool(value: Any) -> Any:
    # JSON Schema's integer takes 715.0 (pydantic does too) but not true, which pydantic would read as 1.
    if isinstance(value, bool):
        raise ValueError("a whole number, not true or false")
    return value


class Departure(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seq: Annotated[int, BeforeValidator(_not_a_bool)] = Field(
        ge=1, le=2**53, description="a journal entry's sequence on the calling counter"
    )
    hash: str | None = Field(
        default=None, pattern=r"^[0-9a-f]{64}$", description="what the entry hashes to now; null: it is gone"
    )


class WitnessRequest(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")

    body: dict[str, Any]
    lines: list[Any] = Field(max_length=statements.MAX_LINES)


class Witnessed(BaseModel):
    token: str
    code: str


class Key(BaseModel):
    key_id: str
    public_key: str = Field(description="Ed25519, raw 32 bytes in base64url")


# A pack's statement carries every printed line (up to MAX_LINES); the service's default limit is for small bodies.
MAX_BODY_BYTES: Final = 2 * 1024 * 1024
TOO_LARGE: Final[dict[int | str, dict[str, Any]]] = {413: {"description": "the request body is too large"}}


def add_routes(app: FastAPI, db: Callable[[], CloudDB], caller: Callable[..., auth.Caller]) -> None:
    """Mount the witness's routes on `app`; `caller` is the app's device-token dependency."""
    Caller = Annotated[auth.Caller, Depends(caller)]

    @app.get("/v1/chain", response_model=ChainAnswer, responses={401: {"description": "no or a bad device token"}})
    def chain(who: Caller) -> dict[str, Any]:
        return witness.chain_state(db(), who.shop_id).as_dict()

    @app.post(
        "/v1/chain/departures",
        responses={
            400: {"description": "the body is not JSON"},
            401: {"description": "no or a bad device token"},
            **TOO_LARGE,
        },
    )
    def departed(who: Caller, body: Departure) -> dict[str, bool]:
        return {"flagged": witness.report(db(), who, body.seq, body.hash)}

    @app.post(
        "/v1/statements",
        response_model=Witnessed,
        responses={
            400: {"description": "the body is not JSON"},
            401: {"description": "no or a bad device token"},
            409: {
                "description": "not a statement of this shop, figures it does not bind, or heads that are not those "
                "the service holds (sync first, or the counter's history departed from them)"
            },
            **TOO_LARGE,
        },
    )
    async def witness_statement(who: Caller, request: WitnessRequest) -> Witnessed:
        try:
            token, code = await run_in_threadpool(statements.witness, db(), who, request.body, request.lines)
        except statements.Refused as err:
            raise HTTPException(err.status, str(err)) from err
        return Witnessed(token=token, code=code)

    @app.get("/v1/keys", response_model=list[Key])
    def keys() -> list[Key]:
        found = sorted(statements.published_keys(db()).items())
        return [Key(key_id=k, public_key=attest.encode_key(p)) for k, p in found]

    @app.get(
        "/v1/statements/{code}",
        responses={404: {"description": "no statement has this code"}, 422: {"description": "not a code"}},
    )
    def statement(code: Annotated[str, Path(max_length=40)]) -> dict[str, Any]:
        found = statements.lookup(db(), code)
        if found is None:
            raise HTTPException(404, "no statement has this code")
        return found.as_dict()
