"""Sealed books: signed checkpoints of the hash chains, the loan packs' signed codes, and Beban keuangan.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 03:40:00

`checkpoints` lets `laci check` trust what a full check already found intact (signed with the shop's key, kept
outside this file) and re-hash only what came after. `pack_statements` keeps each loan pack's signed statement, so
`laci verify` on the shop's computer can say whether the books still agree with it. Both are append-only.
Beban keuangan (finance costs: loan interest, bank charges) gets an account of its own: SAK EMKM's laba rugi
shows it as a line of its own.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import pos.ledger.schema.base

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

ACCOUNTS = [
    # (code, Indonesian name, English name, kind, normal side, statement section)
    ("7-300", "Beban keuangan", "Finance costs", "expense", "D", "finance_cost"),
]
IMMUTABLE_TABLES = ("checkpoints", "pack_statements")


def upgrade() -> None:
    op.create_table(
        'checkpoints',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('made_at', pos.ledger.schema.base.UTCDateTime(), nullable=False),
        sa.Column('through', sa.Date(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('signature', sa.String(length=100), nullable=False),
        sa.Column('key_id', sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_checkpoints')),
    )
    op.create_table(
        'pack_statements',
        sa.Column('code', sa.String(length=24), nullable=False),
        sa.Column('made_at', pos.ledger.schema.base.UTCDateTime(), nullable=False),
        sa.Column('period_start', sa.Date(), nullable=False),
        sa.Column('period_end', sa.Date(), nullable=False),
        sa.Column('lang', sa.String(length=5), nullable=False),
        sa.Column('token', sa.Text(), nullable=False),
        sa.Column('figures', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('code', name=op.f('pk_pack_statements')),
    )
    for table in IMMUTABLE_TABLES:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER trg_{table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} rows are immutable'); END"
            )
    accounts = sa.table(
        "accounts",
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("name_en", sa.String),
        sa.column("kind", sa.String),
        sa.column("normal", sa.String),
        sa.column("section", sa.String),
    )
    op.bulk_insert(
        accounts,
        [{"code": c, "name": n, "name_en": e, "kind": k, "normal": d, "section": s} for c, n, e, k, d, s in ACCOUNTS],
    )


def downgrade() -> None:
    for code, *_ in ACCOUNTS:
        op.execute(sa.text("DELETE FROM accounts WHERE code = :code").bindparams(code=code))
    for table in IMMUTABLE_TABLES:
        for action in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_no_{action}")
    op.drop_table('pack_statements')
    op.drop_table('checkpoints')
