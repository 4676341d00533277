"""Products and customers to and from the spreadsheets shops keep (CSV or XLSX), checked whole before any write.

Imports every room up to selling.
"""

__all__ = ["spreadsheet"]
