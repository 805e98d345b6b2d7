"""Accessibility checks and screenshots for the browser tests of every face.

`serious_violations(page)` runs axe-core (the copy `axe-playwright-python` ships: nothing is
downloaded) in the page as it is now and returns its serious and critical violations, one
readable line per element, so a test asserts `== []` and a failure says what to fix.
`save_screenshots(page, name)` saves the page at phone (390x844) and desktop (1366x900) width,
`save_screenshot(page, name)` at its present size only, into the folder named by
LOYALTY_SCREENSHOTS, or else the session's pytest folder (tests/e2e/pages/conftest.py sets it);
screenshots are artifacts, never committed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from tests.e2e.pages.browsing import DESKTOP, PHONE

SERIOUS = frozenset({"serious", "critical"})
# Every rule axe-core has, experimental ones aside (axe's own default): WCAG 2.0-2.2 A and AA and
# its best practices (landmarks, one main, headings in order).
AXE_OPTIONS = {"resultTypes": ["violations"]}

_default_folder: Path | None = None


def serious_violations(page: Any) -> list[str]:
    """Each serious or critical axe-core violation on `page`, as
    "rule (impact): what is wrong [help URL] at selector: how to fix it"."""
    from axe_playwright_python.sync_playwright import Axe  # a test extra, like playwright itself

    results = Axe().run(page, options=AXE_OPTIONS).response
    found = []
    for violation in results["violations"]:
        if violation.get("impact") not in SERIOUS:
            continue
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node.get("target", []))
            summary = " ".join(str(node.get("failureSummary", "")).split())
            found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} [{violation['helpUrl']}] "
                         f"at {target}: {summary}")
    return found


def use_default_folder(folder: Path) -> None:
    """Where screenshots go when LOYALTY_SCREENSHOTS is not set (the conftest gives a pytest tmp folder)."""
    global _default_folder
    _default_folder = folder


def screenshot_folder() -> Path:
    configured = os.environ.get("LOYALTY_SCREENSHOTS")
    if configured:
        folder = Path(configured)
    elif _default_folder is not None:
        folder = _default_folder
    else:
        raise RuntimeError("set LOYALTY_SCREENSHOTS, or use tests/e2e/pages/conftest.py's fixtures")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _file_stem(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "page"


def save_screenshot(page: Any, name: str) -> Path:
    """`page` as it is now, at the size it has (whole page), as `<name>.png`."""
    path = screenshot_folder() / f"{_file_stem(name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def save_screenshots(page: Any, name: str) -> list[Path]:
    """`page` as it is now at phone and desktop width (whole page), as `<name>-phone.png` and
    `<name>-desktop.png`; the window gets its size back afterwards."""
    stem = _file_stem(name)
    original = page.viewport_size
    saved = []
    try:
        for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
            page.set_viewport_size(size)
            saved.append(save_screenshot(page, f"{stem}-{label}"))
    finally:
        if original:
            page.set_viewport_size(original)
    return saved
