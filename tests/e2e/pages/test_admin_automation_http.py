"""The admin panel's Automation pages over HTTP on both databases: a failing subscriber's event
listed with its error, retried from the page once the subscriber copes; another program's
failures neither listed nor retried; the worker's subscribers and their backlog; the lifecycle
scans' thresholds saved; and who may do what."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from loyalty.audit.models import AuditEntry
from loyalty.config import Settings
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.models import EventFailure
from loyalty.lifecycle import service as lifecycle
from loyalty.members.models import Member
from loyalty.programs.models import Program
from loyalty.worker.runner import drain
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.staff import make_staff_user, page_client, sign_in_staff
from tests.factories.worker import Probe, probe_subscriber

ENROLLED = "member.enrolled"


@pytest.fixture
def browser(database: Database) -> Iterator[TestClient]:
    with page_client(database) as client:
        yield client


def _worker_settings(database: Database) -> Settings:
    settings = Settings()
    settings.database.url = str(database.engine.url.render_as_string(hide_password=False))
    settings.worker.in_process = "never"
    return settings


def _failure(database: Database, probe: Probe) -> EventFailure:
    assert probe.subscriber is not None
    with unit_of_work(database, read_only=True) as session:
        return session.scalars(select(EventFailure).where(EventFailure.subscriber == probe.subscriber.name)).one()


def _fail_once_enrolled(database: Database, program: Program, probe: Probe) -> tuple[Member, EventFailure]:
    """The probe refuses the member's enrolment: parked in the dead-letter list."""
    drain(database, _worker_settings(database))  # the probe's cursor starts here
    member = make_member(database, program)
    drain(database, _worker_settings(database))
    return member, _failure(database, probe)


def _park(database: Database, failure_id: int) -> None:
    """As after the last attempt (eight attempts over about 17 minutes)."""
    with unit_of_work(database) as session:
        session.execute(update(EventFailure).where(EventFailure.id == failure_id).values(status="dead", attempts=8))


def test_a_failed_event_is_shown_with_its_error_and_retried_once_the_subscriber_copes(
        browser: TestClient, database: Database, program: Program) -> None:
    refusing = {"on": True}
    with probe_subscriber(program.id, {ENROLLED}, fail_on=lambda _event: refusing["on"]) as probe:
        assert probe.subscriber is not None
        member, failure = _fail_once_enrolled(database, program, probe)
        csrf = sign_in_staff(browser, make_staff_user(database, program, "manager"))
        assert 'href="/admin/automation"' in browser.get("/admin").text

        page = browser.get("/admin/automation").text
        row = page.split(f'id="failure-{failure.id}"', 1)[1].split("</tr>", 1)[0]
        assert probe.subscriber.name in row and ENROLLED in row and f"#{failure.event_id}" in row
        assert f'href="/admin/members/{member.id}"' in row and "Retrying" in row
        # The telling line in sight, the traceback folded away.
        assert f'<span class="error-summary">RuntimeError: probe refuses event {failure.event_id}</span>' in row
        assert "<details><summary>The whole error</summary><pre>Traceback (most recent call last):" in row

        _park(database, failure.id)
        assert f'id="failure-{failure.id}"' in browser.get("/admin/automation?status=dead").text
        assert f'id="failure-{failure.id}"' not in browser.get("/admin/automation?status=pending").text

        refusing["on"] = False
        retried = browser.post(f"/admin/automation/failures/{failure.id}/retry",
                               data={"csrf_token": csrf, "status": "dead"})
        assert retried.status_code == 303 and retried.headers["location"] == "/admin/automation?status=dead"
        assert "The event is sent to its subscriber again" in browser.get(retried.headers["location"]).text
        assert _failure(database, probe).status == "pending"
        drain(database, _worker_settings(database))

    assert _failure(database, probe).status == "resolved"
    assert probe.seen == [failure.event_id]
    assert "No failed events." in browser.get("/admin/automation?status=dead").text
    resolved = browser.get("/admin/automation").text.split(f'id="failure-{failure.id}"', 1)[1].split("</tr>", 1)[0]
    assert "Resolved" in resolved and "/retry" not in resolved
    with unit_of_work(database, read_only=True) as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "event_failure.retried")).one()
    assert (entry.program_id, entry.subject_id, entry.before) == (program.id, str(failure.id),
                                                                  {"status": "dead", "attempts": 8})


def test_a_resolved_failure_is_not_retried_again(browser: TestClient, database: Database,
                                                 program: Program) -> None:
    with probe_subscriber(program.id, {ENROLLED}, fail_on=lambda _event: True) as probe:
        _member, failure = _fail_once_enrolled(database, program, probe)
    with unit_of_work(database) as session:
        session.execute(update(EventFailure).where(EventFailure.id == failure.id).values(status="resolved"))
    csrf = sign_in_staff(browser, make_staff_user(database, program, "owner"))
    answer = browser.post(f"/admin/automation/failures/{failure.id}/retry", data={"csrf_token": csrf})
    assert answer.status_code == 303
    assert "nothing to retry" in browser.get(answer.headers["location"]).text
    assert _failure(database, probe).status == "resolved"


def test_another_programs_failure_is_never_listed_and_cannot_be_retried(
        browser: TestClient, database: Database, program: Program) -> None:
    other = make_program(database)
    with probe_subscriber(other.id, {ENROLLED}, fail_on=lambda _event: True) as probe:
        _member, failure = _fail_once_enrolled(database, other, probe)
    _park(database, failure.id)
    csrf = sign_in_staff(browser, make_staff_user(database, program, "owner"))
    for status in ("", "dead"):
        page = browser.get(f"/admin/automation?status={status}").text
        assert f'id="failure-{failure.id}"' not in page and "No failed events." in page
    assert browser.post(f"/admin/automation/failures/{failure.id}/retry",
                        data={"csrf_token": csrf}).status_code == 404
    assert _failure(database, probe).status == "dead"


def test_a_retry_without_the_forms_token_changes_nothing(browser: TestClient, database: Database,
                                                        program: Program) -> None:
    with probe_subscriber(program.id, {ENROLLED}, fail_on=lambda _event: True) as probe:
        _member, failure = _fail_once_enrolled(database, program, probe)
    _park(database, failure.id)
    sign_in_staff(browser, make_staff_user(database, program, "owner"))
    assert browser.post(f"/admin/automation/failures/{failure.id}/retry", data={}).status_code == 403
    assert _failure(database, probe).status == "dead"


@pytest.mark.parametrize("role", ["marketer", "analyst", "agent"])
def test_other_roles_read_the_failed_events_but_may_not_retry_them(
        browser: TestClient, database: Database, program: Program, role: str) -> None:
    with probe_subscriber(program.id, {ENROLLED}, fail_on=lambda _event: True) as probe:
        _member, failure = _fail_once_enrolled(database, program, probe)
    _park(database, failure.id)
    csrf = sign_in_staff(browser, make_staff_user(database, program, role))
    page = browser.get("/admin/automation")
    assert page.status_code == 200 and f'id="failure-{failure.id}"' in page.text
    assert f"RuntimeError: probe refuses event {failure.event_id}" in page.text and "Traceback" not in page.text
    assert f"/admin/automation/failures/{failure.id}/retry" not in page.text
    assert browser.post(f"/admin/automation/failures/{failure.id}/retry",
                        data={"csrf_token": csrf}).status_code == 403
    assert _failure(database, probe).status == "dead"


def test_a_cashier_sees_no_automation(browser: TestClient, database: Database, program: Program) -> None:
    sign_in_staff(browser, make_staff_user(database, program, "cashier"), face="pos")
    for path in ("/admin/automation", "/admin/automation/worker", "/admin/automation/lifecycle"):
        assert browser.get(path).status_code == 403


def test_the_worker_page_shows_each_subscriber_backlog_and_the_failures(
        browser: TestClient, database: Database, program: Program) -> None:
    with probe_subscriber(program.id, {ENROLLED}, fail_on=lambda _event: True) as probe:
        assert probe.subscriber is not None
        _fail_once_enrolled(database, program, probe)
        make_member(database, program)
        make_member(database, program)  # two enrolments the worker has not handled yet
        make_member(database, make_program(database))  # another program's: not this program's to see
        sign_in_staff(browser, make_staff_user(database, program, "analyst"))
        page = browser.get("/admin/automation/worker").text
    row = page.split(f'id="subscriber-{probe.subscriber.name}"', 1)[1].split("</tr>", 1)[0]
    cells = [cell.split(">", 1)[1].split("<", 1)[0] for cell in row.split('<td class="number"')[1:2]]
    assert cells == ["2"]  # waiting: this program's two enrolments
    assert "up to date" not in row and ENROLLED in row
    counts = page.split('id="failure-counts"', 1)[1].split("</div>", 1)[0]
    assert '<span class="value">1</span><br><span class="label">Failed events: Retrying</span>' in counts
    assert '<span class="value">0</span><br><span class="label">Failed events: Parked</span>' in counts


def test_a_marketer_saves_the_lifecycle_thresholds(browser: TestClient, database: Database,
                                                   program: Program) -> None:
    csrf = sign_in_staff(browser, make_staff_user(database, program, "marketer"))
    page = browser.get("/admin/automation/lifecycle").text
    assert 'name="lapse_factor" inputmode="decimal" value="2"' in page and 'value="90"' in page
    refused = browser.post("/admin/automation/lifecycle", data={
        "csrf_token": csrf, "lapse_factor": "0.5", "default_gap_days": "60", "expiring_days": "many",
        "cart_hours": "6"})
    assert refused.status_code == 422
    assert 'id="error-lapse_factor"' in refused.text and 'id="error-expiring_days"' in refused.text
    assert 'id="expiring_days" name="expiring_days" inputmode="numeric" value="many"' in refused.text

    saved = browser.post("/admin/automation/lifecycle", data={
        "csrf_token": csrf, "lapse_factor": "2,5", "default_gap_days": "60", "expiring_days": "10",
        "cart_hours": "6"})
    assert saved.status_code == 303 and saved.headers["location"] == "/admin/automation/lifecycle"
    shown = browser.get("/admin/automation/lifecycle").text
    assert "The lifecycle settings are saved." in shown and 'value="2.5"' in shown
    with unit_of_work(database, read_only=True) as session:
        settings = lifecycle.get_settings(session=session, program_id=program.id)
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "lifecycle_settings.updated")).one()
    assert (str(settings.lapse_factor), settings.default_gap_days, settings.expiring_days, settings.cart_hours) \
        == ("2.5", 60, 10, 6)
    assert entry.before is not None and entry.after is not None
    assert (entry.before["lapse_factor"], entry.after["lapse_factor"], entry.after["cart_hours"]) == ("2", "2.5", 6)


def test_an_analyst_reads_the_thresholds_but_may_not_change_them(browser: TestClient, database: Database,
                                                                 program: Program) -> None:
    csrf = sign_in_staff(browser, make_staff_user(database, program, "analyst"))
    page = browser.get("/admin/automation/lifecycle")
    assert page.status_code == 200 and "<fieldset disabled>" in page.text
    refused = browser.post("/admin/automation/lifecycle", data={
        "csrf_token": csrf, "lapse_factor": "3", "default_gap_days": "60", "expiring_days": "10", "cart_hours": "6"})
    assert refused.status_code == 403
    with unit_of_work(database, read_only=True) as session:
        assert lifecycle.get_settings(session=session, program_id=program.id).default_gap_days == 90
