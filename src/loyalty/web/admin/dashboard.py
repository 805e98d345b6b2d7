"""The dashboard (/admin): the program at a glance."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.requests import Request

from loyalty.auth.roles import VIEW_PANEL
from loyalty.web.pages.render import render
from loyalty.web.pages.signed_in import StaffContext, staff

router = APIRouter(prefix="/admin")
Viewer = Annotated[StaffContext, Depends(staff(VIEW_PANEL))]


@router.get("")
def dashboard(request: Request, me: Viewer) -> Response:
    return render(request, "admin/dashboard.html", {"title": "Dashboard"})
