"""The command line's text on any console: UTF-8 when it goes to a file or a pipe, and never a crash on "−" or 😀.

On Windows, Python writes output redirected to a file in the ANSI code page (cp1252), which has no "−" (the minus
of negative amounts) and no emoji a product name may carry; a report redirected to a file would stop half-way
with UnicodeEncodeError. Redirected output is written as UTF-8 instead, which Notepad and Excel read. A console
keeps the encoding Python chose for it (Windows' own console takes any character), and a character a console
cannot show becomes "?" rather than an error.
"""

from __future__ import annotations

import contextlib
import io
import sys


def utf8_streams() -> None:
    """Reconfigure standard output and error as described above; streams that are not text files stay as they are."""
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):
            continue  # None in a windowed program, or something a caller put there
        with contextlib.suppress(ValueError, OSError):
            if stream.isatty():
                stream.reconfigure(errors="replace")
            else:
                stream.reconfigure(encoding="utf-8", errors="replace")
