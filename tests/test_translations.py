"""The one catalogue: every string the code marks for users has an Indonesian translation."""

from __future__ import annotations

import io

from babel.messages.pofile import write_po

from pos import i18n
from pos.i18n_tools import extract, load, problems


def test_every_message_has_an_indonesian_translation() -> None:
    missing = list(problems("id"))
    assert not missing, "run ./scripts/catalogue and translate:\n" + "\n".join(missing)


def test_the_code_marks_messages_at_all() -> None:
    assert len(extract()) > 50


def test_language_switch_changes_messages() -> None:
    i18n.set_language("id")
    assert i18n._("The cart is empty.") == "Keranjang masih kosong."
    i18n.set_language("en")
    assert i18n._("The cart is empty.") == "The cart is empty."


def test_unknown_language_falls_back_to_indonesian() -> None:
    i18n.set_language("fr")
    assert i18n.language() == "id"


def test_catalogues_are_in_the_form_the_tools_write() -> None:
    """A catalogue spliced by a line-based merge can lose a msgstr and still load; written anew it would differ."""
    for lang in i18n.LANGUAGES:
        out = io.BytesIO()
        write_po(out, load(lang), width=110, omit_header=False, sort_output=True, no_location=True)
        assert out.getvalue() == i18n.po_path(lang).read_bytes(), f"run ./scripts/catalogue: {lang} is not as written"
