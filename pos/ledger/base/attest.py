"""Signed statements: what a loan pack's code commits to, signed with Ed25519, and the short code a person types.

A statement is a canonical JSON object (the period, the shop, a digest of every printed figure, the chain heads)
and an Ed25519 signature over exactly those bytes. The token travels as `<body>.<signature>`, both base64url; the
code printed on paper (`LACI-7KQ2-M4XD-...`) is the first 80 bits of the token's SHA-256 in base32, so the code
names one signed statement and nothing else. The sync service and the counter read the same format, which is why
it lives here and not with the books.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from pos.i18n import N_
from pos.ledger.base.errors import InvalidInput

VERSION: Final = 2
CODE_CHARS: Final = 16  # 80 bits: enough that no two packs ever share one, short enough to type
_CODE: Final = re.compile(r"^LACI-([A-Z2-7]{4})-([A-Z2-7]{4})-([A-Z2-7]{4})-([A-Z2-7]{4})$")
_TOKEN: Final = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")


def canonical(value: Any) -> bytes:
    """The one byte form of a JSON value that is signed and hashed: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest(value: Any) -> str:
    """SHA-256 (hex) of the canonical form of `value`: what binds a list of printed figures."""
    return hashlib.sha256(canonical(value)).hexdigest()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    raw: bytes = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    return raw


def public_bytes(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    raw: bytes = public.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return raw


def key_id(public: bytes) -> str:
    """A public key's short name (16 hex digits of its SHA-256), printed beside a signature."""
    return hashlib.sha256(public).hexdigest()[:16]


def encode_key(public: bytes) -> str:
    return _b64(public)


def decode_key(text: str) -> bytes:
    try:
        raw = _unb64(text.strip())
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise InvalidInput(N_("'{text}' is not a signing key."), text=text[:60])
    return raw


def sign(body: Mapping[str, Any], key: Ed25519PrivateKey) -> str:
    """The token of `body` signed by `key`: `<base64url body>.<base64url signature>`."""
    raw = canonical(dict(body))
    return f"{_b64(raw)}.{_b64(key.sign(raw))}"


def code_of(token: str) -> str:
    """The code printed on paper for a token: `LACI-` and 16 base32 characters in groups of four."""
    chars = base64.b32encode(hashlib.sha256(token.encode()).digest()[:10]).decode()[:CODE_CHARS]
    return "LACI-" + "-".join(chars[i : i + 4] for i in range(0, CODE_CHARS, 4))


def normal_code(text: str) -> str | None:
    """`text` as a code in its printed form (case, spaces and a missing dash forgiven), or None."""
    squeezed = re.sub(r"[\s-]", "", text.strip().upper())
    if not squeezed.startswith("LACI") or len(squeezed) != 4 + CODE_CHARS:
        return None
    chars = squeezed[4:].replace("0", "O").replace("1", "I").replace("8", "B")  # what a person misreads
    code = "LACI-" + "-".join(chars[i : i + 4] for i in range(0, CODE_CHARS, 4))
    return code if _CODE.match(code) else None


@dataclass(frozen=True, slots=True)
class Signed:
    """A decoded token: its body, the signature's bytes, and the code it is printed as."""

    token: str
    body: dict[str, Any]
    signature: bytes

    @property
    def code(self) -> str:
        return code_of(self.token)

    @property
    def signed_bytes(self) -> bytes:
        return _unb64(self.token.split(".", 1)[0])


def decode(token: str) -> Signed:
    """The body and signature of `token`, not yet checked; garbage gets a readable error."""
    token = token.strip()
    if not _TOKEN.match(token):
        raise InvalidInput(N_("This is not a signed statement from Laci."))
    head, tail = token.split(".", 1)
    try:
        body = json.loads(_unb64(head))
        signature = _unb64(tail)
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput(N_("This is not a signed statement from Laci.")) from None
    if not isinstance(body, dict) or len(signature) != 64:
        raise InvalidInput(N_("This is not a signed statement from Laci."))
    return Signed(token, body, signature)


def signature_holds(signed: Signed, public: bytes) -> bool:
    """Whether `public` made the signature over exactly the token's body bytes."""
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signed.signature, signed.signed_bytes)
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass(frozen=True, slots=True)
class Verdict:
    """What checking a signed statement found: who signed it, whether the signature holds, whether given figures
    are the ones it binds (None when none were given)."""

    signed: Signed
    by: str  # "service" (witnessed by the sync service), "shop" (the shop's own key), or "" (unknown)
    key: str  # the signing key's id
    signature_ok: bool
    figures_ok: bool | None

    @property
    def ok(self) -> bool:
        return self.signature_ok and self.figures_ok is not False


def check(token: str, service_keys: Mapping[str, bytes], lines: Any = None) -> Verdict:
    """Check `token`'s signature: a service's against `service_keys` (id to public key), the shop's against the key
    it carries (which proves the figures were not changed since, not who the shop is). With `lines`, also that they
    are exactly the figures the statement binds."""
    signed = decode(token)
    witness = signed.body.get("witness")
    by = str(witness.get("by", "")) if isinstance(witness, dict) else ""
    kid = str(witness.get("key", "")) if isinstance(witness, dict) else ""
    public: bytes | None = None
    if by == "service":
        public = service_keys.get(kid)
    elif by == "shop" and isinstance(signed.body.get("pub"), str):
        try:
            carried = decode_key(str(signed.body["pub"]))
        except InvalidInput:
            carried = b""
        public = carried if carried and key_id(carried) == kid else None
    ok = public is not None and signature_holds(signed, public)
    figures = None if lines is None else digest(lines) == signed.body.get("figures")
    return Verdict(signed, by if by in ("service", "shop") else "", kid, ok, figures)


def detached(raw: bytes, key: Ed25519PrivateKey) -> str:
    """A signature over `raw` alone, base64url (for records that keep their signed bytes themselves)."""
    return _b64(key.sign(raw))


def detached_holds(raw: bytes, signature: str, public: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(_unb64(signature), raw)
    except (InvalidSignature, ValueError):
        return False
    return True
