"""The one translation catalogue of the app.

Code carries English message ids; users read Indonesian (the default) or English. Catalogues are the `.po`
files under `pos/locale/`, compiled in memory with Babel on first use, so the source tree and a frozen build
carry the same text files and nothing binary has to be kept in step with them.
"""

from __future__ import annotations

import gettext
import io
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


def _load(lang: str) -> gettext.NullTranslations:
    # Imported here so that a process that never translates anything does not pay for Babel's import.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    path = po_path(lang)
    if not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as fh:
        catalogue = read_po(fh, locale=lang, domain=DOMAIN)
    buf = io.BytesIO()
    write_mo(buf, catalogue, use_fuzzy=False)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


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
