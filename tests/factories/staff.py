"""Staff users and signed-in page clients for the admin panel and POS tests."""

from __future__ import annotations

import re
import secrets
import tempfile
from dataclasses import dataclass

from fastapi.testclient import TestClient

from loyalty.analytics import warehouse
from loyalty.auth import staff
from loyalty.config import RateLimitSettings, SecuritySettings, Settings, generate_secret_key
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.programs.models import Program
from loyalty.web.app import create_app


@dataclass(frozen=True)
class StaffLogin:
    user_id: int
    email: str
    password: str
    role: str


def make_staff_user(database: Database, program: Program, role: str = "owner", *,
                    adjustment_limit: int | None = None) -> StaffLogin:
    email = f"{role}-{secrets.token_hex(4)}@staff.example"
    password = secrets.token_urlsafe(12)
    with unit_of_work(database) as session:
        user = staff.create_user(session=session, program_id=program.id, email=email, name=f"Test {role}",
                                 role=role, password=password, adjustment_limit=adjustment_limit)
        user_id = user.id
    return StaffLogin(user_id=user_id, email=email, password=password, role=role)


# One folder per test process for the analytics copies of PostgreSQL test databases (a SQLite
# database's copy lies beside its file): page_settings() and sync_analytics() agree on it.
ANALYTICS_DIR = tempfile.mkdtemp(prefix="loyalty-analytics-")


def sync_analytics(database: Database) -> None:
    """Brings the analytics copy the pages of `database` read (the dashboard) up to date."""
    warehouse.sync(database, page_settings())


def page_settings(**rate_limits: str) -> Settings:
    """A server with the pages: a generated secret key, no background jobs, generous limits."""
    settings = Settings()
    settings.worker.in_process = "never"
    settings.security = SecuritySettings(secret_key=generate_secret_key())  # type: ignore[arg-type]
    limits = {"staff_sign_in_per_ip": "1000/minute", "staff_sign_in_per_email": "1000/minute",
              "member_sign_in_per_ip": "1000/minute", "member_sign_in_per_email": "1000/minute", **rate_limits}
    settings.rate_limit = RateLimitSettings(**{**settings.rate_limit.model_dump(), **limits})
    settings.analytics.data_dir = ANALYTICS_DIR  # PostgreSQL's analytics copies: not in the working directory
    return settings


def page_client(database: Database, settings: Settings | None = None) -> TestClient:
    """A browser-like client of the real app that does not follow redirects (tests look at them)."""
    return TestClient(create_app(settings or page_settings(), database=database), follow_redirects=False)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def sign_in_staff(client: TestClient, login: StaffLogin, face: str = "admin") -> str:
    """Signs `login` in through the form; the page's CSRF token afterwards."""
    page = client.get(f"/{face}/sign-in")
    answer = client.post(f"/{face}/sign-in", data={"csrf_token": csrf_of(page.text), "email": login.email,
                                                   "password": login.password})
    assert answer.status_code == 303, answer.text
    landing = client.get(answer.headers["location"])
    assert landing.status_code == 200, landing.text
    return csrf_of(landing.text)
