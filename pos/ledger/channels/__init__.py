"""Where a shop sells beyond the counter: sales channels, their terms and prices (`channels`), what a platform
owes sale by sale (`platform_owed`) and its payouts (`payouts`), and the catalogue a shop shares (`catalogue`).

Imports the rooms up to counter; not people.
"""

__all__ = ["catalogue", "channels", "payouts", "platform_owed"]
