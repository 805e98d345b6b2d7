"""Customer value (/admin/customer-value): the latest scoring run of the program (its fitted
parameters, log-likelihood, the churn model's AUC against recency's) and the members per RFM cell."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.requests import Request

from loyalty.auth.roles import VIEW_PANEL
from loyalty.db.uow import unit_of_work
from loyalty.kernel.money import minor_units
from loyalty.scoring import service as scoring
from loyalty.web.deps import get_database
from loyalty.web.pages.render import gettext, render
from loyalty.web.pages.signed_in import StaffContext, staff

router = APIRouter(prefix="/admin/customer-value")
Viewer = Annotated[StaffContext, Depends(staff(VIEW_PANEL))]


@router.get("")
def customer_value(request: Request, me: Viewer) -> Response:
    with unit_of_work(get_database(request), read_only=True) as db:
        run = scoring.latest_run(session=db, program_id=me.program.id)
        cells = scoring.cell_summaries(session=db, program_id=me.program.id)
    return render(request, "admin/customer_value.html", {
        "title": gettext(request, "Customer value"), "run": run, "cells": cells,
        "minor_factor": 10 ** minor_units(me.program.currency)})
