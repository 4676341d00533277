"""A git merge driver for the translation catalogues: the union of both sides' messages, written sorted.

Two branches that each add strings touch neighbouring lines of a sorted catalogue, and a line-based merge then
splices entries together. This reads the common ancestor and both sides as catalogues instead: a message either
side added or retranslated is kept (ours wins where both changed the same one), a message either side removed
stays removed, and the result is written as `pos.i18n_tools.update` writes catalogues. Set it up once per clone:

    git config merge.po-catalogue.driver ".venv/bin/python scripts/merge_po.py %O %A %B"
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po


def _read(path: str) -> Catalog:
    with Path(path).open("rb") as fh:
        return read_po(fh)


def merge(base_path: str, ours_path: str, theirs_path: str) -> Catalog:
    base, ours, theirs = _read(base_path), _read(ours_path), _read(theirs_path)
    merged = Catalog(locale=ours.locale, domain=ours.domain, header_comment=ours.header_comment)
    merged.mime_headers = ours.mime_headers
    ids = {m.id for m in ours if m.id} | {m.id for m in theirs if m.id}
    for msgid in sorted(ids, key=lambda i: i if isinstance(i, str) else i[0]):
        mine, other, old = ours.get(msgid), theirs.get(msgid), base.get(msgid)
        if mine is None or other is None:
            # Only one side has it: it was added there, or removed on the other side after the ancestor had it.
            present = mine or other
            if old is not None and present is not None and present.string == old.string:
                continue
            chosen = present
        elif mine.string != (old.string if old else None) or not other.string:
            chosen = mine
        else:
            chosen = other
        assert chosen is not None
        merged.add(chosen.id, chosen.string, flags=chosen.flags, auto_comments=chosen.auto_comments)
    return merged


def main(argv: list[str]) -> int:
    base_path, ours_path, theirs_path = argv[1:4]
    merged = merge(base_path, ours_path, theirs_path)
    with Path(ours_path).open("wb") as fh:
        write_po(fh, merged, width=110, omit_header=False, sort_output=True, no_location=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
