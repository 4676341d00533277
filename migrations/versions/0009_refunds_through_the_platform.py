"""Refunds through the platform: a return on a GoFood or Tokopedia sale is paid back by the platform, which gives
back its commission on what was returned and takes the rest from what it still owes the shop.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 12:00:00

sale_returns gains 'platform' as a refund method and the commission given back on each return (0 for every
return before this revision: they were paid in cash or to kasbon, and the platform kept its commission). SQLite
cannot change a CHECK constraint in place, so the table is rebuilt by hand with its indexes and immutability
triggers, as 0007 did for sale_payments; the upgrade runs with foreign keys off and checks them before it
commits. Returns are few next to sales, so the copy is quick. Frozen history: the SQL is written out.
"""

from __future__ import annotations

from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

SALE_RETURNS = (
    "CREATE TABLE {name} (\n"
    "\tid BLOB NOT NULL, \n"
    "\treturn_no VARCHAR(24) NOT NULL, \n"
    "\tsale_id BLOB NOT NULL, \n"
    "\tshift_id BLOB, \n"
    "\tbusiness_date DATE NOT NULL, \n"
    "\tcreated_at VARCHAR(32) NOT NULL, \n"
    "\trefund_method VARCHAR(10) NOT NULL, \n"
    "\tcustomer_id BLOB, \n"
    "\tamount BIGINT NOT NULL, \n"
    "\tppn BIGINT NOT NULL, \n"
    "\trevenue BIGINT NOT NULL, \n"
    "\tcost BIGINT NOT NULL, \n"
    "\tuser_id BLOB NOT NULL, \n"
    "\tapproved_by BLOB, \n"
    "\treason VARCHAR(200) NOT NULL, \n"
    "\tentry_id BLOB NOT NULL, \n"
    "{extra}"
    "\tCONSTRAINT pk_sale_returns PRIMARY KEY (id), \n"
    "\tCONSTRAINT ck_sale_returns_refund_method CHECK (refund_method IN ({methods})), \n"
    "{extra_checks}"
    "\tCONSTRAINT fk_sale_returns_customer_id_customers FOREIGN KEY(customer_id) REFERENCES customers (id), \n"
    "\tCONSTRAINT fk_sale_returns_entry_id_journal_entries FOREIGN KEY(entry_id) REFERENCES journal_entries (id), \n"
    "\tCONSTRAINT fk_sale_returns_sale_id_sales FOREIGN KEY(sale_id) REFERENCES sales (id), \n"
    "\tCONSTRAINT fk_sale_returns_shift_id_shifts FOREIGN KEY(shift_id) REFERENCES shifts (id), \n"
    "\tCONSTRAINT fk_sale_returns_user_id_users FOREIGN KEY(user_id) REFERENCES users (id), \n"
    "\tCONSTRAINT uq_sale_returns_return_no UNIQUE (return_no)\n"
    ")"
)
COLUMNS = (
    "id, return_no, sale_id, shift_id, business_date, created_at, refund_method, customer_id, amount, ppn, "
    "revenue, cost, user_id, approved_by, reason, entry_id"
)
INDEXES = {
    "ix_sale_returns_sale_id": "sale_id",
    "ix_sale_returns_shift_id": "shift_id",
    "ix_sale_returns_business_date": "business_date",
}


def _rebuild(new: bool) -> None:
    # A new table, the rows copied, the old one dropped (its indexes and triggers with it), renamed into place.
    op.execute(
        SALE_RETURNS.format(
            name="sale_returns_rebuilt",
            methods="'cash','kasbon','platform'" if new else "'cash','kasbon'",
            extra="\tcommission BIGINT DEFAULT 0 NOT NULL, \n" if new else "",
            extra_checks=(
                "\tCONSTRAINT ck_sale_returns_commission_not_negative CHECK (commission >= 0), \n" if new else ""
            ),
        )
    )
    op.execute(f"INSERT INTO sale_returns_rebuilt ({COLUMNS}) SELECT {COLUMNS} FROM sale_returns")
    op.execute("DROP TABLE sale_returns")
    op.execute("ALTER TABLE sale_returns_rebuilt RENAME TO sale_returns")
    for name, column in INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON sale_returns ({column})")
    for action in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER trg_sale_returns_no_{action.lower()} BEFORE {action} ON sale_returns "
            "BEGIN SELECT RAISE(ABORT, 'sale_returns rows are immutable; post a correcting entry instead'); END"
        )


def upgrade() -> None:
    _rebuild(new=True)


def downgrade() -> None:
    # A return made through a platform cannot be described without the new method: the downgrade refuses
    # rather than drop it (the CHECK constraint of the old table fails the copy).
    _rebuild(new=False)
