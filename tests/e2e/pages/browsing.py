"""What the browser tests of every face do the same way: the window sizes, a new tab in a fresh
browser context, and a staff member signing in to the admin panel as a person would."""

from __future__ import annotations

from typing import Any

from tests.e2e.pages.conftest import TIMEOUT_MS
from tests.factories.staff import StaffLogin

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 1024, "height": 768}
DESKTOP = {"width": 1366, "height": 900}


def new_page(chromium: Any, viewport: dict[str, int], *, locale: str = "en-GB", **options: Any) -> Any:
    """A tab of `viewport` size in a context of its own (no cookies shared with other tests) whose
    browser asks for `locale`; `options` go to Playwright's new_context. Close it with
    `page.context.close()`."""
    context = chromium.new_context(viewport=viewport, locale=locale, **options)
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def sign_in_staff_in_browser(page: Any, base: str, login: StaffLogin) -> None:
    """Signs `login` in on the admin panel's sign-in page; returns on the dashboard."""
    page.goto(f"{base}/admin/sign-in")
    page.get_by_label("E-mail").fill(login.email)
    page.get_by_label("Password").fill(login.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/admin")



def wait_until(page: Any, expression: str, *, seconds: float = 10.0) -> None:
    """Waits until the JavaScript `expression` holds in the page, polled from Python with
    `page.evaluate`: Playwright's `wait_for_function` may evaluate its string with `new Function`,
    which the pages' Content-Security-Policy (no 'unsafe-eval') refuses."""
    import time

    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"{expression!r} never held")
        page.wait_for_timeout(50)


def wait_for_focus(page: Any, condition: str, *, seconds: float = 10.0) -> None:
    """Waits until `condition` (about `document.activeElement`) holds: pages move the focus a
    moment after what they show exists (on load, after HTMX settles a swap), so asserting it at
    once fails on a busy machine."""
    try:
        wait_until(page, condition, seconds=seconds)
    except AssertionError:
        raise AssertionError(f"the focus never met {condition!r}; it is on "
                             f"{page.evaluate('document.activeElement.outerHTML.slice(0, 120)')}") from None
