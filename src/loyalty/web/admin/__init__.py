"""The admin panel (/admin): the program manager's, marketer's, analyst's and contact-center
agent's screens. Each area is a module with its own router; this one joins them."""

from __future__ import annotations

from fastapi import APIRouter

from loyalty.web.admin import dashboard, imports

router = APIRouter(include_in_schema=False)  # each area names its paths under /admin
for area in (dashboard, imports):
    router.include_router(area.router)
