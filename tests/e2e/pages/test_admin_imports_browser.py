"""An owner imports a CSV in a real headless Chromium (tests/e2e/pages/conftest.py) against the
real server: a file with one bad line shows the report naming that line, the progress having
run live, and nothing is imported; then the corrected file goes in whole. Screenshots at phone
and desktop width go to LOYALTY_SCREENSHOTS (default: the test's temporary folder)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from loyalty.config import DatabaseSettings
from loyalty.db.engine import Database, create_database
from loyalty.db.uow import unit_of_work
from loyalty.members.models import Member
from loyalty.migrate import upgrade
from loyalty.programs.models import Program
from loyalty.web.app import create_app
from tests.e2e.pages.conftest import TIMEOUT_MS, serving
from tests.factories.programs import make_program
from tests.factories.staff import StaffLogin, make_staff_user, page_settings

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
HEADER = "email,first_name,card_number,opening_balance\n"
BAD = HEADER + "ada@example.com,Ada,4000000000000002,120\nbob@example.com,Bob,,lots\ncy@example.com,Cy,,\n"
GOOD = HEADER + "ada@example.com,Ada,4000000000000002,120\nbob@example.com,Bob,,40\ncy@example.com,Cy,,\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Database]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('imports-site') / 'loyalty.db'}"
    upgrade(url)
    database = create_database(DatabaseSettings(url=url, sqlite_synchronous="NORMAL"))
    try:
        with serving(create_app(page_settings(), database=database)) as base:
            yield base, database
    finally:
        database.dispose()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("LOYALTY_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def new_page(chromium: Any, viewport: dict[str, int]) -> Any:
    context = chromium.new_context(viewport=viewport, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def sign_in(page: Any, base: str, login: StaffLogin) -> None:
    page.goto(f"{base}/admin/sign-in")
    page.get_by_label("E-mail").fill(login.email)
    page.get_by_label("Password").fill(login.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/admin")


def members_of(database: Database, program: Program) -> int:
    with unit_of_work(database, read_only=True) as session:
        return int(session.scalar(select(func.count()).select_from(Member).where(Member.program_id == program.id)) or 0)


def serious_violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']}: {v['help']}" for v in results.response["violations"]
            if v.get("impact") in ("serious", "critical")]


def test_an_owner_uploads_a_file_with_one_bad_line_and_nothing_is_imported(
        chromium: Any, site: tuple[str, Database], tmp_path: Path, shots: Path) -> None:
    base, database = site
    program = make_program(database, name="Kawiarnia Import")
    owner = make_staff_user(database, program, "owner")
    bad_file = tmp_path / "members.csv"
    bad_file.write_text(BAD)
    page = new_page(chromium, PHONE)
    try:
        sign_in(page, base, owner)
        page.get_by_role("link", name="Imports").click()
        page.wait_for_url(f"{base}/admin/imports")
        assert serious_violations(page) == []
        page.screenshot(path=str(shots / "admin-imports-phone.png"), full_page=True)
        page.get_by_label("Members (with card numbers and opening balances)").check()
        page.get_by_label("CSV file (UTF-8, with a header line)").set_input_files(str(bad_file))
        page.get_by_role("button", name="Start the import").click()

        page.get_by_role("heading", name="Nothing was imported").wait_for()
        assert "/admin/imports/" in page.url
        rows = page.locator("table.rejections tbody tr")
        assert rows.count() == 1
        assert rows.first.locator("td").all_inner_texts() == ["3", "opening_balance", "'lots' is not a whole number"]
        assert page.get_by_role("alert").inner_text() == (
            "Lines rejected: 1. Correct them and upload the file again.")
        assert serious_violations(page) == []
        page.screenshot(path=str(shots / "admin-import-refused-phone.png"), full_page=True)
        assert members_of(database, program) == 0
    finally:
        page.context.close()

    good_file = tmp_path / "members-fixed.csv"
    good_file.write_text(GOOD)
    page = new_page(chromium, DESKTOP)
    try:
        sign_in(page, base, owner)
        page.goto(f"{base}/admin/imports")
        page.get_by_label("CSV file (UTF-8, with a header line)").set_input_files(str(good_file))
        page.keyboard.press("Tab")  # the keyboard reaches the button
        page.get_by_role("button", name="Start the import").focus()
        page.keyboard.press("Enter")
        page.get_by_role("heading", name="Everything was imported").wait_for()
        assert "3 members" in page.locator(".import-counts").inner_text()
        page.screenshot(path=str(shots / "admin-import-done-desktop.png"), full_page=True)
        page.goto(f"{base}/admin/imports")
        assert page.locator("table tbody tr").count() == 2
        page.screenshot(path=str(shots / "admin-imports-desktop.png"), full_page=True)
        assert members_of(database, program) == 3
    finally:
        page.context.close()
