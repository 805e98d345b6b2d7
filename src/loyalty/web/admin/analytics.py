"""Analytics in the admin panel beside the dashboard (/admin, web/admin/dashboard.py): the pivot
with its chart and CSV/XLSX downloads (/admin/analytics/pivot), and "Sync now", which brings the
analytics copy up to date. /admin/analytics, where the figures were, sends to the dashboard."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from babel.numbers import get_currency_precision
from fastapi import APIRouter, Depends
from fastapi.responses import RedirectResponse, Response
from starlette.requests import Request

from loyalty.analytics import pivot, warehouse
from loyalty.auth.roles import VIEW_PANEL
from loyalty.db.uow import unit_of_work
from loyalty.kernel.errors import DomainError
from loyalty.programs import service as programs
from loyalty.programs.models import Program
from loyalty.web import analytics_views as views
from loyalty.web.deps import get_database
from loyalty.web.pages.render import gettext, render
from loyalty.web.pages.signed_in import StaffContext, staff

router = APIRouter(prefix="/admin/analytics")
Viewer = Annotated[StaffContext, Depends(staff(VIEW_PANEL))]


@router.get("")
def analytics_page(request: Request, me: Viewer) -> Response:
    """The figures moved to the dashboard (/admin); old links and bookmarks land there."""
    query = request.url.query
    return RedirectResponse("/admin" + (f"?{query}" if query else ""), status_code=307)


@router.post("/sync")
def sync_now(request: Request, me: Viewer) -> Response:
    """Bring the analytics copy up to date now (the worker does it every minute anyway)."""
    warehouse.sync(get_database(request), views.settings_of(request))
    back = request.headers.get("referer") or "/admin"
    return RedirectResponse(back if back.startswith(str(request.base_url)) else "/admin", status_code=303)


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
        "grains": pivot.GRAINS, "filters": pivot.FILTERS, "chart_data": chart or None,
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
