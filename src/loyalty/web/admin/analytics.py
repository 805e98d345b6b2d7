"""Analytics in the admin panel: every figure of docs/analytics.md for a period beside the one
before (/admin/analytics), and the pivot with its chart and CSV/XLSX downloads
(/admin/analytics/pivot). Both read the analytics copy only; "Sync now" brings it up to date."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Annotated, Any

from babel.numbers import get_currency_precision
from fastapi import APIRouter, Depends
from fastapi.responses import RedirectResponse, Response
from starlette.requests import Request

from loyalty.analytics import kpis, pivot, warehouse
from loyalty.auth.roles import VIEW_PANEL
from loyalty.campaigns import service as campaigns
from loyalty.db.uow import unit_of_work
from loyalty.kernel.errors import DomainError
from loyalty.programs import service as programs
from loyalty.programs.models import Program
from loyalty.web import analytics_views as views
from loyalty.web.deps import get_database
from loyalty.web.pages.forms import parse_id
from loyalty.web.pages.render import gettext, render
from loyalty.web.pages.signed_in import StaffContext, staff

router = APIRouter(prefix="/admin/analytics")
Viewer = Annotated[StaffContext, Depends(staff(VIEW_PANEL))]
DEFAULT_DAYS = 30


def _json(data: Any) -> str:
    return json.dumps(data, separators=(",", ":"), default=str).replace("</", "<\\/")


def _charts(request: Request, figures: dict[str, Any], digits: int) -> list[dict[str, Any]]:
    def major(values: list[int]) -> list[float]:
        return [float(Decimal(value).scaleb(-digits)) for value in values]

    this, before = gettext(request, "This period"), gettext(request, "Previous period")
    daily = figures["daily"]
    labels = daily["labels"]

    def line(chart_id: str, name: str, money: bool = False) -> dict[str, Any]:
        pair = daily[name]
        values = (major(pair["current"]), major(pair["previous"])) if money else (pair["current"], pair["previous"])
        return {"id": chart_id, "type": "line", "labels": labels, "money": money,
                "series": [{"label": this, "data": values[0]}, {"label": before, "data": values[1], "dashed": True}]}

    def bars(chart_id: str, rows: list[dict[str, Any]], empty: str) -> dict[str, Any]:
        return {"id": chart_id, "type": "bar", "money": True, "labels": [row["key"] or empty for row in rows],
                "series": [{"label": this, "data": major([row["revenue_minor"]["current"] for row in rows])},
                           {"label": before, "data": major([row["revenue_minor"]["previous"] for row in rows])}]}

    funnel = figures["referrals"]
    steps = ("signed_up", "qualified", "rewarded")
    return [
        line("chart-revenue", "revenue_minor", money=True),
        line("chart-enrolments", "enrolments"),
        line("chart-issued", "issued"),
        line("chart-spent", "spent"),
        bars("chart-channels", figures["revenue_by_channel"], "—"),
        bars("chart-stores", figures["revenue_by_store"], gettext(request, "no store")),
        {"id": "chart-tiers", "type": "bar", "money": False,
         "labels": [tier["name"] for tier in figures["tiers"]["distribution"]],
         "series": [{"label": gettext(request, "Members"),
                     "data": [tier["members"] for tier in figures["tiers"]["distribution"]]}]},
        {"id": "chart-referrals", "type": "bar", "money": False,
         "labels": [gettext(request, "Signed up"), gettext(request, "Qualified"), gettext(request, "Rewarded")],
         "series": [{"label": this, "data": [funnel[step]["current"] for step in steps]},
                    {"label": before, "data": [funnel[step]["previous"] for step in steps]}]},
    ]


@router.get("")
def analytics_page(request: Request, me: Viewer, days: str = "") -> Response:
    period = parse_id(days)
    period = period if period in kpis.PERIODS else DEFAULT_DAYS
    with unit_of_work(get_database(request), read_only=True) as db:
        program = programs.get_program(session=db, program_id=me.program.id)
        figures = views.dashboard_figures(request, program, period)
    digits = get_currency_precision(me.program.currency)
    return render(request, "admin/analytics.html", {
        "title": gettext(request, "Analytics"), "f": figures, "periods": kpis.PERIODS,
        "chart_json": _json({"charts": _charts(request, figures, digits)}),
        "minor": lambda value: None if value is None else Decimal(round(value)).scaleb(-digits),
        "results": _campaign_results(request, me),
    })


def _campaign_results(request: Request, me: StaffContext) -> list[dict[str, Any]]:
    """The latest campaigns' measured results (campaigns/measurement.py), where there are any."""
    found: list[dict[str, Any]] = []
    try:
        with unit_of_work(get_database(request), read_only=True) as db:
            program = programs.get_program(session=db, program_id=me.program.id)
            for campaign in campaigns.list_campaigns(session=db, program_id=program.id, limit=50).items[-5:]:
                if campaign.status not in ("running", "completed", "stopped"):
                    continue
                results = campaigns.results(session=db, program=program, campaign_id=campaign.id)
                found.append({"name": campaign.name, "results": results.model_dump(mode="json")})
    except (DomainError, TypeError, AttributeError):  # results are an extra: the page stands without them
        return found
    return found


@router.post("/sync")
def sync_now(request: Request, me: Viewer) -> Response:
    """Bring the analytics copy up to date now (the worker does it every minute anyway)."""
    warehouse.sync(get_database(request), views.settings_of(request))
    back = request.headers.get("referer") or "/admin/analytics"
    return RedirectResponse(back if back.startswith(str(request.base_url)) else "/admin/analytics", status_code=303)


def _pivot_query(request: Request, me: StaffContext) -> pivot.PivotRequest:
    params = request.query_params
    return views.pivot_request(
        _program(request, me), measures=params.getlist("measure") or ["revenue"],
        dimensions=[d for d in params.getlist("dimension") if d], grain=params.get("grain", "month"),
        first=params.get("from"), last=params.get("to"),
        filters=[f"{key}:{params.get('f_' + key)}" for key in pivot.FILTERS if params.get("f_" + key)])


@router.get("/pivot")
def pivot_page(request: Request, me: Viewer) -> Response:
    error = None
    result = None
    try:
        query = _pivot_query(request, me)
        if request.query_params.get("measure"):
            result = views.run_pivot(request, _program(request, me), query)
    except DomainError as problem:
        error = problem.message
        query = views.pivot_request(_program(request, me), measures=["revenue"], dimensions=[], grain="month",
                                    first=None, last=None, filters=[])
    digits = get_currency_precision(me.program.currency)
    chart: dict[str, Any] | None = None
    if result and result.rows and query.dimensions:
        first_measure = query.measures[0]
        index = result.columns.index(first_measure)
        labels = [" · ".join(str(v) for v in row[:len(query.dimensions)]) for row in result.rows[:200]]
        data = [row[index] for row in result.rows[:200]]
        if first_measure in result.money:
            data = [float(Decimal(value).scaleb(-digits)) for value in data]
        chart = {"charts": [{"id": "chart-pivot", "type": "bar", "labels": labels, "money": False,
                             "series": [{"label": first_measure, "data": data}]}]}
    query_string = request.url.query
    return render(request, "admin/analytics_pivot.html", {
        "title": gettext(request, "Pivot"), "query": query, "result": result, "error": error,
        "measures": list(pivot.MEASURES), "dimensions": [d for d in pivot.DIMENSIONS if d != "segment"
                                                         or (result is not None and "segment" in result.columns)],
        "grains": pivot.GRAINS, "filters": pivot.FILTERS, "chart_json": _json(chart) if chart else None,
        "query_string": query_string, "minor": lambda value: Decimal(int(value)).scaleb(-digits),
    }, status=422 if error else 200)


def _program(request: Request, me: StaffContext) -> Program:
    with unit_of_work(get_database(request), read_only=True) as db:
        program = programs.get_program(session=db, program_id=me.program.id)
        db.expunge(program)
    return program


@router.get("/pivot/export")
def pivot_export(request: Request, me: Viewer, format: str = "csv") -> Response:  # noqa: A002
    try:
        program = _program(request, me)
        result = views.run_pivot(request, program, _pivot_query(request, me))
    except DomainError as problem:
        return Response(problem.message, status_code=422, media_type="text/plain")
    body, media, name = views.download(result, program, "xlsx" if format == "xlsx" else "csv")
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})
