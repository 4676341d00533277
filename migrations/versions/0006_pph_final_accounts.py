"""PPh Final in the books: an expense account for the tax and a liability until it is paid.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 05:10:00

Until now the statements worked the tax out from turnover without booking it; the owner had nowhere to record
paying it. The expense sits in its own section ('income_tax') so profit before tax leaves it out, as SAK EMKM's
laba rugi shows the tax after that line.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

ACCOUNTS = [
    # (code, Indonesian name, English name, kind, normal side, statement section)
    ("2-210", "Utang PPh Final", "Final income tax payable", "liability", "C", "current_liability"),
    ("8-100", "Beban PPh Final", "Final income tax expense", "expense", "D", "income_tax"),
]


def upgrade() -> None:
    table = sa.table(
        "accounts",
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("name_en", sa.String),
        sa.column("kind", sa.String),
        sa.column("normal", sa.String),
        sa.column("section", sa.String),
    )
    op.bulk_insert(
        table,
        [{"code": c, "name": n, "name_en": e, "kind": k, "normal": d, "section": s} for c, n, e, k, d, s in ACCOUNTS],
    )


def downgrade() -> None:
    for code, *_ in ACCOUNTS:
        op.execute(sa.text("DELETE FROM accounts WHERE code = :code").bindparams(code=code))
