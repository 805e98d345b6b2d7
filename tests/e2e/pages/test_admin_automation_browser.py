"""A manager finds a failed event in a real headless Chromium (tests/e2e/pages/conftest.py), reads
its error, retries it once the subscriber copes and sees it resolved; the Worker and Lifecycle
settings tabs pass axe too. Screenshots at phone and desktop width go to LOYALTY_SCREENSHOTS."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import select

from loyalty.config import Settings
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.models import EventFailure
from loyalty.worker.runner import drain
from tests.e2e.pages.accessibility import save_screenshots, serious_violations
from tests.e2e.pages.browsing import DESKTOP, PHONE, new_page, sign_in_staff_in_browser
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.staff import make_staff_user
from tests.factories.worker import probe_subscriber


def _drain(database: Database) -> None:
    """The worker until idle, in a thread of its own: Playwright's sync API keeps an event loop
    running in this one, where the job engine's cannot start."""
    settings = Settings()
    settings.database.url = str(database.engine.url.render_as_string(hide_password=False))
    settings.worker.in_process = "never"
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(drain, database, settings).result()


def test_a_manager_reads_a_failed_events_error_and_retries_it(chromium: Any, site: tuple[str, Database]) -> None:
    base, database = site
    program = make_program(database, name="Kawiarnia Pod Zegarem")
    manager = make_staff_user(database, program, "manager")
    refusing = {"on": True}
    with probe_subscriber(program.id, {"member.enrolled"}, fail_on=lambda _event: refusing["on"]) as probe:
        assert probe.subscriber is not None
        _drain(database)
        member = make_member(database, program)
        _drain(database)
        with unit_of_work(database, read_only=True) as session:
            failure = session.scalars(select(EventFailure).where(
                EventFailure.subscriber == probe.subscriber.name)).one()
        page = new_page(chromium, DESKTOP)
        try:
            sign_in_staff_in_browser(page, base, manager)
            page.get_by_role("link", name="Automation", exact=True).click()
            page.wait_for_url(f"{base}/admin/automation")
            row = page.locator(f"#failure-{failure.id}")
            assert row.get_by_role("link", name=f"#{member.id}").get_attribute("href") == \
                f"/admin/members/{member.id}"
            assert row.locator(".error-summary").inner_text() == f"RuntimeError: probe refuses event {failure.event_id}"
            assert not row.locator("pre").is_visible()
            row.get_by_text("The whole error").click()
            assert "Traceback (most recent call last):" in row.locator("pre").inner_text()
            assert serious_violations(page) == []
            page.set_viewport_size(PHONE)
            assert serious_violations(page) == []
            page.set_viewport_size(DESKTOP)
            save_screenshots(page, "admin-automation-failed-events")

            refusing["on"] = False
            row.get_by_role("button", name=f"Retry event {failure.event_id} for {probe.subscriber.name}").click()
            page.get_by_role("status").wait_for()
            assert "sent to its subscriber again" in page.get_by_role("status").inner_text()
            _drain(database)
            page.reload()
            assert page.locator(f"#failure-{failure.id} .badge").inner_text() == "Resolved"
            assert page.locator(f"#failure-{failure.id}").get_by_role("button").count() == 0

            page.get_by_role("link", name="Worker", exact=True).click()
            page.wait_for_url(f"{base}/admin/automation/worker")
            assert page.locator(f"#subscriber-{probe.subscriber.name}").is_visible()
            assert serious_violations(page) == []
            page.set_viewport_size(PHONE)
            assert serious_violations(page) == []
            page.set_viewport_size(DESKTOP)
            save_screenshots(page, "admin-automation-worker")

            page.get_by_role("link", name="Lifecycle settings").click()
            page.wait_for_url(f"{base}/admin/automation/lifecycle")
            page.get_by_label("Usual gap for new customers, in days").fill("45")
            page.get_by_role("button", name="Save the settings").click()
            page.get_by_role("status").wait_for()
            assert page.get_by_label("Usual gap for new customers, in days").input_value() == "45"
            assert serious_violations(page) == []
            save_screenshots(page, "admin-automation-lifecycle")
        finally:
            page.context.close()
