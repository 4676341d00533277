"""Payouts matched to the sales they pay for, and the credit customers keep with the shop spent at the counter.

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-24 09:00:00

channel_settlements gains what the sales a payout paid for owed, where the owner booked any difference
(commission, other income, or left on the platform's account), the period's first day and the payout's
reference on the platform's statement. Earlier payouts cleared what was owed and booked every difference to
commission, so they get owed = cleared and 'commission' when the money differed. The rows are facts: the
trigger that refuses updates steps aside for that one UPDATE. A new fact table, channel_settlement_sales, says
which sales each payout cleared; earlier payouts named none, and what they cleared settles the oldest sales first
when the books are read.

sale_payments gains 'credit' (paid from the customer's credit, titipan). SQLite cannot change a CHECK
constraint in place, so the table is rebuilt by hand with its immutability triggers, as 0007 did; the upgrade
runs with foreign keys off and checks them before it commits. 2-300 is named for both things it holds. Frozen
history: the SQL is written out.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import pos.ledger.schema.base

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

SALE_PAYMENTS = (
    "CREATE TABLE {name} (\n"
    "\tsale_id BLOB NOT NULL, \n"
    "\tline_no INTEGER NOT NULL, \n"
    "\tmethod VARCHAR(10) NOT NULL, \n"
    "\tamount BIGINT NOT NULL, \n"
    "\ttendered BIGINT NOT NULL, \n"
    "\tprovider VARCHAR(20) NOT NULL, \n"
    "\treference VARCHAR(64) NOT NULL, \n"
    "\tCONSTRAINT pk_sale_payments PRIMARY KEY (sale_id, line_no), \n"
    "\tCONSTRAINT ck_sale_payments_method CHECK (method IN ({methods})), \n"
    "\tCONSTRAINT ck_sale_payments_amount_positive CHECK (amount > 0), \n"
    "\tCONSTRAINT fk_sale_payments_sale_id_sales FOREIGN KEY(sale_id) REFERENCES sales (id)\n"
    ")"
)
OLD_METHODS = "'cash','qris','transfer','ewallet','kasbon','platform','deposit'"
NEW_METHODS = "'cash','qris','transfer','ewallet','kasbon','platform','deposit','credit'"
NAMES = {
    "old": ("Uang muka pelanggan", "Customer deposits"),
    "new": ("Uang muka & titipan pelanggan", "Customer deposits and credit"),
}


def _trigger(table: str, action: str) -> None:
    op.execute(
        f"CREATE TRIGGER trg_{table}_no_{action.lower()} BEFORE {action} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} rows are immutable; post a correcting entry instead'); END"
    )


def _rebuild_sale_payments(methods: str) -> None:
    op.execute(SALE_PAYMENTS.format(name="sale_payments_rebuilt", methods=methods))
    op.execute("INSERT INTO sale_payments_rebuilt SELECT * FROM sale_payments")
    op.execute("DROP TABLE sale_payments")
    op.execute("ALTER TABLE sale_payments_rebuilt RENAME TO sale_payments")
    for action in ("UPDATE", "DELETE"):
        _trigger("sale_payments", action)


def _name(which: str) -> None:
    name, name_en = NAMES[which]
    op.execute(
        sa.text("UPDATE accounts SET name = :n, name_en = :e WHERE code = '2-300'").bindparams(n=name, e=name_en)
    )


def upgrade() -> None:
    # Plain ALTER TABLE ... ADD COLUMN: the table keeps its rows, index and triggers.
    op.execute("ALTER TABLE channel_settlements ADD COLUMN period_start DATE")
    op.execute("ALTER TABLE channel_settlements ADD COLUMN owed BIGINT DEFAULT 0 NOT NULL")
    op.execute(
        "ALTER TABLE channel_settlements ADD COLUMN difference VARCHAR(12) DEFAULT '' NOT NULL "
        "CONSTRAINT ck_channel_settlements_difference CHECK (difference IN ('','commission','income','platform'))"
    )
    op.execute("ALTER TABLE channel_settlements ADD COLUMN reference VARCHAR(64) DEFAULT '' NOT NULL")
    op.execute("DROP TRIGGER trg_channel_settlements_no_update")
    op.execute(
        "UPDATE channel_settlements SET owed = cleared, "
        "difference = CASE WHEN cleared <> received THEN 'commission' ELSE '' END"
    )
    _trigger("channel_settlements", "UPDATE")

    op.create_table(
        "channel_settlement_sales",
        sa.Column("settlement_id", pos.ledger.schema.base.UUIDBlob(), nullable=False),
        sa.Column("sale_id", pos.ledger.schema.base.UUIDBlob(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("amount <> 0", name=op.f("ck_channel_settlement_sales_amount_not_zero")),
        sa.ForeignKeyConstraint(
            ["settlement_id"],
            ["channel_settlements.id"],
            name=op.f("fk_channel_settlement_sales_settlement_id_channel_settlements"),
        ),
        sa.PrimaryKeyConstraint("settlement_id", "sale_id", name=op.f("pk_channel_settlement_sales")),
    )
    op.create_index("ix_channel_settlement_sales_sale_id", "channel_settlement_sales", ["sale_id"], unique=False)
    for action in ("UPDATE", "DELETE"):
        _trigger("channel_settlement_sales", action)

    _rebuild_sale_payments(NEW_METHODS)
    _name("new")


def downgrade() -> None:
    _name("old")
    for action in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS trg_sale_payments_no_{action}")
    _rebuild_sale_payments(OLD_METHODS)
    op.drop_index("ix_channel_settlement_sales_sale_id", table_name="channel_settlement_sales")
    op.drop_table("channel_settlement_sales")
    # SQLite's own DROP COLUMN keeps the table and its triggers; a column with a CHECK goes with the check.
    for column in ("reference", "difference", "owed", "period_start"):
        op.drop_column("channel_settlements", column)
