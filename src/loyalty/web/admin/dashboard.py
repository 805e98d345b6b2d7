"""The dashboard (/admin): every figure of docs/analytics.md for a period beside the one before,
read from the analytics copy (never the operational database), with its charts, and the measured
results of the latest campaigns and journeys (read live: they are few and small)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from babel.numbers import get_currency_precision
from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.requests import Request

from loyalty.analytics import kpis
from loyalty.auth.roles import VIEW_PANEL
from loyalty.campaigns import service as campaigns
from loyalty.db.uow import unit_of_work
from loyalty.journeys import service as journeys
from loyalty.programs import service as programs
from loyalty.programs.models import Program
from loyalty.web import analytics_views as views
from loyalty.web.deps import get_database
from loyalty.web.pages.forms import parse_id
from loyalty.web.pages.render import gettext, render
from loyalty.web.pages.signed_in import StaffContext, staff

router = APIRouter(prefix="/admin")
Viewer = Annotated[StaffContext, Depends(staff(VIEW_PANEL))]
DEFAULT_DAYS = 30
LATEST_RESULTS = 5  # campaigns and journeys whose results the dashboard shows
MEASURED = ("running", "completed", "stopped")  # a campaign with results: launched


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


def _all(page: Any, more: Any) -> list[Any]:
    """Every item of a paged list (campaigns and journeys of a program are a few hundred at most)."""
    items = list(page.items)
    while page.next_key is not None:
        page = more(page.next_key)
        items.extend(page.items)
    return items


def latest_results(db: Session, program: Program) -> dict[str, list[dict[str, Any]]]:
    """The latest launched campaigns' and active journeys' measured results (campaigns/service
    `results`, journeys/service `results`: target against control). A failing read fails the page."""
    launched = [campaign for campaign in _all(
        campaigns.list_campaigns(session=db, program_id=program.id, limit=200),
        lambda after: campaigns.list_campaigns(session=db, program_id=program.id, after_id=after, limit=200))
        if campaign.status in MEASURED][-LATEST_RESULTS:]
    running = [journey for journey in _all(
        journeys.list_journeys(session=db, program_id=program.id, limit=200),
        lambda after: journeys.list_journeys(session=db, program_id=program.id, after_id=after, limit=200))
        if journey.status != "draft"][-LATEST_RESULTS:]
    return {
        "campaigns": [{"id": campaign.id, "name": campaign.name,
                       "results": campaigns.results(session=db, program=program, campaign_id=campaign.id)}
                      for campaign in reversed(launched)],
        "journeys": [{"id": journey.id, "name": journey.name,
                      "results": journeys.results(session=db, program=program, journey_id=journey.id)}
                     for journey in reversed(running)],
    }


@router.get("")
def dashboard(request: Request, me: Viewer, days: str = "") -> Response:
    period = parse_id(days)
    period = period if period in kpis.PERIODS else DEFAULT_DAYS
    with unit_of_work(get_database(request), read_only=True) as db:
        program = programs.get_program(session=db, program_id=me.program.id)
        figures = views.dashboard_figures(request, program, period)
        results = latest_results(db, program)
    digits = get_currency_precision(me.program.currency)
    return render(request, "admin/dashboard.html", {
        "title": gettext(request, "Dashboard"), "f": figures, "periods": kpis.PERIODS,
        "chart_data": {"charts": _charts(request, figures, digits)},
        "minor": lambda value: None if value is None else Decimal(round(value)).scaleb(-digits),
        "results": results,
    })
