"""The app factory uvicorn imports in each worker process (`loyalty serve`).

Settings come from the environment: `loyalty serve` puts its --database-url there before
it starts the workers.
"""

from __future__ import annotations

from fastapi import FastAPI

from loyalty.config import load_settings
from loyalty.web.app import create_app


def app_factory() -> FastAPI:
    return create_app(load_settings())
