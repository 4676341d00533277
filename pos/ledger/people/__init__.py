"""People: users and their PINs (`lockout` after wrong ones), customers, kasbon (a customer's tab), down
payments and credit (`deposits`), and customers kept (`outreach`).

Imports the rooms up to counter; not channels.
"""

__all__ = ["customers", "deposits", "kasbon", "lockout", "outreach", "users"]
