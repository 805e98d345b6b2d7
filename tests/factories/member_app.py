"""Member app clients: a server whose app serves the test's program and mails into an outbox
folder, and members signed in through the e-mailed code, as a person does it."""

from __future__ import annotations

import re
import time
from pathlib import Path

from fastapi.testclient import TestClient

from loyalty.config import MailSettings, Settings
from loyalty.db.engine import Database
from loyalty.mail import newest_in_outbox
from loyalty.programs.models import Program
from loyalty.web.app import create_app
from tests.factories.staff import csrf_of, page_settings


def app_settings(program: Program, outbox: Path, **rate_limits: str) -> Settings:
    settings = page_settings(**rate_limits)
    settings.app_program_id = program.id
    settings.mail = MailSettings(outbox_dir=str(outbox))
    return settings


def app_client(database: Database, settings: Settings) -> TestClient:
    return TestClient(create_app(settings, database=database), follow_redirects=False)


def mailed(outbox: Path, email: str) -> tuple[str, str]:
    """The code and the link path of the newest sign-in e-mail to `email`."""
    message = newest_in_outbox(outbox, email)
    assert message is not None, f"no e-mail to {email}"
    code = re.search(r"\b(\d{6})\b", message["text"])
    link = re.search(r"https?://[^/\s]+(/app/sign-in/link/\S+)", message["text"])
    assert code and link, message
    return code.group(1), link.group(1)


def mailed_soon(outbox: Path, email: str, *, seconds: float = 10.0) -> tuple[str, str]:
    """`mailed`, waiting for the message: a real server sends it after its answer (a background task)."""
    deadline = time.monotonic() + seconds
    while newest_in_outbox(outbox, email) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    return mailed(outbox, email)


def ask_for_code(client: TestClient, email: str) -> str:
    """Posts the e-mail on the sign-in page; the code page's HTML."""
    token = csrf_of(client.get("/app/sign-in").text)
    answer = client.post("/app/sign-in", data={"csrf_token": token, "email": email})
    assert answer.status_code == 200, answer.text
    return answer.text


def enter_code(client: TestClient, code_page: str, email: str, code: str):  # type: ignore[no-untyped-def]
    return client.post("/app/sign-in/code", data={"csrf_token": csrf_of(code_page), "email": email, "code": code})


def sign_in_member(client: TestClient, outbox: Path, email: str) -> str:
    """Signs the member in with the e-mailed code; the CSRF token of their session's pages."""
    page = ask_for_code(client, email)
    code, _ = mailed(outbox, email)
    answer = enter_code(client, page, email, code)
    assert answer.status_code == 303 and answer.headers["location"] == "/app", answer.text
    home = client.get("/app")
    assert home.status_code == 200, home.text
    return csrf_of(home.text)
