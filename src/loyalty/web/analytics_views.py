"""What the dashboard and the pivot share between the REST API and the admin pages: reading
the analytics copy for the signed-in program, and turning query parameters into a pivot."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from babel.numbers import get_currency_precision
from starlette.requests import Request

from loyalty.analytics import export, kpis, pivot, warehouse
from loyalty.config import Settings
from loyalty.kernel import clock
from loyalty.kernel.errors import Invalid
from loyalty.programs.models import Program
from loyalty.web.deps import get_database


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def main_unit(program: Program) -> str:
    return "points" if "points" in program.units else program.units[0]


def dashboard_figures(request: Request, program: Program, days: int) -> dict[str, Any]:
    with warehouse.reader(settings_of(request), get_database(request)) as con:
        figures = kpis.dashboard(con, program_id=program.id, zone=program.timezone, unit=main_unit(program),
                                 point_value=program.point_value, days=days, now=clock.now())
        synced = warehouse.last_synced_at(con)
    figures["synced_at"] = synced.isoformat() if synced else None
    figures["currency"] = program.currency
    return figures


def _day(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise Invalid("A date is YYYY-MM-DD.", code="invalid_date", field=field) from error


def pivot_request(program: Program, *, measures: list[str], dimensions: list[str], grain: str,
                  first: str | None, last: str | None, filters: list[str]) -> pivot.PivotRequest:
    """A pivot from query parameters; `filters` are "dimension:value" (the value may hold colons)."""
    today = clock.now().astimezone(ZoneInfo(program.timezone)).date()
    last_day = _day(last, "to") or today
    first_day = _day(first, "from") or (last_day - timedelta(days=89))
    chosen: dict[str, str] = {}
    for item in filters:
        key, separator, value = item.partition(":")
        if not separator or not value:
            continue
        chosen[key] = value
    return pivot.PivotRequest(measures=[m for m in measures if m], dimensions=[d for d in dimensions if d],
                              grain=grain or "month", first_day=first_day, last_day=last_day, filters=chosen)


def run_pivot(request: Request, program: Program, query: pivot.PivotRequest) -> pivot.PivotResult:
    with warehouse.reader(settings_of(request), get_database(request)) as con:
        return pivot.run(con, program_id=program.id, zone=program.timezone, request=query)


def download(result: pivot.PivotResult, program: Program, fmt: str) -> tuple[bytes, str, str]:
    """(body, media type, file name) of the pivot as CSV or XLSX."""
    money = [index for index, name in enumerate(result.columns) if name in result.money]
    digits = get_currency_precision(program.currency)
    stamp = datetime.now().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        return (export.to_xlsx(result.columns, result.rows, money=money, digits=digits),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", f"pivot-{stamp}.xlsx")
    return (export.to_csv(result.columns, result.rows, money=money, digits=digits), "text/csv; charset=utf-8",
            f"pivot-{stamp}.csv")
