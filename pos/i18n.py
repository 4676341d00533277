"""The one translation catalogue of the app.

Code carries English message ids; users read Indonesian (the default) or English. Catalogues are the `.po`
files under `pos/locale/`, compiled with Babel on first use, so the source tree and a frozen build carry the
same text files and nothing binary has to be kept in step with them. The compiled catalogue is kept in the
computer's temporary folder under the hash of its `.po` (`_cached_mo`): parsing the `.po` took a fifth of the
counter's start, and a changed `.po` gets a new name, so a stale catalogue is never read.
"""

from __future__ import annotations

import gettext
import hashlib
import io
import os
import struct
import tempfile
import threading
from pathlib import Path

DOMAIN = "laci"
LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_lock = threading.Lock()
_catalogues: dict[str, gettext.NullTranslations] = {}
_language = DEFAULT_LANGUAGE


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def _cached_mo(lang: str, source: bytes) -> Path:
    digest = hashlib.sha256(source).hexdigest()[:20]
    return Path(tempfile.gettempdir()) / "laci-catalogues" / f"{DOMAIN}-{lang}-{digest}.mo"


def _compile(lang: str, source: bytes) -> bytes:
    # Imported here so that a process that finds its catalogue compiled does not pay for Babel's import.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalogue = read_po(io.BytesIO(source), locale=lang, domain=DOMAIN)
    buf = io.BytesIO()
    write_mo(buf, catalogue, use_fuzzy=False)
    return buf.getvalue()


def _load(lang: str) -> gettext.NullTranslations:
    path = po_path(lang)
    if not path.exists():
        return gettext.NullTranslations()
    source = path.read_bytes()
    cached = _cached_mo(lang, source)
    try:
        return gettext.GNUTranslations(io.BytesIO(cached.read_bytes()))
    except (OSError, struct.error, IndexError, UnicodeDecodeError):
        pass  # not compiled yet (or unreadable): compile it now
    compiled = _compile(lang, source)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f"{cached.name}.{os.getpid()}.partial")
        partial.write_bytes(compiled)
        os.replace(partial, cached)  # whole or not at all, whichever process writes it first
    except OSError:
        pass  # a read-only temporary folder: compile again next time
    return gettext.GNUTranslations(io.BytesIO(compiled))


def catalogue(lang: str) -> gettext.NullTranslations:
    """The compiled translations for `lang`, loaded once per process."""
    with _lock:
        found = _catalogues.get(lang)
        if found is None:
            found = _load(lang)
            _catalogues[lang] = found
        return found


def set_language(lang: str) -> None:
    """Switch every later translation to `lang` ('id' or 'en'); an unknown code falls back to Indonesian."""
    global _language
    _language = lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def language() -> str:
    return _language


def _(msgid: str) -> str:
    """Translate `msgid` into the current language."""
    return catalogue(_language).gettext(msgid)


def ngettext(singular: str, plural: str, n: int) -> str:
    return catalogue(_language).ngettext(singular, plural, n)


def N_(msgid: str) -> str:
    """Mark `msgid` for the catalogue without translating it now (it is translated when shown)."""
    return msgid
