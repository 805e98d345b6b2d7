"""The dashboard (/admin): the program at a glance, this period beside the one before."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Annotated, Any

from babel.numbers import get_currency_precision
from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.requests import Request

from loyalty.auth.roles import VIEW_PANEL
from loyalty.db.uow import unit_of_work
from loyalty.programs import service as programs
from loyalty.reports import service as reports
from loyalty.reports.service import Dashboard, Series
from loyalty.web.deps import get_database
from loyalty.web.pages.forms import parse_id
from loyalty.web.pages.render import gettext, render
from loyalty.web.pages.signed_in import StaffContext, staff

router = APIRouter(prefix="/admin")
Viewer = Annotated[StaffContext, Depends(staff(VIEW_PANEL))]
DEFAULT_DAYS = 30


def _major(minor: int, currency: str) -> float:
    """Minor units as the currency's major units, for a chart's axis."""
    return float(Decimal(minor).scaleb(-get_currency_precision(currency)))


def _chart(request: Request, chart_id: str, series: Series, *, money: str | None = None) -> dict[str, Any]:
    def values(data: list[int]) -> list[float] | list[int]:
        return [_major(value, money) for value in data] if money else data
    return {"id": chart_id, "money": money is not None, "series": [
        {"label": gettext(request, "This period"), "data": values(series.current)},
        {"label": gettext(request, "Previous period"), "data": values(series.previous)},
    ]}


def chart_data(request: Request, figures: Dashboard, currency: str) -> str:
    """What the charts' script draws, as JSON for a <script type="application/json">."""
    data = {
        "labels": [day.isoformat() for day in figures.dates],
        "charts": [
            _chart(request, "chart-members", figures.new_members),
            _chart(request, "chart-revenue", figures.revenue_minor, money=currency),
            _chart(request, "chart-issued", figures.points_issued),
            _chart(request, "chart-spent", figures.points_spent),
        ],
    }
    # `</` cannot end the script element early: JSON allows `<\/`.
    return json.dumps(data, separators=(",", ":")).replace("</", "<\\/")


@router.get("")
def dashboard(request: Request, me: Viewer, days: str = "") -> Response:
    period = parse_id(days)
    period = period if period in reports.PERIODS else DEFAULT_DAYS
    with unit_of_work(get_database(request), read_only=True) as db:
        program = programs.get_program(session=db, program_id=me.program.id)
        figures = reports.dashboard(session=db, program=program, days=period)
    return render(request, "admin/dashboard.html", {
        "title": gettext(request, "Dashboard"), "figures": figures, "periods": reports.PERIODS,
        "chart_json": chart_data(request, figures, me.program.currency),
        "minor": lambda value: Decimal(value or 0).scaleb(-get_currency_precision(me.program.currency)),
    })
