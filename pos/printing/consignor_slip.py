"""A consignor's statement for the receipt printer, as a pure function to lines: per product what was left, sold,
returned and is still on the shelf; then the money owed, earned, paid and still owed; a line to sign."""

from __future__ import annotations

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.slips.slip_types import ConsignorSlip
from pos.printing.sheet import Line, add_flags, add_header, amount_text, minus_text, new_sheet, when_text
from pos.printing.text import ASCII


def _span(slip: ConsignorSlip) -> str:
    period = slip.statement.period
    if period.start == period.end:
        return fmt.date(period.start)
    return f"{fmt.date(period.start)} - {fmt.date(period.end)}"


def consignor_lines(slip: ConsignorSlip, columns: int, *, codepage: str = ASCII) -> list[Line]:
    sheet = new_sheet(columns, codepage)
    statement = slip.statement
    add_header(sheet, slip.shop)
    add_flags(sheet, is_copy=slip.is_copy)
    sheet.centred(_("CONSIGNMENT STATEMENT"), bold=True)
    sheet.rule()
    sheet.info([(_("Consignor"), statement.consignor), (_("Period"), _span(slip)), (_("Date"), when_text(slip.at))])
    sheet.rule()
    for line in statement.lines:
        sheet.wrapped(line.name)
        sheet.pair(_("Left with us"), f"{fmt.qty(line.before + line.received)} {line.unit}", indent=2)
        sheet.pair(_("Sold"), fmt.qty(line.sold), indent=2)
        if line.returned:
            sheet.pair(_("Returned to you"), fmt.qty(line.returned), indent=2)
        if line.other:
            sheet.pair(_("Other changes"), fmt.qty(line.other), indent=2)
        sheet.pair(_("Still on the shelf"), fmt.qty(line.after), indent=2)
    sheet.rule()
    if statement.owed_before:
        sheet.pair(_("Owed before"), amount_text(statement.owed_before))
    sheet.pair(_("Your share of sales"), amount_text(statement.earned))
    sheet.pair(_("Paid to you"), minus_text(statement.paid), bold=True)
    sheet.pair(_("STILL OWED"), fmt.rupiah(statement.owed_after), bold=True)
    sheet.add()
    sheet.add(_("Received by:"))
    sheet.add()
    sheet.add()
    sheet.add("(" + "_" * min(24, columns - 2) + ")")
    sheet.cut()
    return sheet.lines
