"""Subcommands of `laci`: one module each, with `register(subparsers)` adding its parser and handler."""

from __future__ import annotations
