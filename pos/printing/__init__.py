"""Paper: slips laid out for a receipt printer's width and sent through python-escpos. No SQL and no Qt here."""

from __future__ import annotations
