"""The core of Laci: the shop's domain and its SQLite books. Imports neither Qt, ReportLab nor python-escpos."""

from __future__ import annotations
