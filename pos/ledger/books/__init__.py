"""The double-entry books and the record of who did what: accounts, posting, balances, checks, the audit log and
approvals, money in and out that is not a sale, tabs settled, statement codes and exports."""
