"""Tables of the pack: statements from report rows (with the comparison column), and plain figure tables.

Amounts are set as single strings, never as paragraphs, so "Rp" and its number stay on one line; when the widest
amount of a table would not fit its column, the table's figures are set smaller until it does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from pos.ledger.reports.rows import Row
from pos.printing.statements.fonts import BOLD, REGULAR
from pos.printing.statements.text import Words

RULE = colors.HexColor("#444444")
SHADE = colors.HexColor("#eef2f5")

CAPTION = ParagraphStyle("caption", fontName=REGULAR, fontSize=9, leading=11)
CAPTION_BOLD = ParagraphStyle("caption-bold", parent=CAPTION, fontName=BOLD)
HEADER = ParagraphStyle("header", parent=CAPTION, fontName=BOLD, alignment=2)
CELL = ParagraphStyle("cell", parent=CAPTION, fontSize=8.5, leading=10.5)
CELL_HEAD = ParagraphStyle("cell-head", parent=CELL, fontName=BOLD)
CELL_HEAD_RIGHT = ParagraphStyle("cell-head-right", parent=CELL_HEAD, alignment=2)
PADDING = 6  # ReportLab's default left and right padding of a cell
SMALLEST = 6.0


def fitting_size(columns: Sequence[Sequence[str]], widths: Sequence[float], size: float, font: str = BOLD) -> float:
    """The largest font size, from `size` down to a floor, at which every string of each column fits its width."""
    while size > SMALLEST:
        if all(
            stringWidth(text, font, size) <= width - 2 * PADDING
            for texts, width in zip(columns, widths, strict=True)
            for text in texts
        ):
            return size
        size -= 0.5
    return SMALLEST


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def grid(
    data: Sequence[Sequence[object]],
    widths: Sequence[float],
    commands: Sequence[tuple[object, ...]] = (),
    **kwargs: Any,
) -> Table:
    """A table set in the embedded font (ReportLab's default would reference an unembedded Helvetica)."""
    table = Table([list(row) for row in data], colWidths=list(widths), **kwargs)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), *commands]))
    return table


def statement_table(rows: Sequence[Row], words: Words, columns: Sequence[str], width: float) -> Table:
    """A statement: captions on the left, the period's amounts and (when `columns` has two) the comparison's."""
    compare = len(columns) > 1
    amount_width = width * (0.22 if compare else 0.3)
    widths = [width - amount_width * len(columns), *([amount_width] * len(columns))]
    data: list[list[object]] = [["", *(Paragraph(_escape(c), HEADER) for c in columns)]]
    style: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    amounts_of = [
        [words.money(r.amount or 0) for r in rows if r.style != "heading"],
        *([[words.money(r.compare) for r in rows if r.compare is not None]] if compare else []),
    ]
    size = fitting_size(amounts_of, [amount_width] * len(amounts_of), 9)
    style.append(("FONTSIZE", (1, 1), (-1, -1), size))
    for i, row in enumerate(rows, 1):
        caption = _escape(row.caption(words.lang))
        if row.style == "heading":
            data.append([Paragraph(caption, CAPTION_BOLD), *([""] * len(columns))])
            style.append(("TOPPADDING", (0, i), (-1, i), 7))
            continue
        indent = "&nbsp;" * 4 if row.style == "item" else ""
        amounts = [words.money(row.amount or 0)]
        if compare:
            amounts.append(words.money(row.compare or 0) if row.compare is not None else "")
        bold = row.style in ("subtotal", "total")
        data.append([Paragraph(indent + caption, CAPTION_BOLD if bold else CAPTION), *amounts])
        if bold:
            style.append(("FONTNAME", (1, i), (-1, i), BOLD))
            style.append(("LINEABOVE", (1, i), (-1, i), 0.5, RULE))
        if row.style == "total":
            style.append(("BACKGROUND", (0, i), (-1, i), SHADE))
            style.append(("LINEBELOW", (1, i), (-1, i), 1.2, RULE))
    return grid(data, widths, style, repeatRows=1)


def figure_table(
    header: Sequence[str], body: Sequence[Sequence[str]], widths: Sequence[float], total: Sequence[str] | None = None
) -> Table:
    """A plain table of figures: the first column text, the others right-aligned; an optional bold total row."""
    data: list[list[object]] = [
        [Paragraph(_escape(h), CELL_HEAD if i == 0 else CELL_HEAD_RIGHT) for i, h in enumerate(header)]
    ]
    every = [*body, *([total] if total is not None else [])]
    size = fitting_size([[line[i] for line in every] for i in range(1, len(header))], widths[1:], CELL.fontSize)
    for line in body:
        data.append([Paragraph(_escape(line[0]), CELL), *line[1:]])
    if total is not None:
        data.append([Paragraph(_escape(total[0]), CELL_HEAD), *total[1:]])
    style: list[tuple[object, ...]] = [
        ("FONTSIZE", (1, 1), (-1, -1), size),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1 if total is None else -2), [colors.white, colors.HexColor("#f6f8fa")]),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if total is not None:
        style += [
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, RULE),
            ("BACKGROUND", (0, -1), (-1, -1), SHADE),
            ("FONTNAME", (1, -1), (-1, -1), BOLD),
        ]
    return grid(data, widths, style, repeatRows=1)
