"""Where a shop sells beyond the counter: sales channels, their terms and prices (`channels`), platform payouts,
and the catalogue a shop shares (`catalogue`).

Imports the rooms up to counter; not people.
"""

__all__ = ["catalogue", "channels", "payouts"]
