"""The imports page over plain HTTP on both databases: a file with one bad line is refused
whole (its report names the line, the field and the reason, and nothing is imported), a good
file imports everything, and an analyst may not import."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from loyalty.audit.models import AuditEntry
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.imports.models import ImportJob
from loyalty.members.models import Member
from loyalty.programs.models import Program
from tests.factories.programs import make_program
from tests.factories.staff import csrf_of, make_staff_user, page_client, sign_in_staff

GOOD = (b"email,first_name,card_number,opening_balance\n"
        b"ada@example.com,Ada,4000000000000002,120\n"
        b"bob@example.com,Bob,,\n")
ONE_BAD = (b"email,first_name,card_number,opening_balance\n"
           b"ada@example.com,Ada,4000000000000002,120\n"
           b"bob@example.com,Bob,,lots\n"
           b"cy@example.com,Cy,,5\n")


@pytest.fixture
def browser(database: Database) -> Iterator[TestClient]:
    with page_client(database) as client:
        yield client


def members_of(database: Database, program: Program) -> int:
    with unit_of_work(database, read_only=True) as session:
        return int(session.scalar(select(func.count()).select_from(Member).where(Member.program_id == program.id)) or 0)


def upload(client: TestClient, token: str, data: bytes, kind: str = "members") -> str:
    """Posts the file; follows the job until it ends; the final progress fragment."""
    answer = client.post("/admin/imports", data={"csrf_token": token, "kind": kind},
                         files={"file": ("members.csv", data, "text/csv")})
    assert answer.status_code == 303, answer.text
    job_url = answer.headers["location"]
    assert client.get(job_url).status_code == 200
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        fragment = client.get(f"{job_url}/progress", headers={"HX-Request": "true"})
        assert fragment.status_code == 200
        if 'hx-trigger="every 1s"' not in fragment.text:
            return fragment.text
        time.sleep(0.1)
    raise AssertionError("the import did not end in 30 s")


def test_a_file_with_one_bad_line_is_refused_whole(browser: TestClient, database: Database,
                                                    program: Program) -> None:
    token = sign_in_staff(browser, make_staff_user(database, program, "owner"))
    report = upload(browser, token, ONE_BAD)
    assert "Nothing was imported" in report
    assert "<td>3</td><td><code>opening_balance</code></td><td>&#39;lots&#39; is not a whole number</td>" in report
    assert report.count("<tr><td>") == 1  # only that line
    assert members_of(database, program) == 0
    with unit_of_work(database, read_only=True) as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.program_id == program.id)).all()
    assert "import.refused" in actions


def test_a_good_file_imports_everything(browser: TestClient, database: Database, program: Program) -> None:
    token = sign_in_staff(browser, make_staff_user(database, program, "owner"))
    report = upload(browser, token, GOOD)
    assert "Everything was imported" in report
    assert "<strong>2</strong> members" in report and "<strong>1</strong> opening balances" in report
    assert members_of(database, program) == 2
    page = browser.get("/admin/imports")
    assert "members.csv" in page.text and "Imported" in page.text
    with unit_of_work(database, read_only=True) as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.program_id == program.id,
                                                         AuditEntry.action == "import.completed")).one()
    assert entry.after is not None and entry.after["imported"]["members"] == 2


def test_an_upload_without_a_file_is_answered_on_the_form(browser: TestClient, database: Database,
                                                          program: Program) -> None:
    token = sign_in_staff(browser, make_staff_user(database, program, "manager"))
    answer = browser.post("/admin/imports", data={"csrf_token": token, "kind": "members"},
                          files={"file": ("empty.csv", b"", "text/csv")})
    assert answer.status_code == 422
    assert "Choose a CSV file to upload." in answer.text


def test_an_analyst_may_not_import(browser: TestClient, database: Database, program: Program) -> None:
    sign_in_staff(browser, make_staff_user(database, program, "analyst"))
    assert browser.get("/admin/imports").status_code == 403
    token = csrf_of(browser.get("/admin").text)
    answer = browser.post("/admin/imports", data={"csrf_token": token, "kind": "members"},
                          files={"file": ("members.csv", GOOD, "text/csv")})
    assert answer.status_code == 403
    assert members_of(database, program) == 0


def test_another_programs_import_is_not_found(browser: TestClient, database: Database, program: Program) -> None:
    token = sign_in_staff(browser, make_staff_user(database, program, "owner"))
    upload(browser, token, GOOD)
    with unit_of_work(database, read_only=True) as session:
        job_id = session.scalars(select(ImportJob.id).where(ImportJob.program_id == program.id)).one()
    with page_client(database) as stranger:
        sign_in_staff(stranger, make_staff_user(database, make_program(database), "owner"))
        assert stranger.get(f"/admin/imports/{job_id}").status_code == 404
        assert stranger.get(f"/admin/imports/{job_id}/progress").status_code == 404


def test_a_running_import_shows_a_live_progress_bar(browser: TestClient, database: Database,
                                                    program: Program) -> None:
    from loyalty.imports import service as imports
    from loyalty.web.admin import imports as page

    sign_in_staff(browser, make_staff_user(database, program, "owner"))
    with unit_of_work(database) as session:
        job_id = imports.start_job(session=session, program_id=program.id, kind="purchases", file_name="h.csv",
                                   data=b"receipt_id,occurred_at\n" + b"R,2024-01-01\n" * 100, actor="staff:1",
                                   actor_name="Ann").id
    with page._running_lock:
        page._running[job_id] = page._Progress("importing", 40, 100)
    try:
        fragment = browser.get(f"/admin/imports/{job_id}/progress", headers={"HX-Request": "true"}).text
    finally:
        with page._running_lock:
            page._running.pop(job_id)
    assert f'hx-get="/admin/imports/{job_id}/progress" hx-trigger="every 1s"' in fragment
    assert '<progress id="import-progress" max="100" value="40"></progress>' in fragment
    assert "Importing: 40 of 100" in fragment


def test_an_unexpected_error_ends_the_job_as_failed_with_nothing_imported(
        browser: TestClient, database: Database, program: Program, monkeypatch: pytest.MonkeyPatch) -> None:
    from loyalty.imports import service as imports

    def broken(**_: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(imports, "run_import", broken)
    token = sign_in_staff(browser, make_staff_user(database, program, "owner"))
    report = upload(browser, token, GOOD)
    assert "The import stopped on an unexpected error; nothing was imported." in report
    assert "RuntimeError: disk on fire" in report
    assert members_of(database, program) == 0
