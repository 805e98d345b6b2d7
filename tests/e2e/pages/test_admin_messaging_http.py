"""The admin panel's messaging pages over plain HTTP on both databases: templates made and
changed per language, a broken one refused with its line, the preview for a member found by
card or e-mail (its HTML a sandboxed document of its own), channel caps and quiet hours, the
suppression list, the member page's messages, and who may do what."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from loyalty.audit.models import AuditEntry
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.messaging import service
from loyalty.messaging.models import ChannelSettings, Message, Suppression
from loyalty.programs.models import Program
from tests.factories.members import make_cards, make_member
from tests.factories.messaging import make_template, queue, suppress
from tests.factories.programs import make_program
from tests.factories.staff import make_staff_user, page_client, sign_in_staff


@pytest.fixture
def browser(database: Database) -> Iterator[TestClient]:
    with page_client(database) as client:
        yield client


def template_form(csrf: str, **fields: str) -> dict[str, str]:
    blank = {f"{part}_{language}": "" for language in ("en", "pl", "ru")
             for part in ("subject", "html_body", "text_body")}
    return {"csrf_token": csrf, "key": "welcome", "channel": "email", "description": "", "fallback_language": "en",
            **blank, **fields}


def _template(database: Database, program: Program, template_id: int) -> service.TemplateRead:
    with unit_of_work(database, read_only=True) as session:
        return service.get_template(session=session, program_id=program.id, template_id=template_id)


def _audited(database: Database, program: Program) -> list[str]:
    with unit_of_work(database, read_only=True) as session:
        return list(session.scalars(select(AuditEntry.action).where(AuditEntry.program_id == program.id)
                                    .order_by(AuditEntry.id)))


def test_a_marketer_creates_and_edits_a_template_in_two_languages(browser: TestClient, database: Database,
                                                                  program: Program) -> None:
    csrf = sign_in_staff(browser, make_staff_user(database, program, "marketer"))
    assert 'href="/admin/messages"' in browser.get("/admin").text
    created = browser.post("/admin/messages/templates/new", data=template_form(
        csrf, subject_en="Welcome, {{ first_name }}", html_body_en="<p>Hello {{ first_name }}</p>",
        text_body_en="Hello {{ first_name }}"))
    assert created.status_code == 303, created.text
    template_id = int(created.headers["location"].rsplit("/", 1)[1])
    assert list(_template(database, program, template_id).versions) == ["en"]

    saved = browser.post(f"/admin/messages/templates/{template_id}", data=template_form(
        csrf, subject_en="Welcome aboard, {{ first_name }}", text_body_en="Hello {{ first_name }}",
        subject_pl="Witaj, {{ first_name }}", text_body_pl="Cześć {{ first_name }}", fallback_language="pl",
        description="First message"))
    assert saved.status_code == 303 and saved.headers["location"] == f"/admin/messages/templates/{template_id}"
    template = _template(database, program, template_id)
    assert sorted(template.versions) == ["en", "pl"] and template.fallback_language == "pl"
    assert template.versions["en"].subject == "Welcome aboard, {{ first_name }}"
    assert template.versions["en"].html_body == "" and template.description == "First message"
    assert _audited(database, program) == ["message_template.created", "message_template.updated"]

    listed = browser.get("/admin/messages").text
    row = re.search(rf'<tr id="template-{template_id}">.*?</tr>', listed, re.S)
    assert row is not None and "welcome" in row.group(0) and ">en<" in row.group(0) and ">pl<" in row.group(0)
    page = browser.get(f"/admin/messages/templates/{template_id}").text
    assert "Witaj, {{ first_name }}" in page


def test_a_template_that_does_not_compile_is_refused_with_its_line(browser: TestClient, database: Database,
                                                                   program: Program) -> None:
    csrf = sign_in_staff(browser, make_staff_user(database, program, "marketer"))
    unknown_filter = browser.post("/admin/messages/templates/new", data=template_form(
        csrf, subject_pl="Witaj", html_body_pl="<p>Cześć</p>\n<p>{{ first_name | shout }}</p>", text_body_pl="Cześć",
        fallback_language="pl"))
    assert unknown_filter.status_code == 422
    error = re.search(r'<p class="field-error" id="error-versions-pl-html_body">([^<]*)</p>', unknown_filter.text)
    assert error is not None and error.group(1) == "Line 2: No filter named &#39;shout&#39;."
    assert 'aria-invalid="true"' in unknown_filter.text and "{{ first_name | shout }}" in unknown_filter.text

    syntax = browser.post("/admin/messages/templates/new", data=template_form(
        csrf, subject_en="Hi", text_body_en="one\ntwo\n{% if balance %}rich"))
    assert syntax.status_code == 422
    assert re.search(r'id="error-versions-en-text_body">Line 3: Unexpected end of template', syntax.text)
    no_text = browser.post("/admin/messages/templates/new", data=template_form(csrf, subject_en="Hi",
                                                                               html_body_en="<p>Hi</p>"))
    assert no_text.status_code == 422 and 'id="error-versions-en-text_body">An e-mail needs a plain-text body.' \
        in no_text.text
    with unit_of_work(database, read_only=True) as session:
        assert service.list_templates(session=session, program_id=program.id).items == []


def test_the_preview_shows_the_member_found_by_card_or_email(browser: TestClient, database: Database,
                                                             program: Program) -> None:
    [card] = make_cards(database, program)
    make_member(database, program, first_name="Zofia", email="zofia@example.com", card_number=card,
                preferred_language="pl")
    template_id = make_template(database, program, versions={
        "en": {"subject": "Hi {{ first_name }}", "html_body": "<p style='color:red'>Hi <b>{{ first_name }}</b></p>"
               "<script>alert(1)</script>", "text_body": "Hi {{ first_name }}, {{ balance }} points"},
        "pl": {"subject": "Cześć {{ first_name }}", "html_body": "<p>Cześć {{ first_name }}</p>",
               "text_body": "Cześć {{ first_name }}"}})
    sign_in_staff(browser, make_staff_user(database, program, "analyst"))

    by_card = browser.get(f"/admin/messages/templates/{template_id}/preview", params={"member": card})
    assert by_card.status_code == 200
    assert '<dd id="preview-subject">Cześć Zofia</dd>' in by_card.text
    by_email = browser.get(f"/admin/messages/templates/{template_id}/preview",
                           params={"member": "ZOFIA@example.com", "language": "en"})
    assert '<dd id="preview-subject">Hi Zofia</dd>' in by_email.text
    assert '<pre class="message-text" id="preview-text">Hi Zofia, 0 points</pre>' in by_email.text
    link = re.search(r'id="preview-html" href="([^"]+)"', by_email.text)
    assert link is not None
    html = browser.get(link.group(1).replace("&amp;", "&"))
    assert html.status_code == 200 and "Hi <b>Zofia</b>" in html.text
    policy = html.headers["content-security-policy"]
    assert policy.startswith("sandbox;") and "script-src" not in policy and "default-src 'none'" in policy

    nobody = browser.get(f"/admin/messages/templates/{template_id}/preview", params={"member": "nobody@example.com"})
    assert nobody.status_code == 422 and "No member has this card number or e-mail." in nobody.text


def test_channel_caps_and_quiet_hours_are_saved(browser: TestClient, database: Database, program: Program) -> None:
    csrf = sign_in_staff(browser, make_staff_user(database, program, "manager"))
    saved = browser.post("/admin/messages/channels/sms", data={
        "csrf_token": csrf, "cap_count": "3", "cap_days": "7", "quiet_start": "21:00", "quiet_end": "08:00"})
    assert saved.status_code == 303
    half = browser.post("/admin/messages/channels/email", data={
        "csrf_token": csrf, "cap_count": "", "cap_days": "7", "quiet_start": "22:00", "quiet_end": ""})
    assert half.status_code == 422 and "Quiet hours need a start and an end." in half.text
    with unit_of_work(database, read_only=True) as session:
        rows = {row.channel: row for row in session.scalars(select(ChannelSettings).where(
            ChannelSettings.program_id == program.id))}
    assert list(rows) == ["sms"]
    assert (rows["sms"].cap_count, rows["sms"].cap_days, rows["sms"].quiet_start_minute,
            rows["sms"].quiet_end_minute) == (3, 7, 21 * 60, 8 * 60)
    page = browser.get("/admin/messages/channels").text
    assert 'id="f-sms-quiet_start" name="quiet_start" type="time" value="21:00"' in page
    assert _audited(database, program) == ["message_channel.updated"]


def test_an_address_is_suppressed_found_and_removed(browser: TestClient, database: Database,
                                                    program: Program) -> None:
    suppress(database, program, "bounced@example.com")
    csrf = sign_in_staff(browser, make_staff_user(database, program, "marketer"))
    added = browser.post("/admin/messages/suppressions", data={
        "csrf_token": csrf, "channel": "email", "address": " Asked@Example.com ", "reason": "asked by phone"})
    assert added.status_code == 303
    with unit_of_work(database, read_only=True) as session:
        row = session.scalars(select(Suppression).where(Suppression.program_id == program.id,
                                                        Suppression.address == "asked@example.com")).one()
        assert (row.reason, row.channel) == ("asked by phone", "email")
    found = browser.get("/admin/messages/suppressions", params={"q": "ASKED"}).text
    assert "asked@example.com" in found and "bounced@example.com" not in found
    assert "bounced@example.com" in browser.get("/admin/messages/suppressions").text

    removed = browser.post(f"/admin/messages/suppressions/{row.id}/delete", data={"csrf_token": csrf})
    assert removed.status_code == 303
    assert "asked@example.com" not in browser.get("/admin/messages/suppressions").text
    assert _audited(database, program) == ["message_suppression.added", "message_suppression.removed"]


def test_a_template_is_deleted(browser: TestClient, database: Database, program: Program) -> None:
    template_id = make_template(database, program)
    csrf = sign_in_staff(browser, make_staff_user(database, program, "owner"))
    deleted = browser.post(f"/admin/messages/templates/{template_id}/delete", data={"csrf_token": csrf})
    assert deleted.status_code == 303 and deleted.headers["location"] == "/admin/messages"
    assert browser.get(f"/admin/messages/templates/{template_id}").status_code == 404


def test_the_member_page_lists_the_members_messages_read_only(browser: TestClient, database: Database,
                                                              program: Program) -> None:
    member = make_member(database, program, first_name="Olga")
    make_template(database, program)
    queued = queue(database, program, member.id)
    assert queued is not None
    with unit_of_work(database) as session:
        message = session.get(Message, queued.id)
        assert message is not None
        message.status, message.skip_reason = "skipped", "no_consent"
    sign_in_staff(browser, make_staff_user(database, program, "agent"))
    page = browser.get(f"/admin/members/{member.id}").text
    row = re.search(rf'<tr id="message-{queued.id}">.*?</tr>', page, re.S)
    assert row is not None
    assert "welcome" in row.group(0) and "Skipped" in row.group(0) and "no consent for the channel" in row.group(0)
    assert "/t/c/" not in page and "/u/" not in row.group(0)
    # The agent reads the area but changes nothing in it.
    assert browser.get("/admin/messages").status_code == 200
    assert browser.get("/admin/messages/templates/new").status_code == 403


@pytest.mark.parametrize("role", ["analyst", "agent"])
def test_roles_without_the_permission_change_nothing(browser: TestClient, database: Database, program: Program,
                                                     role: str) -> None:
    template_id = make_template(database, program)
    suppress(database, program, "kept@example.com")
    with unit_of_work(database, read_only=True) as session:
        suppression_id = session.scalars(select(Suppression.id).where(Suppression.program_id == program.id)).one()
    csrf = sign_in_staff(browser, make_staff_user(database, program, role))
    page = browser.get(f"/admin/messages/templates/{template_id}")
    assert page.status_code == 200 and "Save the template" not in page.text
    assert browser.post(f"/admin/messages/templates/{template_id}", data=template_form(
        csrf, subject_en="Changed", text_body_en="Changed")).status_code == 403
    assert browser.post(f"/admin/messages/templates/{template_id}/delete",
                        data={"csrf_token": csrf}).status_code == 403
    assert browser.post("/admin/messages/templates/new", data=template_form(
        csrf, key="other", subject_en="x", text_body_en="x")).status_code == 403
    assert browser.post("/admin/messages/channels/email", data={
        "csrf_token": csrf, "cap_count": "1", "cap_days": "1"}).status_code == 403
    assert browser.post("/admin/messages/suppressions", data={
        "csrf_token": csrf, "channel": "email", "address": "x@example.com"}).status_code == 403
    assert browser.post(f"/admin/messages/suppressions/{suppression_id}/delete",
                        data={"csrf_token": csrf}).status_code == 403
    assert _template(database, program, template_id).versions["en"].subject == "Welcome, {{ first_name }}"
    assert _audited(database, program) == []


def test_a_cashier_does_not_see_the_area(browser: TestClient, database: Database, program: Program) -> None:
    sign_in_staff(browser, make_staff_user(database, program, "cashier"), face="pos")
    assert browser.get("/admin/messages").status_code == 403


def test_another_programs_template_and_suppression_are_not_found(browser: TestClient, database: Database,
                                                                 program: Program) -> None:
    other = make_program(database, name="Other shop")
    theirs = make_template(database, other)
    suppress(database, other, "theirs@example.com")
    with unit_of_work(database, read_only=True) as session:
        their_suppression = session.scalars(select(Suppression.id).where(Suppression.program_id == other.id)).one()
    their_member = make_member(database, other, email="stranger@example.com")
    mine = make_template(database, program)
    csrf = sign_in_staff(browser, make_staff_user(database, program, "owner"))
    assert browser.get(f"/admin/messages/templates/{theirs}").status_code == 404
    assert browser.post(f"/admin/messages/templates/{theirs}", data=template_form(
        csrf, subject_en="Mine now", text_body_en="x")).status_code == 404
    assert browser.post(f"/admin/messages/templates/{theirs}/delete", data={"csrf_token": csrf}).status_code == 404
    assert browser.get(f"/admin/messages/templates/{theirs}/preview/html",
                       params={"member_id": their_member.id}).status_code == 404
    assert browser.get(f"/admin/messages/templates/{mine}/preview/html",
                       params={"member_id": their_member.id}).status_code == 404
    assert browser.get(f"/admin/messages/templates/{mine}/preview",
                       params={"member": "stranger@example.com"}).status_code == 422
    assert browser.post(f"/admin/messages/suppressions/{their_suppression}/delete",
                        data={"csrf_token": csrf}).status_code == 404
    assert _template(database, other, theirs).versions["en"].subject == "Welcome, {{ first_name }}"
    assert "theirs@example.com" not in browser.get("/admin/messages/suppressions").text
