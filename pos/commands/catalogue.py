"""`laci catalogue --out DIR [--channel CODE]`: the products to share at a channel's prices, as a PDF and as
WhatsApp and Instagram pictures; and `laci products picture SKU_OR_BARCODE FILE`, which gives a product its photo."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from pos import i18n
from pos.commands.common import EXIT_BAD_INPUT, EXIT_NOT_FOUND, EXIT_OK, fail, has_database, open_shop_db, os_exit
from pos.i18n import N_, _, ngettext
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.errors import InvalidInput, NotFound
from pos.ledger.base.ids import ProductId
from pos.ledger.channels import catalogue
from pos.ledger.shop import settings
from pos.ledger.stock.pictures import pictures_dir, set_picture
from pos.paths import data_dir
from pos.printing.catalogue.render import render_catalogue
from pos.printing.catalogue.sheets import KINDS, Kind

DEFAULT_KINDS: tuple[Kind, ...] = ("pdf", "status", "square")
_FIELD_END = re.compile(r"[,;\t]")


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "catalogue",
        help=_("make a catalogue to share: a PDF and pictures for WhatsApp status and Instagram"),
        description=_(
            "Without --category or --products-file, the saved selection is used, or every product on sale "
            "when none is saved."
        ),
    )
    parser.add_argument("--out", required=True, metavar="DIR", help=_("the folder to write the files into"))
    parser.add_argument(
        "--category",
        action="append",
        default=[],
        metavar="NAME",
        help=_("the products of this category (may be given more than once)"),
    )
    parser.add_argument("--products-file", metavar="FILE", help=_("a text file with one SKU or barcode on each line"))
    parser.add_argument(
        "--save-selection",
        action="store_true",
        help=_("remember the products chosen with --category or --products-file as the saved selection"),
    )
    parser.add_argument(
        "--lang",
        dest="catalogue_lang",
        choices=i18n.LANGUAGES,
        help=_("language of the catalogue: id or en (default: the shop's language)"),
    )
    parser.add_argument(
        "--channel",
        metavar="CODE",
        help=_(
            "the channel whose prices it shows, such as whatsapp, instagram or gofood (default: whatsapp, whose "
            "ordering code it carries)"
        ),
    )
    parser.add_argument("--title", metavar="TEXT", help=_("the title under the shop's name (default: Catalogue)"))
    parser.add_argument(
        "--format",
        dest="formats",
        action="append",
        choices=KINDS,
        metavar="FORMAT",
        help=_(
            "pdf (A4), status (1080x1920), square (1080x1080) or portrait (1080x1350); may be given more than "
            "once (default: pdf, status and square)"
        ),
    )
    parser.set_defaults(handler=run_catalogue)


def register_picture(actions: Any) -> None:
    """`laci products picture`: added to the `products` command's actions."""
    picture = actions.add_parser("picture", help=_("give a product its picture (a JPEG or PNG photo)"))
    picture.add_argument("code", metavar="SKU_OR_BARCODE", help=_("the product's SKU or one of its barcodes"))
    picture.add_argument("file", metavar="FILE", help=_("the photo"))
    picture.set_defaults(handler=run_picture)


def _no_shop() -> int:
    return fail(_("There is no shop here yet; create one with 'laci init' or 'laci demo'."), EXIT_NOT_FOUND)


def read_codes(path: Path) -> list[str]:
    """The codes in a products file: one a line; blank lines and lines starting with # are skipped.

    A line with commas, semicolons or tabs (a row copied from a spreadsheet) gives its first field.
    """
    codes: list[str] = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        code = _FIELD_END.split(line, maxsplit=1)[0].strip()
        if code and not code.startswith("#"):
            codes.append(code)
    if not codes:
        raise InvalidInput(N_("{file} lists no products."), file=str(path))
    return codes


def _chosen(session: Session, args: argparse.Namespace, codes: list[str] | None) -> tuple[list[ProductId], str]:
    """The products for the catalogue, and a note on where the choice came from ("" when it was given)."""
    if args.category or codes is not None:
        ids = catalogue.products_in_categories(session, args.category) if args.category else []
        if codes is not None:
            ids += catalogue.products_by_codes(session, codes)
        return ids, ""
    saved = catalogue.saved_selection(session)
    if saved:
        return saved, _("Using the saved selection.")
    return catalogue.all_products(session), _("No selection is saved: every product on sale is in the catalogue.")


def run_catalogue(args: argparse.Namespace) -> int:
    if not has_database(args):
        return _no_shop()
    if args.save_selection and not (args.category or args.products_file):
        return fail(_("--save-selection needs --category or --products-file."), EXIT_BAD_INPUT)
    try:
        codes = read_codes(Path(args.products_file)) if args.products_file else None
    except OSError as err:
        return fail(
            _("{file} cannot be read: {error}").format(file=args.products_file, error=err.strerror or err), os_exit(err)
        )
    except UnicodeDecodeError:
        return fail(_("{file} is not a text file.").format(file=args.products_file), EXIT_BAD_INPUT)
    folder = data_dir(args.data_dir)
    db = open_shop_db(args)
    try:
        with db.write() if args.save_selection else db.read() as session:
            ids, note = _chosen(session, args, codes)
            if args.save_selection:
                catalogue.save_selection(session, ids)
            values = settings.load(session)
            lang = args.catalogue_lang or args.lang or values.language
            made_on = business_date(utc_now(), values.timezone)
            chosen = catalogue.build_catalogue(session, folder, ids, lang=lang, channel=args.channel)
    finally:
        db.dispose()
    if note:
        print(note)
    print(_("Prices for {channel}.").format(channel=chosen.channel))
    if chosen.order_on:
        print(_("It tells customers to order on {channel}.").format(channel=chosen.order_on))
    elif not chosen.whatsapp and chosen.channel_code == catalogue.WHATSAPP:
        print(_("The shop has no phone number, so the catalogue has no WhatsApp ordering code."))
    out = Path(args.out)
    kinds: tuple[Kind, ...] = tuple(args.formats or DEFAULT_KINDS)
    try:
        files = render_catalogue(chosen, out, kinds, lang=lang, title=args.title, made_on=made_on)
    except OSError as err:
        return fail(_("{file} cannot be written: {error}").format(file=out, error=err.strerror or err), os_exit(err))
    count = len(chosen.items)
    print(
        ngettext(
            "A catalogue of {n} product was written to {folder}:",
            "A catalogue of {n} products was written to {folder}:",
            count,
        ).format(n=count, folder=out)
    )
    for file in files:
        print(f"  {file.name}")
    if args.save_selection:
        print(_("The selection is saved for next time."))
    return EXIT_OK


def run_picture(args: argparse.Namespace) -> int:
    if not has_database(args):
        return _no_shop()
    db = open_shop_db(args)
    try:
        with db.read() as session:
            product = catalogue.product_by_code(session, args.code)
            if product is None:
                raise NotFound(N_("No product has the code {codes}."), codes=args.code)
            path = set_picture(session, data_dir(args.data_dir), product, Path(args.file))
    except OSError as err:
        folder = pictures_dir(data_dir(args.data_dir))
        return fail(
            _("The picture cannot be saved in {folder}: {error}").format(folder=folder, error=err.strerror or err),
            os_exit(err),
        )
    finally:
        db.dispose()
    print(_("The picture of {code} is saved as {file}.").format(code=args.code, file=path))
    return EXIT_OK
