"""Takes the README's screenshots of the three faces from a running demo.

    loyalty demo            # in one terminal; it prints the staff passwords
    python docs/screenshots/take.py --url http://127.0.0.1:8000 \
        --owner-password PASSWORD --cashier-password PASSWORD --member anna@example.com

Signs in as the demo's owner (the dashboard), as its cashier (the POS screen with a member
found by e-mail and a receipt entered) and as a member (the app's card, at phone width, with
the one-time code read from the demo's outbox folder), in Debian's Chromium through
Playwright, and writes admin.png, pos.png and app.png next to this file.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from loyalty.demo.staff import demo_email
from loyalty.mail import newest_in_outbox

HERE = Path(__file__).parent


def sign_in_staff(page: Page, url: str, face: str, email: str, password: str) -> None:
    page.goto(f"{url}/{face}/sign-in")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--owner-password", required=True)
    parser.add_argument("--cashier-password", required=True)
    parser.add_argument("--member", required=True, help="a demo member's e-mail")
    parser.add_argument("--outbox", default="outbox", help="the demo's outbox folder")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        desktop = browser.new_context(viewport={"width": 1366, "height": 900})
        page = desktop.new_page()
        sign_in_staff(page, args.url, "admin", demo_email("owner"), args.owner_password)
        page.wait_for_timeout(800)  # the charts animate in
        page.screenshot(path=HERE / "admin.png")
        desktop.close()

        tablet = browser.new_context(viewport={"width": 1024, "height": 768})
        page = tablet.new_page()
        sign_in_staff(page, args.url, "pos", demo_email("cashier"), args.cashier_password)
        page.fill("#lookup", args.member)
        page.press("#lookup", "Enter")
        page.wait_for_selector("#total")
        page.fill("#total", "86.40")
        page.press("#total", "Enter")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=HERE / "pos.png")
        tablet.close()

        phone = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
        page = phone.new_page()
        asked_at = time.time()
        page.goto(f"{args.url}/app/sign-in")
        page.fill("#email", args.member)
        page.click("form[action='/app/sign-in'] button[type=submit]")
        page.wait_for_selector("#code")
        message = None
        while message is None or Path(args.outbox).stat().st_mtime < asked_at:
            time.sleep(0.2)
            message = newest_in_outbox(Path(args.outbox), args.member)
        code = re.search(r"\b(\d{6})\b", message["text"]).group(1)  # type: ignore[union-attr]
        page.fill("#code", code)
        page.click("form[action='/app/sign-in/code'] button[type=submit]")
        page.wait_for_load_state("networkidle")
        page.goto(f"{args.url}/app/card")
        page.screenshot(path=HERE / "app.png")
        phone.close()
        browser.close()
    print(f"Wrote {', '.join(str(HERE / name) for name in ('admin.png', 'pos.png', 'app.png'))}")


if __name__ == "__main__":
    main()
