"""python-escpos, loaded once and quietly: its profiles cached in the app's cache folder, its logging left alone.

Importing python-escpos calls `logging.basicConfig()` (in `escpos.capabilities`), which would print every
warning of the app to standard error in English beside the translated message (`laci print pending` did). The
handler it adds is taken away again; the app's own logging set-up, when there is one, is untouched (basicConfig
does nothing once the root logger has a handler). It also pickles its printer profiles into a new temporary
folder in every process unless told where to cache them.
"""

from __future__ import annotations

import importlib
import logging
import os
from functools import cache

from platformdirs import user_cache_path


def _prepare_cache() -> None:
    """python-escpos does not create its cache folder itself; if we cannot either, it uses a temporary one."""
    if "ESCPOS_CAPABILITIES_PICKLE_DIR" in os.environ:
        return
    folder = user_cache_path("Laci", appauthor=False) / "escpos"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(folder)


_prepare_cache()


@cache
def load_escpos() -> None:
    """Import python-escpos (every printer class and the profiles) once, without its logging set-up."""
    root = logging.getLogger()
    before = list(root.handlers)
    importlib.import_module("escpos.printer")  # every printer class; it loads the profiles (capabilities)
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
