"""Keeping the translation catalogue in step with the code: extract message ids, update and check `.po` files.

Used by `scripts/catalogue` and by the test that fails when a string has no Indonesian translation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from pos.i18n import DOMAIN, LANGUAGES, po_path

SOURCE_DIR = Path(__file__).resolve().parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "gettext": None}
# Python code, and the owner's web pages' Jinja2 templates (which call `_("...")` like the code does).
METHODS = [("**.py", "python"), ("cloud/web/templates/**.html", "jinja2.ext:babel_extract")]
_PLACEHOLDER = re.compile(r"\{(\w*)\}")


def extract() -> Catalog:
    """Every message id marked in `pos/`, with where it is used."""
    catalog = Catalog(domain=DOMAIN)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(SOURCE_DIR), method_map=METHODS, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def load(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, domain=DOMAIN)
    with path.open("rb") as fh:
        return read_po(fh, locale=lang, domain=DOMAIN)


def update(lang: str) -> Catalog:
    """Bring `lang`'s catalogue up to date with the code, keeping every translation already made."""
    catalog = load(lang)
    catalog.update(extract(), no_fuzzy_matching=True)
    catalog.obsolete.clear()
    path = po_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Sorted by message and without source locations: a catalogue then changes only where a message does, so
    # branches that each add strings merge without conflicts over line numbers and order.
    with path.open("wb") as fh:
        write_po(fh, catalog, width=110, omit_header=False, sort_output=True, no_location=True)
    return catalog


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def problems(lang: str = "id") -> Iterator[str]:
    """What stops `lang` from being complete: missing or fuzzy translations and mismatched placeholders."""
    catalog = load(lang)
    for message in extract():
        if not message.id:
            continue
        found = catalog.get(message.id)
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        if found is None or not found.string or (isinstance(found.string, tuple) and not all(found.string)):
            yield f"untranslated: {msgid!r}"
            continue
        if found.fuzzy:
            yield f"fuzzy: {msgid!r}"
        strings = (found.string,) if isinstance(found.string, str) else tuple(found.string)
        for text in strings:
            if placeholders(text) != placeholders(msgid):
                yield f"placeholders differ: {msgid!r} -> {text!r}"


__all__ = ["LANGUAGES", "extract", "load", "problems", "update"]
