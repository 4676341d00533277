"""PDF statements (the loan pack), laid out with ReportLab from the ledger's report dataclasses; no SQL here."""

from __future__ import annotations
