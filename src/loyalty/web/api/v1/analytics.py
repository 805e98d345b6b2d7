"""Analytics: the dashboard's figures and pivots, read from the analytics copy (DuckDB)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from loyalty.analytics import kpis
from loyalty.web import analytics_views as views
from loyalty.web.deps import ApiContext, require
from loyalty.web.errors import declared

router = APIRouter(tags=["analytics"])
Reader = Annotated[ApiContext, Depends(require("analytics:read"))]


@router.get("/analytics/dashboard", responses=declared("422 `invalid_period`: days is not 7, 30, 90 or 365"))
def dashboard(request: Request, context: Reader, days: int = 30) -> dict[str, Any]:
    """Every figure of the admin dashboard for the `days` ending today (program time zone),
    each with the previous period's value. Money in minor units; `liability` as a decimal in
    the program's currency; rates as fractions (null where undefined). As fresh as the last
    sync (`synced_at`, every minute). docs/analytics.md defines each figure."""
    if days not in kpis.PERIODS:
        from loyalty.kernel.errors import Invalid

        raise Invalid("A period is one of 7, 30, 90, 365 days.", code="invalid_period", field="days")
    return views.dashboard_figures(request, context.program, days)


@router.get("/analytics/pivot", responses=declared(
    "422 `unknown_measure`: a measure outside the list", "422 `unknown_dimension`: a dimension outside the list",
    "422 `unknown_grain`: a time grain outside day, week, month, quarter, year",
    "422 `invalid_date`: a date is not YYYY-MM-DD", "422 `invalid_period`: to is before from"))
def run_pivot(request: Request, context: Reader,
              measures: Annotated[list[str], Query(max_length=10)],
              dimensions: Annotated[list[str] | None, Query(max_length=3)] = None,
              grain: str = "month", from_: Annotated[str | None, Query(alias="from")] = None,
              to: str | None = None, filter: Annotated[list[str] | None, Query(max_length=10)] = None,  # noqa: A002
              format: Literal["json", "csv", "xlsx"] = "json") -> Response:  # noqa: A002
    """Measures (receipts, revenue, average_receipt, items, members) by up to three dimensions
    (time, store, channel, category, tier, member_type, segment when segments exist), between
    `from` and `to` (local days, default the last 90), filtered by `filter=dimension:value`.
    `format=csv` or `xlsx` downloads the table (money in major units)."""
    query = views.pivot_request(context.program, measures=measures, dimensions=dimensions or [], grain=grain,
                                first=from_, last=to, filters=filter or [])
    result = views.run_pivot(request, context.program, query)
    if format == "json":
        return JSONResponse({"columns": result.columns, "rows": result.rows, "money": result.money,
                             "truncated": result.truncated})
    body, media, name = views.download(result, context.program, format)
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})
