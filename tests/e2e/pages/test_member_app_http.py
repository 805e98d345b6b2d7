"""The member app over plain HTTP on both databases: sign-in by e-mailed code, link or
password (one-time, expiring, limited, never telling who is a member), sign-up with consents
and a referral code, sign-out on the server, every screen showing the signed-in member's own
data and nothing of anyone else's, redemption once per tap, and CSRF on every form."""

from __future__ import annotations

import json
import re
import socketserver
import threading
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes
from email.message import Message
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from loyalty.config import MailSettings
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.member_access.service import MAX_WRONG_CODES
from loyalty.members import service as member_service
from loyalty.members.schemas import MemberRef
from loyalty.programs.models import Program
from loyalty.web.pages.signed_in import MEMBER_COOKIE
from tests.factories import rewards as r
from tests.factories.ledger import balance, give_points
from tests.factories.member_app import (
    app_client,
    app_settings,
    ask_for_code,
    enter_code,
    mailed,
    sign_in_member,
)
from tests.factories.members import make_member
from tests.factories.referrals import referral_of, set_referral_program
from tests.factories.staff import csrf_of
from tests.factories.vouchers import make_campaign, make_codes, publish


@pytest.fixture
def outbox(tmp_path: Path) -> Path:
    return tmp_path / "outbox"


@pytest.fixture
def browser(database: Database, program: Program, outbox: Path) -> Iterator[TestClient]:
    with app_client(database, app_settings(program, outbox)) as client:
        yield client


def member_with_points(database: Database, program: Program, points: int = 500, **fields: object) -> int:
    member = make_member(database, program, **fields)
    if points:
        give_points(database, program, member.id, points)
    return member.id


def find(database: Database, program: Program, email: str) -> int:
    with unit_of_work(database, read_only=True) as session:
        return member_service.find_member(session=session, program_id=program.id, ref=MemberRef(email=email)).id


# --- sign-in -------------------------------------------------------------------------------------


def test_a_member_signs_in_with_the_e_mailed_code(browser: TestClient, database: Database, program: Program,
                                                  outbox: Path) -> None:
    member_with_points(database, program, 750, email="anna@example.com", first_name="Anna")
    assert browser.get("/app").headers["location"] == "/app/sign-in?next=/app"

    page = ask_for_code(browser, "anna@example.com")
    code, _ = mailed(outbox, "anna@example.com")
    answer = enter_code(browser, page, "anna@example.com", code)

    assert answer.status_code == 303 and answer.headers["location"] == "/app"
    cookie = next(v for v in answer.headers.get_list("set-cookie") if v.startswith(MEMBER_COOKIE))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/app" in cookie
    home = browser.get("/app")
    assert home.status_code == 200 and "Hello, Anna" in home.text
    assert re.search(r'id="balance">750<', home.text)


def test_the_code_works_once(browser: TestClient, database: Database, program: Program, outbox: Path) -> None:
    make_member(database, program, email="once@example.com")
    sign_in_member(browser, outbox, "once@example.com")
    code, _ = mailed(outbox, "once@example.com")
    browser.cookies.clear()
    page = browser.get("/app/sign-in").text
    again = browser.post("/app/sign-in/code", data={"csrf_token": csrf_of(page), "email": "once@example.com",
                                                     "code": code})
    assert again.status_code in (401, 403)
    assert MEMBER_COOKIE not in again.headers.get("set-cookie", "")


def test_a_member_signs_in_with_the_e_mailed_link_once(browser: TestClient, database: Database, program: Program,
                                                       outbox: Path) -> None:
    make_member(database, program, email="link@example.com", first_name="Lena")
    ask_for_code(browser, "link@example.com")
    _, link = mailed(outbox, "link@example.com")

    page = browser.get(link)
    assert page.status_code == 200 and "Sign in as link@example.com?" in page.text
    answer = browser.post(link, data={"csrf_token": csrf_of(page.text)})
    assert answer.status_code == 303 and answer.headers["location"] == "/app"
    assert "Hello, Lena" in browser.get("/app").text

    browser.cookies.clear()
    reused = browser.get(link)
    assert reused.status_code == 401 and "not valid any more" in reused.text


def test_five_wrong_codes_kill_the_code(browser: TestClient, database: Database, program: Program,
                                        outbox: Path) -> None:
    make_member(database, program, email="guess@example.com")
    page = ask_for_code(browser, "guess@example.com")
    code, _ = mailed(outbox, "guess@example.com")
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(MAX_WRONG_CODES):
        refused = enter_code(browser, page, "guess@example.com", wrong)
        assert refused.status_code == 401 and "wrong or has expired" in refused.text
        page = refused.text

    right_too_late = enter_code(browser, page, "guess@example.com", code)
    assert right_too_late.status_code == 401
    assert browser.get("/app").status_code == 303


def test_an_expired_code_is_refused(browser: TestClient, database: Database, program: Program,
                                    outbox: Path) -> None:
    make_member(database, program, email="late@example.com")
    page = ask_for_code(browser, "late@example.com")
    code, link = mailed(outbox, "late@example.com")
    later = clock.now() + timedelta(minutes=16)
    clock.set_clock(lambda: later)

    assert enter_code(browser, page, "late@example.com", code).status_code == 401
    assert browser.get(link).status_code == 401


def test_a_new_code_retires_the_older_one(browser: TestClient, database: Database, program: Program,
                                          outbox: Path) -> None:
    make_member(database, program, email="twice@example.com")
    ask_for_code(browser, "twice@example.com")
    first, _ = mailed(outbox, "twice@example.com")
    page = ask_for_code(browser, "twice@example.com")
    second, _ = mailed(outbox, "twice@example.com")
    if first != second:
        refused = enter_code(browser, page, "twice@example.com", first)
        assert refused.status_code == 401
        page = refused.text
    assert enter_code(browser, page, "twice@example.com", second).status_code == 303


def test_an_unknown_e_mail_gets_the_same_answer_and_no_mail(browser: TestClient, database: Database,
                                                            program: Program, outbox: Path) -> None:
    make_member(database, program, email="known@example.com")
    known = ask_for_code(browser, "known@example.com")
    unknown = ask_for_code(browser, "nobody@example.com")

    def visible(html: str) -> str:
        html = html.replace("known@example.com", "EMAIL").replace("nobody@example.com", "EMAIL")
        return re.sub(r'value="[A-Za-z0-9_-]{20,}"', 'value="TOKEN"', html)

    assert visible(known) == visible(unknown)
    assert mailed(outbox, "known@example.com")
    assert not list(outbox.glob("*.json")) or all(
        json.loads(path.read_text())["to"] != "nobody@example.com" for path in outbox.glob("*.json"))
    refused = enter_code(browser, unknown, "nobody@example.com", "123456")
    assert refused.status_code == 401 and "wrong or has expired" in refused.text


def test_sign_in_attempts_are_rate_limited(database: Database, program: Program, outbox: Path) -> None:
    make_member(database, program, email="busy@example.com")
    with app_client(database, app_settings(program, outbox, member_sign_in_per_email="3/minute")) as client:
        for _ in range(3):
            ask_for_code(client, "busy@example.com")
        token = csrf_of(client.get("/app/sign-in").text)
        limited = client.post("/app/sign-in", data={"csrf_token": token, "email": "busy@example.com"})
    assert limited.status_code == 429 and "Too many attempts" in limited.text
    assert int(limited.headers["Retry-After"]) > 0
    assert len(list(outbox.glob("*.json"))) == 3


def test_the_sign_in_form_needs_its_own_token(browser: TestClient, database: Database, program: Program,
                                              outbox: Path) -> None:
    make_member(database, program, email="forged@example.com")
    browser.get("/app/sign-in")
    forged = browser.post("/app/sign-in", data={"csrf_token": "forged", "email": "forged@example.com"})
    assert forged.status_code == 403
    assert not list(outbox.glob("*.json"))


def test_a_member_sets_a_password_and_signs_in_with_it(browser: TestClient, database: Database, program: Program,
                                                       outbox: Path) -> None:
    make_member(database, program, email="pw@example.com", first_name="Piotr")
    token = sign_in_member(browser, outbox, "pw@example.com")
    too_short = browser.post("/app/password", data={"csrf_token": token, "password": "short",
                                                    "password_again": "short"})
    assert too_short.status_code == 422 and "at least 10 characters" in too_short.text
    assert browser.post("/app/password", data={"csrf_token": token, "password": "a long secret 42",
                                               "password_again": "a long secret 42"}).status_code == 303
    browser.post("/app/sign-out", data={"csrf_token": token})
    browser.cookies.clear()

    page = browser.get("/app/sign-in").text
    wrong = browser.post("/app/sign-in/password", data={"csrf_token": csrf_of(page), "email": "pw@example.com",
                                                        "password": "not the secret"})
    assert wrong.status_code == 401 and "wrong" in wrong.text
    right = browser.post("/app/sign-in/password", data={"csrf_token": csrf_of(wrong.text), "email": "pw@example.com",
                                                        "password": "a long secret 42"})
    assert right.status_code == 303 and "Hello, Piotr" in browser.get("/app").text


def test_repeated_wrong_passwords_lock_password_sign_in(browser: TestClient, database: Database,
                                                        program: Program, outbox: Path) -> None:
    make_member(database, program, email="lock@example.com")
    token = sign_in_member(browser, outbox, "lock@example.com")
    browser.post("/app/password", data={"csrf_token": token, "password": "the right one!",
                                        "password_again": "the right one!"})
    browser.post("/app/sign-out", data={"csrf_token": token})
    browser.cookies.clear()
    page = browser.get("/app/sign-in").text
    for _ in range(5):
        page = browser.post("/app/sign-in/password", data={"csrf_token": csrf_of(page), "email": "lock@example.com",
                                                           "password": "wrong guess"}).text
    locked = browser.post("/app/sign-in/password", data={"csrf_token": csrf_of(page), "email": "lock@example.com",
                                                         "password": "the right one!"})
    # Refused, with the answer of a wrong password: the page does not tell that this address has one.
    assert locked.status_code == 401 and "The e-mail or the password is wrong." in locked.text
    assert "locked" not in locked.text
    later = clock.now() + timedelta(hours=2)
    clock.set_clock(lambda: later)
    unlocked = browser.post("/app/sign-in/password", data={"csrf_token": csrf_of(locked.text),
                                                           "email": "lock@example.com", "password": "the right one!"})
    assert unlocked.status_code == 303


def test_a_cookie_used_after_sign_out_opens_nothing(browser: TestClient, database: Database, program: Program,
                                                    outbox: Path) -> None:
    make_member(database, program, email="out@example.com")
    token = sign_in_member(browser, outbox, "out@example.com")
    stolen = browser.cookies[MEMBER_COOKIE]

    out = browser.post("/app/sign-out", data={"csrf_token": token})
    assert out.status_code == 303 and out.headers["location"] == "/app/sign-in"

    browser.cookies.set(MEMBER_COOKIE, stolen, path="/app")
    for path in ("/app", "/app/card", "/app/my-data.json"):
        assert browser.get(path).status_code == 303
    assert browser.post("/app/consents", data={"csrf_token": token, "email": "yes"}).status_code == 303


# --- sign-up -------------------------------------------------------------------------------------


def sign_up_form(client: TestClient, **fields: str) -> dict[str, str]:
    page = client.get("/app/sign-up")
    return {"csrf_token": csrf_of(page.text), "email": "new@example.com", "first_name": "Nina",
            "last_name": "Nowak", "consent_email": "yes", "consent_sms": "no", "consent_push": "yes",
            "terms": "yes", "referral_code": "", **fields}


def test_sign_up_with_consents_and_a_referral_code(browser: TestClient, database: Database, program: Program,
                                                   outbox: Path) -> None:
    set_referral_program(database, program)
    friend = make_member(database, program, email="friend@example.com")

    answer = browser.post("/app/sign-up", data=sign_up_form(browser, referral_code=friend.referral_code.lower()))

    assert answer.status_code == 200 and "Check your e-mail" in answer.text
    member_id = find(database, program, "new@example.com")
    with unit_of_work(database, read_only=True) as session:
        consents = {row.channel: (row.granted, row.source)
                    for row in member_service.consent_history(session=session, program_id=program.id,
                                                              member_id=member_id)}
        member = member_service.get_member(session=session, program_id=program.id, member_id=member_id)
        assert member.enrolment_channel == "app" and member.first_name == "Nina"
    assert consents == {"email": (True, "member_app"), "sms": (False, "member_app"), "push": (True, "member_app")}
    referral = referral_of(database, program, member)
    assert referral.referrer_id == friend.id and referral.status == "pending"

    code, _ = mailed(outbox, "new@example.com")
    assert enter_code(browser, answer.text, "new@example.com", code).status_code == 303
    assert "Hello, Nina" in browser.get("/app").text


def test_sign_up_needs_each_consent_decided(browser: TestClient, database: Database, program: Program) -> None:
    form = sign_up_form(browser)
    del form["consent_sms"]
    answer = browser.post("/app/sign-up", data=form)
    assert answer.status_code == 422 and "Choose yes or no." in answer.text
    with pytest.raises(Exception, match="No member"):
        find(database, program, "new@example.com")


def test_an_unknown_referral_code_enrols_nobody(browser: TestClient, database: Database, program: Program) -> None:
    answer = browser.post("/app/sign-up", data=sign_up_form(browser, referral_code="NOSUCH99"))
    assert answer.status_code == 422 and "No member has this referral code" in answer.text
    with pytest.raises(Exception, match="No member"):
        find(database, program, "new@example.com")


def test_sign_up_with_a_members_e_mail_looks_like_any_sign_up(browser: TestClient, database: Database,
                                                              program: Program, outbox: Path) -> None:
    make_member(database, program, email="new@example.com", first_name="Already")
    answer = browser.post("/app/sign-up", data=sign_up_form(browser))
    assert answer.status_code == 200 and "Check your e-mail" in answer.text
    code, _ = mailed(outbox, "new@example.com")
    assert enter_code(browser, answer.text, "new@example.com", code).status_code == 303
    assert "Hello, Already" in browser.get("/app").text  # nothing of the existing member was changed


# --- the member's screens --------------------------------------------------------------------------


def test_every_screen_shows_the_signed_in_members_own_data(browser: TestClient, database: Database,
                                                           program: Program, outbox: Path) -> None:
    anna_id = member_with_points(database, program, 640, email="anna@example.com", first_name="Anna")
    other_id = member_with_points(database, program, 9999, email="olga@example.com", first_name="Olga")
    campaign = make_campaign(database, program, name="Free coffee", kind="free_product", sku="COFFEE")
    make_codes(database, program, campaign.id, count=2, pattern="CUP-######")
    anna_code, = publish(database, program, campaign.id, [anna_id])
    olga_code, = publish(database, program, campaign.id, [other_id])
    sign_in_member(browser, outbox, "anna@example.com")

    with unit_of_work(database, read_only=True) as session:
        anna = member_service.member_read(session=session, member=member_service.get_member(
            session=session, program_id=program.id, member_id=anna_id))
    card = browser.get("/app/card").text
    assert anna.cards[0] in card and 'class="qr"' in card and 'class="barcode"' in card and "Anna" in card
    assert "640" in browser.get("/app/history").text
    coupons = browser.get("/app/coupons").text
    assert "Free coffee" in coupons and anna_code in browser.get(f"/app/coupons/{anna_code}").text
    invite = browser.get("/app/invite").text
    assert f"/r/{anna.referral_code}" in invite
    data = browser.get("/app/my-data.json")
    assert data.headers["content-disposition"].startswith("attachment")
    exported = data.json()
    assert exported["profile"]["id"] == anna_id and exported["profile"]["email"] == "anna@example.com"
    assert [c["code"] for c in exported["coupons"]] == [anna_code]
    assert sum(entry["amount"] for entry in exported["ledger"]) == 640
    assert set(exported) >= {"profile", "consent_history", "cards", "ledger", "purchases", "redemptions", "coupons"}
    screens = "".join(browser.get(path).text for path in (
        "/app", "/app/card", "/app/history", "/app/rewards", "/app/coupons", "/app/tier", "/app/invite",
        "/app/profile"))
    assert "Olga" not in screens and "9999" not in screens and "9\u00a0999" not in screens
    # The export's timestamps (microseconds) and card numbers may hold "9999" by chance: its
    # ledger and coupons are checked above; here, nothing names the other member.
    assert "Olga" not in data.text and "olga@example.com" not in data.text
    assert olga_code not in screens + data.text


def test_another_members_things_are_not_found(browser: TestClient, database: Database, program: Program,
                                              outbox: Path) -> None:
    pool = r.make_code_pool(database, program, codes=["SECRET-OLGA"])
    reward = r.make_reward(database, program, kind="e_voucher", code_pool_id=pool.id, points_price=100)
    olga_id = member_with_points(database, program, 500, email="olga@example.com")
    olga_redemption = r.redeem(database, program, olga_id, reward.id)
    campaign = make_campaign(database, program, name="Tea for Olga", kind="free_product", sku="TEA")
    make_codes(database, program, campaign.id, count=1, pattern="OLGA-######")
    olga_coupon, = publish(database, program, campaign.id, [olga_id])
    make_member(database, program, email="eve@example.com")
    sign_in_member(browser, outbox, "eve@example.com")

    for path in (f"/app/redemptions/{olga_redemption.id}", f"/app/coupons/{olga_coupon}", "/app/redemptions/999999"):
        answer = browser.get(path)
        assert answer.status_code == 404, path
        # (the path itself, which the member typed, is echoed in the language links)
        assert "SECRET-OLGA" not in answer.text and "Tea for Olga" not in answer.text
    assert "SECRET-OLGA" not in browser.get("/app/redemptions").text


def test_one_tap_redeems_once_and_shows_the_code(browser: TestClient, database: Database, program: Program,
                                                 outbox: Path) -> None:
    pool = r.make_code_pool(database, program, codes=["CINEMA-0001", "CINEMA-0002"])
    reward = r.make_reward(database, program, names={program.locale: "Cinema ticket"}, kind="e_voucher",
                           code_pool_id=pool.id, points_price=200)
    member_id = member_with_points(database, program, 500, email="tap@example.com")
    token = sign_in_member(browser, outbox, "tap@example.com")
    page = browser.get("/app/rewards").text
    key = re.search(rf'/app/rewards/{reward.id}/redeem".*?name="request_key" value="([^"]+)"', page, re.S)
    assert key

    first = browser.post(f"/app/rewards/{reward.id}/redeem", data={"csrf_token": token, "request_key": key.group(1)})
    second = browser.post(f"/app/rewards/{reward.id}/redeem", data={"csrf_token": token, "request_key": key.group(1)})

    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    shown = browser.get(first.headers["location"]).text
    assert "CINEMA-0001" in shown and "Cinema ticket" in shown
    assert balance(database, program, member_id).available == 300


def test_a_refused_redemption_says_why(browser: TestClient, database: Database, program: Program,
                                       outbox: Path) -> None:
    reward = r.make_reward(database, program, kind="e_voucher",
                           code_pool_id=r.make_code_pool(database, program, codes=["X-1"]).id, points_price=900)
    member_with_points(database, program, 100, email="poor@example.com")
    token = sign_in_member(browser, outbox, "poor@example.com")
    assert "You need 800 more points." in browser.get("/app/rewards").text
    answer = browser.post(f"/app/rewards/{reward.id}/redeem", data={"csrf_token": token, "request_key": "k-1"})
    assert answer.headers["location"] == "/app/rewards"
    assert "do not have enough points" in browser.get("/app/rewards").text


def test_consent_changes_are_recorded_with_time_and_source(browser: TestClient, database: Database,
                                                           program: Program, outbox: Path) -> None:
    make_member(database, program, email="c@example.com", consents={"email": {"granted": True, "source": "pos"}})
    token = sign_in_member(browser, outbox, "c@example.com")
    answer = browser.post("/app/consents", data={"csrf_token": token, "email": "no", "sms": "yes"})
    assert answer.status_code == 303
    profile = browser.get("/app/profile").text
    assert "member_app" in profile and "pos" in profile
    with unit_of_work(database, read_only=True) as session:
        history = member_service.consent_history(session=session, program_id=program.id,
                                                 member_id=find(database, program, "c@example.com"))
    assert [(row.channel, row.granted, row.source) for row in history] == [
        ("email", True, "pos"), ("email", False, "member_app"), ("sms", True, "member_app")]
    assert all(row.recorded_at is not None for row in history)


def test_a_post_without_its_csrf_token_is_refused(browser: TestClient, database: Database, program: Program,
                                                  outbox: Path) -> None:
    reward = r.make_reward(database, program, kind="e_voucher",
                           code_pool_id=r.make_code_pool(database, program, codes=["Y-1"]).id, points_price=10)
    member_id = member_with_points(database, program, 100, email="csrf@example.com")
    sign_in_member(browser, outbox, "csrf@example.com")
    for path, data in ((f"/app/rewards/{reward.id}/redeem", {"request_key": "k"}), ("/app/consents", {"sms": "yes"}),
                       ("/app/profile", {"first_name": "Mallory"}), ("/app/sign-out", {})):
        answer = browser.post(path, data=data)
        assert answer.status_code == 403 and "This form has expired" in answer.text, path
    assert balance(database, program, member_id).available == 100
    assert browser.get("/app").status_code == 200  # still signed in: the forged sign-out did nothing


def test_the_manifest_and_the_service_worker(browser: TestClient, program: Program) -> None:
    manifest = browser.get("/app/manifest.webmanifest")
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    body = manifest.json()
    assert body["start_url"] == "/app" and body["display"] == "standalone" and body["name"] == program.name
    for icon in body["icons"]:
        answer = browser.get(icon["src"])
        assert answer.status_code == 200 and answer.headers["content-type"] == icon["type"]
    assert browser.get("/app/icon-192.png").content.startswith(b"\x89PNG")
    worker = browser.get("/app/sw.js")
    assert worker.headers["service-worker-allowed"] == "/app" and "caches" in worker.text
    assert 'rel="manifest" href="/app/manifest.webmanifest"' in browser.get("/app/sign-in").text


# --- e-mail over SMTP ------------------------------------------------------------------------------


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough of an SMTP server (RFC 5321) for smtplib to deliver one message in plain text."""

    def handle(self) -> None:
        self.wfile.write(b"220 test ESMTP\r\n")
        while line := self.rfile.readline():
            command = line.decode("ascii", "replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.wfile.write(b"250 test\r\n")
            elif command == "DATA":
                self.wfile.write(b"354 go ahead\r\n")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                self.server.received.append(message_from_bytes(data))  # type: ignore[attr-defined]
                self.wfile.write(b"250 queued\r\n")
            elif command == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


def test_the_code_goes_out_over_smtp(database: Database, program: Program, tmp_path: Path) -> None:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpHandler)
    server.received = []  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    make_member(database, program, email="smtp@example.com", first_name="Sam")
    settings = app_settings(program, tmp_path / "outbox")
    settings.mail = MailSettings(smtp_host="127.0.0.1", smtp_port=server.server_address[1], smtp_security="none",
                                 sender="Loyalty <no-reply@example.com>")
    try:
        with app_client(database, settings) as client:
            page = ask_for_code(client, "smtp@example.com")
            received: list[Message] = server.received  # type: ignore[attr-defined]
            assert len(received) == 1 and received[0]["To"] == "smtp@example.com"
            text = received[0].get_payload(decode=True).decode()  # type: ignore[union-attr]
            code = re.search(r"your sign-in code is (\d{6})", text)
            assert code and "/app/sign-in/link/" in text
            assert enter_code(client, page, "smtp@example.com", code.group(1)).status_code == 303
    finally:
        server.shutdown()
        server.server_close()
    assert not (tmp_path / "outbox").exists()


def test_no_sign_in_code_in_the_subject_or_the_mail_log(database: Database, program: Program, tmp_path: Path,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpHandler)
    server.received = []  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    make_member(database, program, email="quiet@example.com")
    settings = app_settings(program, tmp_path / "outbox")
    settings.mail = MailSettings(smtp_host="127.0.0.1", smtp_port=server.server_address[1], smtp_security="none",
                                 sender="Loyalty <no-reply@example.com>")
    try:
        with caplog.at_level("DEBUG"), app_client(database, settings) as client:
            ask_for_code(client, "quiet@example.com")
    finally:
        server.shutdown()
        server.server_close()
    received: list[Message] = server.received  # type: ignore[attr-defined]
    text = received[0].get_payload(decode=True).decode()  # type: ignore[union-attr]
    found = re.search(r"your sign-in code is (\d{6})", text)
    assert found is not None
    code = found.group(1)
    assert code not in received[0]["Subject"]
    assert code not in caplog.text
    assert "quiet@example.com" in caplog.text and received[0]["Message-ID"] in caplog.text


def test_the_outbox_says_in_the_log_that_it_is_the_outbox(browser: TestClient, database: Database,
                                                          program: Program, caplog: pytest.LogCaptureFixture) -> None:
    make_member(database, program, email="dev@example.com")
    with caplog.at_level("INFO"):
        ask_for_code(browser, "dev@example.com")
    assert "outbox (no SMTP server set" in caplog.text


@pytest.mark.parametrize(("language", "button"), [("pl", "Wyślij mi kod"), ("ru", "Отправить мне код")])
def test_the_app_speaks_the_browsers_language(browser: TestClient, language: str, button: str) -> None:
    page = browser.get("/app/sign-in", headers={"Accept-Language": f"{language}, en;q=0.5"})
    assert f'<html lang="{language}">' in page.text and button in page.text


def test_sign_up_with_a_bad_e_mail_says_so_beside_the_field(browser: TestClient) -> None:
    answer = browser.post("/app/sign-up", data=sign_up_form(browser, email="not-an-address"))
    assert answer.status_code == 422
    assert 'id="email-error">Enter a valid e-mail address.<' in answer.text


def test_history_is_paged(browser: TestClient, database: Database, program: Program, outbox: Path) -> None:
    member_id = member_with_points(database, program, 0, email="pages@example.com")
    for points in range(1, 26):
        give_points(database, program, member_id, points)
    sign_in_member(browser, outbox, "pages@example.com")

    first = browser.get("/app/history").text
    older = re.search(r'href="(/app/history\?before=\d+)"', first)
    assert older and first.count("<tr>") == 1 + 20  # the header row and a page of twenty
    second = browser.get(older.group(1)).text
    assert second.count("<tr>") == 1 + 5 and "/app/history?before=" not in second
    assert ">+25<" in first and ">+1<" in second


def test_a_shared_referral_link_leads_to_the_filled_sign_up_form(browser: TestClient, database: Database,
                                                                 program: Program) -> None:
    set_referral_program(database, program, signup_url="http://testserver/app/sign-up")
    friend = make_member(database, program, email="sharer@example.com")

    followed = browser.get(f"/r/{friend.referral_code}")
    assert followed.status_code == 302
    form = browser.get(followed.headers["location"].removeprefix("http://testserver"))
    assert form.status_code == 200
    assert f'id="referral_code" name="referral_code" maxlength="32" autocomplete="off" value="{friend.referral_code}"' \
        in form.text


def test_the_sign_in_page_sends_a_signed_in_member_home(browser: TestClient, database: Database, program: Program,
                                                        outbox: Path) -> None:
    make_member(database, program, email="home@example.com")
    sign_in_member(browser, outbox, "home@example.com")
    answer = browser.get("/app/sign-in?next=/app/card")
    assert answer.status_code == 303 and answer.headers["location"] == "/app/card"
