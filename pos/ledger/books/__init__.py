"""The double-entry books and the record of who did what: the chart's account codes, posting balanced entries
(`journal`), balances and the trial balance, `laci check` (`check`, its checks in `check_*`, and the signed
`checkpoints` a quick check starts from, with the shop's own `signing` key and what the sync service
`witnessed` of the chains), the audit log and the owner's approvals, money in and out that is not a sale
(`cash_entries`, read back by `cash_entry_list`), tabs settled (`party_payments`), exports to CSV, XLSX, hledger
and beancount, the opening balances a shop starts its books with (`opening_balances`, read by `opening_view`),
the accountant's general journal and the straight-line depreciation of equipment, and what the shop owes its
suppliers for goods bought on credit, by due date (`payables`).

Imports base, schema, replication and shop.
"""

__all__ = [
    "accounts",
    "approvals",
    "audit",
    "balances",
    "cash_entries",
    "cash_entry_list",
    "check",
    "check_chains",
    "check_records",
    "check_totals",
    "checkpoints",
    "depreciation",
    "exports",
    "general_journal",
    "journal",
    "opening_balances",
    "opening_view",
    "party_payments",
    "payables",
    "signing",
    "witnessed",
]
