"""An owner imports a CSV in a real headless Chromium (tests/e2e/pages/conftest.py) against the
real server: a file with one bad line shows the report naming that line, the progress having
run live, and nothing is imported; then the corrected file goes in whole. Screenshots at phone
and desktop width go to LOYALTY_SCREENSHOTS (default: the session's temporary folder)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.members.models import Member
from loyalty.programs.models import Program
from tests.e2e.pages.accessibility import save_screenshot, serious_violations
from tests.e2e.pages.browsing import DESKTOP, PHONE, new_page, sign_in_staff_in_browser
from tests.factories.programs import make_program
from tests.factories.staff import make_staff_user

HEADER = "email,first_name,card_number,opening_balance\n"
BAD = HEADER + "ada@example.com,Ada,4000000000000002,120\nbob@example.com,Bob,,lots\ncy@example.com,Cy,,\n"
GOOD = HEADER + "ada@example.com,Ada,4000000000000002,120\nbob@example.com,Bob,,40\ncy@example.com,Cy,,\n"


def members_of(database: Database, program: Program) -> int:
    with unit_of_work(database, read_only=True) as session:
        return int(session.scalar(select(func.count()).select_from(Member).where(Member.program_id == program.id)) or 0)


def test_an_owner_uploads_a_file_with_one_bad_line_and_nothing_is_imported(
        chromium: Any, site: tuple[str, Database], tmp_path: Path) -> None:
    base, database = site
    program = make_program(database, name="Kawiarnia Import")
    owner = make_staff_user(database, program, "owner")
    bad_file = tmp_path / "members.csv"
    bad_file.write_text(BAD)
    page = new_page(chromium, PHONE)
    try:
        sign_in_staff_in_browser(page, base, owner)
        page.get_by_role("link", name="Imports").click()
        page.wait_for_url(f"{base}/admin/imports")
        assert serious_violations(page) == []
        save_screenshot(page, "admin-imports-phone")
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
        save_screenshot(page, "admin-import-refused-phone")
        assert members_of(database, program) == 0
    finally:
        page.context.close()

    good_file = tmp_path / "members-fixed.csv"
    good_file.write_text(GOOD)
    page = new_page(chromium, DESKTOP)
    try:
        sign_in_staff_in_browser(page, base, owner)
        page.goto(f"{base}/admin/imports")
        page.get_by_label("CSV file (UTF-8, with a header line)").set_input_files(str(good_file))
        page.keyboard.press("Tab")  # the keyboard reaches the button
        page.get_by_role("button", name="Start the import").focus()
        page.keyboard.press("Enter")
        page.get_by_role("heading", name="Everything was imported").wait_for()
        assert "3 members" in page.locator(".import-counts").inner_text()
        save_screenshot(page, "admin-import-done-desktop")
        page.goto(f"{base}/admin/imports")
        assert page.locator("table tbody tr").count() == 2
        save_screenshot(page, "admin-imports-desktop")
        assert members_of(database, program) == 3
    finally:
        page.context.close()
