"""Sync that holds against a dishonest device: device roles, events set aside, PIN tries counted, PINs keyed.

- `devices.role`: what the sync service says each device is (owner's device or counter); owner-guarded changes
  (users, PINs, prices, settings) are applied only from owner's devices.
- `sync_held`: events this counter refused by rule or could not apply, with the reason, tried again later.
- An index on audit_log (user_id, action, at): wrong PINs are now counted from the audit log at every login.
- PIN hashes: a counter that is not enrolled is its owner's, so it makes the shop's PIN key now and keys every
  hash it holds (no PIN needed: the argon2id output is in the hash). An enrolled counter cannot know here
  whether it is the owner's; it notes that its users must be sent again keyed, which the owner's device does at
  its first sync (`pos.sync.client`), and the other counters receive the key with a new invite.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-24 08:00:00
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

import sqlalchemy as sa
from alembic import op

import pos.ledger.schema.base

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def _b64decode(part: str) -> bytes:
    return base64.b64decode(part + "=" * (-len(part) % 4))


def _keyed(plain: str, key: bytes) -> str | None:
    # "$argon2id$v=19$m=65536,t=3,p=4$<salt>$<hash>" -> "$laci-k1$argon2id$v=19$m=...,l=<len>$<salt>$<hmac>"
    parts = plain.split("$")
    if len(parts) != 6 or parts[1] != "argon2id":
        return None
    raw = _b64decode(parts[5])
    tag = base64.b64encode(hmac.new(key, raw, hashlib.sha256).digest()).decode().rstrip("=")
    return f"$laci-k1$argon2id${parts[2]}${parts[3]},l={len(raw)}${parts[4]}${tag}"


def upgrade() -> None:
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role', sa.String(length=8), nullable=True))
    op.create_table('sync_held',
    sa.Column('server_seq', sa.BigInteger(), nullable=False),
    sa.Column('device_id', pos.ledger.schema.base.UUIDBlob(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('payload', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('msgid', sa.Text(), nullable=False),
    sa.Column('params', sa.Text(), nullable=False),
    sa.Column('held_at', pos.ledger.schema.base.UTCDateTime(), nullable=False),
    sa.Column('version', sa.String(length=20), nullable=False),
    sa.PrimaryKeyConstraint('server_seq', name=op.f('pk_sync_held'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_log_user_id_action_at', ['user_id', 'action', 'at'], unique=False)

    conn = op.get_bind()
    enrolled = conn.execute(sa.text("SELECT value FROM sync_state WHERE key = 'token'")).scalar()
    users = conn.execute(sa.text("SELECT id, pin_hash FROM users")).all()
    if not users:
        return
    if enrolled:
        conn.execute(sa.text("INSERT OR REPLACE INTO sync_state (key, value) VALUES ('reseal_pins', '1')"))
        return
    key = secrets.token_bytes(16)
    conn.execute(
        sa.text("INSERT OR REPLACE INTO sync_state (key, value) VALUES ('pin_key', :v)"),
        {"v": base64.b32encode(key).decode().rstrip("=")},
    )
    for user_id, pin_hash in users:
        keyed = _keyed(pin_hash, key)
        if keyed is not None:
            conn.execute(sa.text("UPDATE users SET pin_hash = :h WHERE id = :id"), {"h": keyed, "id": user_id})
    # Its users' events still in the outbox carry the unkeyed hashes, which the service refuses: send them again.
    conn.execute(sa.text("INSERT OR REPLACE INTO sync_state (key, value) VALUES ('reseal_pins', '1')"))


def downgrade() -> None:
    # Keyed hashes cannot be turned back: a downgraded counter's users set new PINs.
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_user_id_action_at')
    op.drop_table('sync_held')
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.drop_column('role')
