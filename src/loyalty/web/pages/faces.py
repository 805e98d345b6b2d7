"""Puts the faces on the app: the shared pages (sign-in, `/`, languages, static files) and each
face's router (`loyalty.web.<face>.router`), with the page refusals as pages."""

from __future__ import annotations

import importlib

from fastapi import FastAPI

from loyalty.web.pages import errors, site, staff_access

FACES = ("admin", "member_app", "pos")


def install(app: FastAPI) -> None:
    errors.install(app)
    app.include_router(site.router)
    app.include_router(staff_access.router)
    for face in FACES:
        module = importlib.import_module(f"loyalty.web.{face}")
        app.include_router(module.router)
    site.mount_static(app)
