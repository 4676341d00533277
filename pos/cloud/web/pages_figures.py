"""The owner's figure pages: a day (today by default), any period, the shifts of a day, stock running low,
kasbon to collect, and the counters' sync. Every page takes the outlet (`shop`: one of the owner's, or all)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Final

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import RedirectResponse

from pos.cloud.web import charts, lists, views
from pos.cloud.web.guard import Missing, check_form, shops_in_view
from pos.cloud.web.render import Page
from pos.cloud.web.site import Site, Viewer
from pos.i18n import N_
from pos.ledger.base.period import Period, add_months, last_month, month_end
from pos.ledger.people.kasbon import reminder_for
from pos.ledger.reports.channels import ChannelRow
from pos.ledger.reports.dashboard import method_rows

MAX_DAYS: Final = 400
MIN_SILENT, MAX_SILENT = 5, 7 * 24 * 60
Param = Annotated[str | None, Query(max_length=64)]
METHOD_NAMES: Final = {
    "cash": N_("Cash"),
    "qris": "QRIS",
    "transfer": N_("Transfer"),
    "ewallet": N_("E-wallet"),
    "kasbon": "Kasbon",
    "platform": N_("Platform"),
    "deposit": N_("Down payment"),
    "credit": N_("Customer's credit"),
}


class BadInput(Exception):
    """A date or number in the address that cannot be read; the message is an English message id."""


def _date(raw: str | None, default: dt.date) -> dt.date:
    if not raw:
        return default
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise BadInput(N_("Write dates as YYYY-MM-DD.")) from None


def _period(viewer: Viewer, preset: str | None, start: str | None, end: str | None) -> Period:
    today = viewer.today
    if preset == "this_week":
        return Period(today - dt.timedelta(days=today.weekday()), today)
    if preset == "this_month":
        return Period(today.replace(day=1), today)
    if preset == "last_month":
        return last_month(today)
    if preset not in (None, "", "custom"):
        raise BadInput(N_("Choose this week, this month, last month or two dates."))
    first = _date(start, today.replace(day=1))
    last = _date(end, today)
    if last < first:
        raise BadInput(N_("The period ends before it starts."))
    if (last - first).days >= MAX_DAYS:
        raise BadInput(N_("Choose a period of at most 400 days."))
    return Period(first, last)


def _overview(site: Site, request: Request, viewer: Viewer, period: Period, name: str) -> Response:
    found = views.overview(site.db, viewer.outlets, period)
    page = viewer.page
    describe = [f"{h.hour:02d}.00: {page.rupiah(h.revenue)} ({h.sales})" for h in found.by_hour]
    methods = [(m, page._(METHOD_NAMES.get(m, m)), a) for m, a in method_rows(found.report.by_method)]
    # As the counter's Z report: by channel only when a channel other than the counter sold or refunded.
    channels = [
        (row, _channel_note(page, row)) for row in (found.report.by_channel if found.beyond_the_counter else ())
    ]
    return site.show(
        request,
        viewer,
        "overview.html",
        name,
        o=found,
        methods=methods,
        channels=channels,
        chart=charts.hour_chart(found.by_hour, describe),
        share=charts.shares([(label, amount) for _m, label, amount in methods]),
        previous_day=period.start - dt.timedelta(days=1),
        next_day=period.start + dt.timedelta(days=1),
        month_start=add_months(period.start.replace(day=1), 0),
        month_end=month_end(period.start),
    )


def _channel_note(page: Page, row: ChannelRow) -> str:
    """What a channel's takings became its net: ongkir within them, the platform's commission, refunds."""
    parts = (
        (N_("Delivery fee"), row.delivery_fees),
        (N_("Commission"), -row.commission),
        (N_("Refunds"), -row.refunds),
    )
    return " · ".join(f"{page._(label)} {page.rupiah(amount)}" for label, amount in parts if amount)


def router(site: Site) -> APIRouter:
    r = APIRouter(prefix="/web", include_in_schema=False)

    @r.get("/today")
    def today(request: Request, shop: Param = None, date: Param = None) -> Response:
        viewer = site.viewer(request, shop)
        day = _date(date, viewer.today)
        return _overview(site, request, viewer, Period(day, day), "today")

    @r.get("/period")
    def period(
        request: Request, shop: Param = None, preset: Param = None, start: Param = None, end: Param = None
    ) -> Response:
        viewer = site.viewer(request, shop)
        return _overview(site, request, viewer, _period(viewer, preset, start, end), "period")

    @r.get("/shifts")
    def shifts(request: Request, shop: Param = None, date: Param = None) -> Response:
        viewer = site.viewer(request, shop)
        day = _date(date, viewer.today)
        return site.show(
            request, viewer, "shifts.html", "shifts", day=day, shifts=views.shifts(site.db, viewer.outlets, day)
        )

    @r.get("/stock")
    def stock(request: Request, shop: Param = None) -> Response:
        viewer = site.viewer(request, shop)
        return site.show(request, viewer, "stock.html", "stock", stock=views.low_stock(site.db, viewer.outlets))

    @r.get("/kasbon")
    def kasbon(request: Request, shop: Param = None) -> Response:
        viewer = site.viewer(request, shop)
        page = viewer.page
        owing = views.kasbon(site.db, viewer.outlets, viewer.today)
        # As on the counter: the credit a customer keeps is netted in the reminder, and none is sent when it covers
        # the whole tab (None: the page says so).
        reminders = {
            (outlet.shop_id, a.customer_id): (
                reminder_for(a.name, a.phone, outlet.name, a.total, page._, page.lang, held=a.credit)
                if a.to_pay
                else None
            )
            for outlet, due, _count, _total in owing
            for a in due
        }
        return site.show(request, viewer, "kasbon.html", "kasbon", owing=owing, reminders=reminders)

    @r.get("/counters")
    def counters(request: Request, shop: Param = None) -> Response:
        viewer = site.viewer(request, shop)
        found = []
        for outlet in viewer.outlets:
            with site.db.transaction(outlet.shop_id) as conn:
                found.append(
                    (
                        outlet,
                        lists.counter_syncs(conn, outlet.shop_id, viewer.now),
                        lists.silent_minutes(conn, outlet.shop_id),
                    )
                )
        return site.show(request, viewer, "counters.html", "counters", found=found, problem="")

    @r.post("/counters")
    def set_silence(
        request: Request,
        shop: Annotated[str, Form(max_length=64)],
        minutes: Annotated[str, Form(max_length=12)],
        csrf: Annotated[str, Form(max_length=300)] = "",
    ) -> Response:
        viewer = site.viewer(request, None)
        check_form(request, csrf, viewer.session)
        _chosen, ids = shops_in_view(viewer.session, shop)
        if shop == "all" or len(ids) != 1:
            raise Missing
        if not minutes.isdigit() or not MIN_SILENT <= int(minutes) <= MAX_SILENT:
            raise BadInput(N_("Give the minutes as a whole number from 5 to 10080."))
        with site.db.transaction(ids[0]) as conn:
            lists.set_silent_minutes(conn, ids[0], int(minutes))
        return RedirectResponse(f"/web/counters?shop={ids[0].hex}", status_code=303)

    return r
