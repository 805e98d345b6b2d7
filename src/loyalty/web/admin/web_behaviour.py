"""Web behaviour (/admin/web): the e-shop's view → cart → purchase funnel by product, category or
source, the top sources and the campaigns that brought members back; and the e-shop tracking
set-up (/admin/web/tracking): the snippet to paste, the allowed origins, the signing secret."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from typing import Annotated

from babel.numbers import get_currency_precision
from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.requests import Request

from loyalty.audit import service as audit
from loyalty.auth.roles import EDIT_SETTINGS, VIEW_PANEL
from loyalty.browsing import service as browsing
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.kernel.errors import DomainError
from loyalty.web.deps import get_database
from loyalty.web.pages.forms import parse_id
from loyalty.web.pages.render import gettext, redirect, render
from loyalty.web.pages.signed_in import StaffContext, staff

router = APIRouter(prefix="/admin/web")
Viewer = Annotated[StaffContext, Depends(staff(VIEW_PANEL))]
SettingsEditor = Annotated[StaffContext, Depends(staff(EDIT_SETTINGS))]
PERIODS = (7, 30, 90)
GROUPINGS = ("product", "category", "source")
CHART_ROWS = 10


@router.get("")
def web_behaviour(request: Request, me: Viewer, days: str = "", by: str = "product") -> Response:
    period = parse_id(days)
    period = period if period in PERIODS else 30
    by = by if by in GROUPINGS else "product"
    today = clock.now().date()
    end = datetime.combine(today + timedelta(days=1), time(), UTC)
    start = end - timedelta(days=period)
    with unit_of_work(get_database(request), read_only=True) as db:
        funnel = browsing.funnel(session=db, program_id=me.program.id, by=by, start=start, end=end)
        sources = browsing.top_sources(session=db, program_id=me.program.id, start=start, end=end)
        brought_back = browsing.brought_back(session=db, program_id=me.program.id, start=start, end=end)
        tracking = browsing.get_tracking(session=db, program_id=me.program.id)
    top = funnel.rows[:CHART_ROWS]
    chart = {"labels": [row.label or row.key for row in top], "series": [
        {"label": gettext(request, "Viewed"), "data": [row.viewers for row in top]},
        {"label": gettext(request, "Added to cart"), "data": [row.carted for row in top]},
        {"label": gettext(request, "Bought"), "data": [row.purchasers for row in top]}]}
    precision = get_currency_precision(me.program.currency)
    return render(request, "admin/web/behaviour.html", {
        "title": gettext(request, "Web behaviour"), "funnel": funnel, "sources": sources,
        "brought_back": brought_back, "periods": PERIODS, "days": period, "by": by, "groupings": GROUPINGS,
        "has_tracking": tracking is not None,
        "chart_data": chart,
        "minor": lambda value: Decimal(value or 0).scaleb(-precision),
    })


def _tracking_page(request: Request, me: StaffContext, *, error: str | None = None, origins_text: str | None = None,
                   status: int = 200) -> Response:
    with unit_of_work(get_database(request), read_only=True) as db:  # a GET only reads: no key made here
        key = browsing.get_tracking(session=db, program_id=me.program.id)
        read = browsing.tracking_read(key) if key is not None else None
        secret = key.signing_secret if key is not None else None
    base = str(request.app.state.settings.public_url).rstrip("/")
    if read is None:  # no key yet: the page offers a button (a POST with its CSRF token) that makes it
        return render(request, "admin/web/tracking.html", {
            "title": gettext(request, "E-shop tracking"), "tracking": None, "secret": None, "base_url": base,
            "origins_text": "", "error": error}, status=status)
    return render(request, "admin/web/tracking.html", {
        "title": gettext(request, "E-shop tracking"), "tracking": read, "secret": secret, "base_url": base,
        "origins_text": origins_text if origins_text is not None else "\n".join(read.allowed_origins),
        "error": error}, status=status)


@router.get("/tracking")
def show_tracking(request: Request, me: SettingsEditor) -> Response:
    return _tracking_page(request, me)


@router.post("/tracking/key")
def create_tracking_key(request: Request, me: SettingsEditor) -> Response:
    """Make the program's tracking key (a publishable key and a signing secret); idempotent: a
    second press keeps the key already made."""
    with unit_of_work(get_database(request)) as db:
        made = browsing.get_tracking(session=db, program_id=me.program.id) is None
        key = browsing.ensure_tracking(session=db, program_id=me.program.id)
        if made:
            audit.record(session=db, program_id=me.program.id, actor=me.actor, actor_name=me.name,
                         action="web_tracking.created", subject_type="program", subject_id=me.program.id,
                         before=None, after=browsing.tracking_read(key).model_dump(mode="json"))
    return redirect(request, "/admin/web/tracking", notice=gettext(request, "The tracking key is made."))


@router.post("/tracking")
def save_tracking(request: Request, me: SettingsEditor) -> Response:
    origins_text = me.form.text("allowed_origins")
    origins = [line.strip() for line in origins_text.replace(",", "\n").splitlines() if line.strip()]
    rotate = me.form.checked("rotate_secret")
    try:
        with unit_of_work(get_database(request)) as db:
            before = browsing.tracking_read(browsing.ensure_tracking(session=db, program_id=me.program.id))
            after = browsing.tracking_read(browsing.update_tracking(
                session=db, program_id=me.program.id, allowed_origins=origins,
                is_enabled=me.form.checked("is_enabled"), rotate_secret=rotate))
            if after != before or rotate:
                audit.record(session=db, program_id=me.program.id, actor=me.actor, actor_name=me.name,
                             action="web_tracking.updated", subject_type="program", subject_id=me.program.id,
                             before=before.model_dump(mode="json"),
                             after={**after.model_dump(mode="json"), "secret_rotated": rotate})
    except DomainError as error:
        return _tracking_page(request, me, error=error.message, origins_text=origins_text, status=422)
    return redirect(request, "/admin/web/tracking", notice=gettext(request, "The tracking settings are saved."))
