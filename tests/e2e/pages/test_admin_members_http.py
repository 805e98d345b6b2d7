"""The admin panel's members area over plain HTTP on both databases: the search box finds a
member by every identifier and by name, the single customer view shows each section, notes
and service cases, point adjustments within and over an agent's limit, block and unblock,
card replacement, the audit log with before and after, and the refusals (a role without
the permission, a forged or missing CSRF token, another program's member)."""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from html import unescape

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, or_, select

from loyalty.audit.models import AuditEntry
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.members.models import Card, Member
from loyalty.programs.models import Program
from loyalty.service_desk.models import CaseComment, MemberNote, ServiceCase
from tests.factories import rewards as r
from tests.factories import tiers as t
from tests.factories import vouchers as v
from tests.factories.ledger import balance, give_points
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.referrals import buy, make_referee, set_referral_program
from tests.factories.staff import StaffLogin, make_staff_user, page_client, sign_in_staff


@pytest.fixture
def browser(database: Database) -> Iterator[TestClient]:
    with page_client(database) as client:
        yield client


def signed_in(database: Database, program: Program, role: str = "owner", *,
              adjustment_limit: int | None = None) -> tuple[TestClient, str, StaffLogin]:
    login = make_staff_user(database, program, role, adjustment_limit=adjustment_limit)
    client = page_client(database)
    token = sign_in_staff(client, login)
    return client, token, login


def anna(database: Database, program: Program, **fields: object) -> Member:
    values: dict[str, object] = {"first_name": "Anna", "last_name": "Kowalska", "email": "anna@example.com",
                                 "phone": "+48601234567", "external_id": "CRM-88213"}
    values.update(fields)
    return make_member(database, program, **values)


def card_of(database: Database, member_id: int) -> str:
    with unit_of_work(database, read_only=True) as session:
        return session.scalars(select(Card.number).where(Card.member_id == member_id, Card.status == "active")).one()


def audit_of(database: Database, program: Program, action: str) -> list[AuditEntry]:
    with unit_of_work(database, read_only=True) as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.program_id == program.id,
                                                             AuditEntry.action == action)).all())


def result_ids(html: str) -> list[int]:
    section = html.split('id="results"', 1)[1]
    return [int(found) for found in re.findall(r'href="/admin/members/(\d+)"', section)]


# The search


def test_search_finds_a_member_by_each_identifier(database: Database) -> None:
    program = make_program(database, locale="pl-PL")
    member = anna(database, program)
    make_member(database, program, first_name="Other", last_name="Person")
    client, _token, _login = signed_in(database, program, "analyst")
    card = card_of(database, member.id)
    spaced_card = " ".join(card[i:i + 4] for i in range(0, len(card), 4))
    for typed in (card, spaced_card, "ANNA@example.com", "+48 601 234 567", "0048601234567", "601-234-567",
                  "(601) 234 567", "CRM-88213", str(member.id)):
        page = client.get("/admin/members", params={"q": typed})
        assert page.status_code == 200, typed
        assert result_ids(page.text) == [member.id], typed
        assert "exact match" in page.text, typed


def test_search_finds_members_by_the_start_of_a_name_in_any_case(database: Database, program: Program) -> None:
    first = anna(database, program)
    second = make_member(database, program, first_name="Annabel", last_name="Nowak")
    third = make_member(database, program, first_name="Łukasz", last_name="Kowal")
    make_member(database, program, first_name="Piotr", last_name="Zieliński")
    client, _token, _login = signed_in(database, program, "analyst")

    assert sorted(result_ids(client.get("/admin/members", params={"q": "ann"}).text)) == [first.id, second.id]
    assert sorted(result_ids(client.get("/admin/members", params={"q": "KOWAL"}).text)) == [first.id, third.id]
    assert result_ids(client.get("/admin/members", params={"q": "łuk"}).text) == [third.id]
    assert result_ids(client.get("/admin/members", params={"q": "anna kow"}).text) == [first.id]
    assert result_ids(client.get("/admin/members", params={"q": "Kowalska Anna"}).text) == [first.id]
    assert result_ids(client.get("/admin/members", params={"q": "zzz"}).text) == []


def test_search_pages_through_many_name_matches(database: Database, program: Program) -> None:
    made = [make_member(database, program, first_name=f"Jan{index}", last_name="Pager").id for index in range(30)]
    client, _token, _login = signed_in(database, program, "analyst")
    first = client.get("/admin/members", params={"q": "pager"})
    ids = result_ids(first.text)
    assert ids == sorted(made, reverse=True)[:25]
    older = re.search(r'href="/admin/members\?q=pager&amp;before=(\d+)"', first.text)
    assert older is not None
    second = client.get("/admin/members", params={"q": "pager", "before": older.group(1)})
    assert result_ids(second.text) == sorted(made, reverse=True)[25:]


def test_search_uses_the_name_indexes(database: Database, program: Program) -> None:
    """With many members a name search must not read the whole table: the plan of a name
    search uses the lower(name) indexes of migration 0016, and the search stays quick."""
    from loyalty.members import repository
    from loyalty.members import service as member_service

    now = datetime.now(UTC)
    rows = [{"program_id": program.id, "first_name": f"First{index}", "last_name": f"Last{index % 997}",
             "attributes": {}, "status": "active", "enrolment_channel": "api", "enrolled_at": now, "updated_at": now,
             "referral_code": f"Z{program.id}X{index}"} for index in range(20_000)]
    with unit_of_work(database) as session:
        session.execute(insert(Member), rows)
        session.connection().exec_driver_sql("ANALYZE members")
    with unit_of_work(database, read_only=True) as session:
        dialect = session.get_bind().dialect.name
        condition = or_(repository._name_starts(Member.first_name, "zzz", dialect),
                        repository._name_starts(Member.last_name, "zzz", dialect))
        query = select(Member.id).where(Member.program_id == program.id, condition).order_by(Member.id.desc()).limit(26)
        compiled = query.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
        explain = "EXPLAIN" if dialect == "postgresql" else "EXPLAIN QUERY PLAN"
        plan = "\n".join(str(row[-1]) for row in session.connection().exec_driver_sql(f"{explain} {compiled}"))
        started = time.perf_counter()
        found = member_service.search_members(session=session, program=program, text="last99", limit=25)
        elapsed = time.perf_counter() - started
    assert "ix_members_program_lower_first_name" in plan and "ix_members_program_lower_last_name" in plan, plan
    assert len(found.by_name.items) == 25 and elapsed < 1.0


def test_search_does_not_show_another_programs_members(database: Database, program: Program) -> None:
    other = make_program(database)
    stranger = anna(database, other)
    client, _token, _login = signed_in(database, program, "analyst")
    for typed in ("anna@example.com", "Kowalska", str(stranger.id), card_of(database, stranger.id)):
        assert result_ids(client.get("/admin/members", params={"q": typed}).text) == [], typed


# The single customer view


def test_member_page_shows_every_section(database: Database, program: Program) -> None:
    t.make_levels(database, program)
    member = anna(database, program, consents={"email": {"granted": True, "source": "signup_form"}},
                  address={"line1": "ul. Prosta 1", "city": "Warszawa", "country": "PL"})
    give_points(database, program, member.id, 700)
    purchase_id = buy(database, program, member.id, 12345, external_id="RCPT-77")
    reward = r.make_reward(database, program, names={"en": "Coffee mug"}, points_price=100)
    r.redeem(database, program, member.id, reward.id)
    campaign = v.make_campaign(database, program, name="Spring coupon")
    v.make_codes(database, program, campaign.id, count=1)
    [code] = v.publish(database, program, campaign.id, [member.id])
    set_referral_program(database, program)
    referee = make_referee(database, program, code=member.referral_code, first_name="Bob")
    client, token, _login = signed_in(database, program, "owner")
    client.post(f"/admin/members/{member.id}/notes", data={"csrf_token": token, "department": "service",
                                                           "body": "Prefers e-mail contact"})
    client.post(f"/admin/members/{member.id}/cases", data={"csrf_token": token, "kind": "question",
                                                           "subject": "Where are my points?"})

    page = client.get(f"/admin/members/{member.id}")
    assert page.status_code == 200
    html = page.text
    for expected in ("Anna Kowalska", "anna@example.com", "+48601234567", "CRM-88213", card_of(database, member.id),
                     "signup_form", "granted", "Member", "Silver", "RCPT-77", "Coffee mug", "Spring coupon", code,
                     "Prefers e-mail contact", "Where are my points?", "member.enrolled", "note.added",
                     f"/admin/members/{referee.id}", "earn", "ul. Prosta 1, Warszawa, PL"):
        assert expected in html, expected
    assert f'id="balance-points">{balance(database, program, member.id).available}<' in html
    assert purchase_id


def test_section_pages_page_through_the_ledger(database: Database, program: Program) -> None:
    member = anna(database, program)
    for points in range(1, 63):
        give_points(database, program, member.id, points)
    client, _token, _login = signed_in(database, program, "analyst")
    first = client.get(f"/admin/members/{member.id}/ledger")
    assert first.status_code == 200
    older = re.search(rf'href="/admin/members/{member.id}/ledger\?before=(\d+)"', first.text)
    assert older is not None
    second = client.get(f"/admin/members/{member.id}/ledger", params={"before": older.group(1)})
    assert second.status_code == 200 and "Older entries" not in second.text
    assert client.get(f"/admin/members/{member.id}/nonsense").status_code == 404
    assert client.get(f"/admin/members/{member.id}/audit").status_code == 404  # an analyst does not see the log


def test_another_programs_member_is_not_found(database: Database, program: Program) -> None:
    stranger = anna(database, make_program(database))
    client, token, _login = signed_in(database, program, "owner")
    assert client.get(f"/admin/members/{stranger.id}").status_code == 404
    assert client.get(f"/admin/members/{stranger.id}/ledger").status_code == 404
    for path, data in ((f"/admin/members/{stranger.id}/notes", {"department": "service", "body": "x"}),
                       (f"/admin/members/{stranger.id}/points", {"points": "5", "reason": "x"}),
                       (f"/admin/members/{stranger.id}/block", {})):
        assert client.post(path, data={"csrf_token": token, **data}).status_code == 404, path
    with unit_of_work(database, read_only=True) as session:
        assert session.get(Member, stranger.id).status == "active"  # type: ignore[union-attr]
        assert session.scalars(select(MemberNote).where(MemberNote.member_id == stranger.id)).all() == []


# Notes and cases


def test_an_agent_leaves_a_note_and_pins_it(database: Database, program: Program) -> None:
    member = anna(database, program)
    client, token, _login = signed_in(database, program, "agent")
    client.post(f"/admin/members/{member.id}/notes", data={"csrf_token": token, "department": "finance",
                                                           "body": "First note"})
    answer = client.post(f"/admin/members/{member.id}/notes", data={"csrf_token": token, "department": "store",
                                                                    "body": "Second note"})
    assert answer.status_code == 303
    with unit_of_work(database, read_only=True) as session:
        first_id = session.scalars(select(MemberNote.id).where(MemberNote.body == "First note",
                                                               MemberNote.member_id == member.id)).one()
    page = client.get(f"/admin/members/{member.id}").text
    assert page.index("Second note") < page.index("First note")  # newest first
    assert "Test agent" in page and "Finance" in page

    pinned = client.post(f"/admin/members/{member.id}/notes/{first_id}/pin", data={"csrf_token": token, "pinned": "1"})
    assert pinned.status_code == 303
    page = client.get(f"/admin/members/{member.id}").text
    assert page.index("First note") < page.index("Second note")  # pinned first
    [entry] = audit_of(database, program, "note.pinned")
    assert entry.before == {"note_id": first_id, "pinned": False} and entry.after == {"note_id": first_id,
                                                                                       "pinned": True}
    client.post(f"/admin/members/{member.id}/notes/{first_id}/pin", data={"csrf_token": token, "pinned": "0"})
    page = client.get(f"/admin/members/{member.id}").text
    assert page.index("Second note") < page.index("First note")


def test_an_empty_note_is_refused_with_a_message(database: Database, program: Program) -> None:
    member = anna(database, program)
    client, token, _login = signed_in(database, program, "agent")
    answer = client.post(f"/admin/members/{member.id}/notes", data={"csrf_token": token, "department": "service",
                                                                    "body": "  "})
    assert answer.status_code == 422 and "Write the text first." in answer.text


def test_a_case_is_opened_assigned_commented_and_closed(database: Database, program: Program) -> None:
    member = anna(database, program)
    client, token, agent = signed_in(database, program, "agent")
    manager = make_staff_user(database, program, "manager")
    opened = client.post(f"/admin/members/{member.id}/cases", data={
        "csrf_token": token, "kind": "complaint", "subject": "Points missing", "body": "Receipt 17 earned nothing",
        "assignee_id": str(agent.user_id)})
    assert opened.status_code == 303
    with unit_of_work(database, read_only=True) as session:
        case = session.scalars(select(ServiceCase).where(ServiceCase.member_id == member.id)).one()
    assert case.status == "open" and case.assignee_id == agent.user_id

    member_page = client.get(f"/admin/members/{member.id}").text
    assert "Points missing" in member_page
    mine = client.get("/admin/cases", params={"mine": "1"}).text
    assert f"/admin/cases/{case.id}" in mine
    case_page = client.get(f"/admin/cases/{case.id}").text
    assert "Receipt 17 earned nothing" in case_page and "Complaint" in case_page

    assert client.post(f"/admin/cases/{case.id}/assign", data={"csrf_token": token,
                                                               "assignee_id": str(manager.user_id)}).status_code == 303
    assert f"/admin/cases/{case.id}" not in client.get("/admin/cases", params={"mine": "1"}).text
    assert client.post(f"/admin/cases/{case.id}/comments", data={"csrf_token": token,
                                                                 "body": "Called the store"}).status_code == 303
    refused = client.post(f"/admin/cases/{case.id}/close", data={"csrf_token": token, "resolution": ""})
    assert refused.status_code == 422 and "Write how the case was resolved." in refused.text
    assert client.post(f"/admin/cases/{case.id}/close", data={"csrf_token": token,
                                                              "resolution": "Points added by hand"}).status_code == 303
    with unit_of_work(database, read_only=True) as session:
        closed = session.get(ServiceCase, case.id)
        assert closed is not None and closed.status == "closed" and closed.resolution == "Points added by hand"
        assert closed.assignee_id == manager.user_id
        bodies = session.scalars(select(CaseComment.body).where(CaseComment.case_id == case.id)
                                 .order_by(CaseComment.id)).all()
    assert bodies == ["Receipt 17 earned nothing", "Called the store"]
    assert "Points missing" not in client.get(f"/admin/members/{member.id}").text.split('id="cases"')[1].split(
        "</section>")[0]
    open_list = client.get("/admin/cases").text
    assert f"/admin/cases/{case.id}" not in open_list
    assert f"/admin/cases/{case.id}" in client.get("/admin/cases", params={"status": "closed"}).text
    assert client.post(f"/admin/cases/{case.id}/comments", data={"csrf_token": token, "body": "late"}
                       ).status_code == 409
    [closing] = audit_of(database, program, "case.closed")
    assert closing.before == {"status": "open"}
    assert closing.after == {"status": "closed", "resolution": "Points added by hand"}


def test_cases_list_shows_open_cases_first(database: Database, program: Program) -> None:
    member = anna(database, program)
    client, token, _login = signed_in(database, program, "owner")
    for subject in ("Old one", "Closed one", "New one"):
        client.post(f"/admin/members/{member.id}/cases", data={"csrf_token": token, "kind": "request",
                                                               "subject": subject})
    with unit_of_work(database, read_only=True) as session:
        closed_id = session.scalars(select(ServiceCase.id).where(ServiceCase.subject == "Closed one",
                                                                 ServiceCase.program_id == program.id)).one()
    client.post(f"/admin/cases/{closed_id}/close", data={"csrf_token": token, "resolution": "Done"})
    html = client.get("/admin/cases", params={"status": "all"}).text
    assert html.index("New one") < html.index("Old one") < html.index("Closed one")


# Point adjustments


def key() -> dict[str, str]:
    """The adjustment form's one-time key, as the member page puts it in the form."""
    return {"request_key": secrets.token_urlsafe(16)}


def test_the_same_adjustment_form_posted_twice_adjusts_once(database: Database, program: Program) -> None:
    member = anna(database, program)
    give_points(database, program, member.id, 100)
    client, token, _login = signed_in(database, program, "manager")
    page = client.get(f"/admin/members/{member.id}").text
    request_key = re.search(r'name="request_key" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    form = {"csrf_token": token, "request_key": request_key, "points": "25", "reason": "Goodwill"}
    first, second = client.post(f"/admin/members/{member.id}/points", data=form), \
        client.post(f"/admin/members/{member.id}/points", data=form)
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert balance(database, program, member.id).available == 125
    [entry] = audit_of(database, program, "points.adjusted")
    assert entry.before == {"available": 100} and entry.after is not None and entry.after["available"] == 125
    other_page = client.get(f"/admin/members/{member.id}").text  # a new form is a new adjustment
    assert f'value="{request_key}"' not in other_page
    form["request_key"] = re.search(r'name="request_key" value="([^"]+)"', other_page).group(1)  # type: ignore[union-attr]
    assert client.post(f"/admin/members/{member.id}/points", data=form).status_code == 303
    assert balance(database, program, member.id).available == 150


def test_an_adjustment_without_its_form_key_adjusts_nothing(database: Database, program: Program) -> None:
    member = anna(database, program)
    client, token, _login = signed_in(database, program, "manager")
    refused = client.post(f"/admin/members/{member.id}/points", data={"csrf_token": token, "points": "25",
                                                                      "reason": "Goodwill"})
    assert refused.status_code == 422 and "This form has expired" in refused.text
    assert balance(database, program, member.id).available == 0


def test_an_agent_adjusts_within_the_limit_and_is_refused_over_it(database: Database, program: Program) -> None:
    member = anna(database, program)
    give_points(database, program, member.id, 100)
    client, token, _login = signed_in(database, program, "agent", adjustment_limit=50)

    within = client.post(f"/admin/members/{member.id}/points", data={"csrf_token": token, **key(), "points": "50",
                                                                     "reason": "Goodwill"})
    assert within.status_code == 303
    assert balance(database, program, member.id).available == 150
    [entry] = audit_of(database, program, "points.adjusted")
    assert entry.subject_type == "member" and entry.subject_id == str(member.id)
    assert entry.before == {"available": 100}
    assert entry.after is not None and entry.after["available"] == 150 and entry.after["points"] == 50
    assert entry.after["reason"] == "Goodwill" and entry.actor_name == "Test agent"

    over = client.post(f"/admin/members/{member.id}/points", data={"csrf_token": token, **key(), "points": "-51",
                                                                   "reason": "Too much"})
    assert over.status_code == 403
    assert "over your adjustment limit of 50 points" in over.text
    assert balance(database, program, member.id).available == 150
    assert len(audit_of(database, program, "points.adjusted")) == 1


def test_an_agent_without_a_limit_cannot_adjust(database: Database, program: Program) -> None:
    member = anna(database, program)
    client, token, _login = signed_in(database, program, "agent")
    answer = client.post(f"/admin/members/{member.id}/points", data={"csrf_token": token, **key(), "points": "1",
                                                                     "reason": "Try"})
    assert answer.status_code == 403 and "You have no adjustment limit" in answer.text
    assert balance(database, program, member.id).available == 0


def test_the_owner_adjusts_without_a_limit_and_a_reason_is_required(database: Database, program: Program) -> None:
    member = anna(database, program)
    client, token, _login = signed_in(database, program, "owner")
    refused = client.post(f"/admin/members/{member.id}/points", data={"csrf_token": token, **key(), "points": "5000",
                                                                      "reason": ""})
    assert refused.status_code == 422 and "Give a reason for the adjustment." in refused.text
    assert client.post(f"/admin/members/{member.id}/points", data={"csrf_token": token, **key(), "points": "5000",
                                                                   "reason": "Migration"}).status_code == 303
    assert balance(database, program, member.id).available == 5000
    below = client.post(f"/admin/members/{member.id}/points", data={"csrf_token": token, **key(), "points": "-6000",
                                                                    "reason": "Too much"})
    assert below.status_code == 409 and "5,000" in below.text
    assert balance(database, program, member.id).available == 5000


# Block, unblock, replace a card


def test_block_and_unblock_are_audited(database: Database, program: Program) -> None:
    member = anna(database, program)
    client, token, _login = signed_in(database, program, "agent")
    assert client.post(f"/admin/members/{member.id}/block", data={"csrf_token": token}).status_code == 303
    page = client.get(f"/admin/members/{member.id}").text
    assert "Unblock the member" in page
    with unit_of_work(database, read_only=True) as session:
        assert session.get(Member, member.id).status == "blocked"  # type: ignore[union-attr]
    assert client.post(f"/admin/members/{member.id}/unblock", data={"csrf_token": token}).status_code == 303
    with unit_of_work(database, read_only=True) as session:
        assert session.get(Member, member.id).status == "active"  # type: ignore[union-attr]
    [blocked] = audit_of(database, program, "member.blocked")
    [unblocked] = audit_of(database, program, "member.unblocked")
    assert (blocked.before, blocked.after) == ({"status": "active"}, {"status": "blocked"})
    assert (unblocked.before, unblocked.after) == ({"status": "blocked"}, {"status": "active"})


def test_a_card_is_blocked_and_replaced(database: Database, program: Program) -> None:
    member = anna(database, program)
    old = card_of(database, member.id)
    client, token, _login = signed_in(database, program, "agent")
    answer = client.post(f"/admin/members/{member.id}/cards/replace", data={"csrf_token": token, "card_number": old})
    assert answer.status_code == 303
    new = card_of(database, member.id)
    assert new != old
    page = client.get(f"/admin/members/{member.id}").text
    assert old in page and new in page
    [entry] = audit_of(database, program, "card.replaced")
    assert entry.before == {"card_number": old, "status": "active"}
    assert entry.after == {"card_number": old, "status": "blocked", "replacement_card_number": new}
    again = client.post(f"/admin/members/{member.id}/cards/replace", data={"csrf_token": token, "card_number": old})
    assert again.status_code == 409 and "This card is blocked already." in again.text
    # the old card still finds the member
    owner, _owner_token, _login = signed_in(database, program, "analyst")
    assert result_ids(owner.get("/admin/members", params={"q": old}).text) == [member.id]


# The audit log


def test_audit_log_lists_changes_newest_first_with_a_subject_filter(database: Database, program: Program) -> None:
    member = anna(database, program)
    other = make_member(database, program, first_name="Other")
    client, token, _login = signed_in(database, program, "owner")
    client.post(f"/admin/members/{member.id}/block", data={"csrf_token": token})
    client.post(f"/admin/members/{other.id}/points",
                data={"csrf_token": token, **key(), "points": "7", "reason": "Hello"})
    html = unescape(client.get("/admin/audit").text)
    assert html.index("points.adjusted") < html.index("member.blocked")
    assert '"reason": "Hello"' in html and '{"status": "blocked"}' in html and '{"status": "active"}' in html
    filtered = client.get("/admin/audit", params={"subject_type": "member", "subject_id": str(member.id)}).text
    assert "member.blocked" in filtered and "points.adjusted" not in filtered
    analyst, _token, _login = signed_in(database, program, "analyst")
    assert analyst.get("/admin/audit").status_code == 403


# Refusals


def test_an_analyst_may_read_but_not_write(database: Database, program: Program) -> None:
    member = anna(database, program)
    client, token, _login = signed_in(database, program, "analyst")
    assert client.get(f"/admin/members/{member.id}").status_code == 200
    assert "Adjust points" not in client.get(f"/admin/members/{member.id}").text
    for path, data in ((f"/admin/members/{member.id}/points", {"points": "5", "reason": "x"}),
                       (f"/admin/members/{member.id}/notes", {"department": "service", "body": "x"}),
                       (f"/admin/members/{member.id}/cases", {"kind": "question", "subject": "x"}),
                       (f"/admin/members/{member.id}/block", {}),
                       (f"/admin/members/{member.id}/cards/replace", {"card_number": card_of(database, member.id)})):
        assert client.post(path, data={"csrf_token": token, **data}).status_code == 403, path
    _nothing_changed(database, program, member)


def _nothing_changed(database: Database, program: Program, member: Member) -> None:
    assert balance(database, program, member.id).available == 0
    with unit_of_work(database, read_only=True) as session:
        assert session.get(Member, member.id).status == "active"  # type: ignore[union-attr]
        assert session.scalars(select(MemberNote).where(MemberNote.member_id == member.id)).all() == []
        assert session.scalars(select(ServiceCase).where(ServiceCase.member_id == member.id)).all() == []
        assert session.scalars(select(AuditEntry).where(AuditEntry.program_id == program.id)).all() == []


def test_a_post_without_the_sessions_csrf_token_changes_nothing(database: Database, program: Program) -> None:
    member = anna(database, program)
    client, _token, _login = signed_in(database, program, "owner")
    _other_client, other_token, _other = signed_in(database, program, "owner")
    for token in (None, other_token, "forged"):
        for path, data in ((f"/admin/members/{member.id}/points", {"points": "5", "reason": "x"}),
                           (f"/admin/members/{member.id}/notes", {"department": "service", "body": "x"}),
                           (f"/admin/members/{member.id}/block", {})):
            sent = {**data, **({"csrf_token": token} if token else {})}
            answer = client.post(path, data=sent)
            assert answer.status_code == 403 and "This form has expired" in answer.text, (path, token)
    _nothing_changed(database, program, member)


def test_signed_out_visitors_are_sent_to_sign_in(browser: TestClient, database: Database, program: Program) -> None:
    member = anna(database, program)
    assert browser.get("/admin/members").headers["location"] == "/admin/sign-in?next=/admin/members"
    assert browser.get(f"/admin/members/{member.id}").headers["location"].startswith("/admin/sign-in")
    assert browser.get("/admin/cases").headers["location"].startswith("/admin/sign-in")


@pytest.mark.parametrize(("language", "words"), [("pl", ("Notatki", "Otwarte zgłoszenia", "Korekta punktów")),
                                                 ("ru", ("Заметки", "Открытые обращения", "Корректировка баллов"))])
def test_the_pages_speak_polish_and_russian(database: Database, program: Program, language: str,
                                            words: tuple[str, ...]) -> None:
    member = anna(database, program)
    client, token, _login = signed_in(database, program, "owner")
    client.cookies.set("loyalty_lang", language)
    client.post(f"/admin/members/{member.id}/cases", data={"csrf_token": token, "kind": "question", "subject": "Q"})
    client.post(f"/admin/members/{member.id}/points", data={"csrf_token": token, **key(), "points": "5", "reason": "R"})
    page = client.get(f"/admin/members/{member.id}")
    assert page.status_code == 200 and all(word in page.text for word in words), language
    for path in ("/admin/members", "/admin/members?q=anna", "/admin/cases", "/admin/cases?status=all",
                 "/admin/audit", f"/admin/members/{member.id}/ledger", f"/admin/members/{member.id}/audit"):
        assert client.get(path).status_code == 200, path
    refused = client.post(f"/admin/members/{member.id}/points", data={"csrf_token": token, **key(), "points": "5",
                                                                      "reason": ""})
    assert refused.status_code == 422 and ("Podaj powód korekty." if language == "pl"
                                           else "Укажите причину корректировки.") in refused.text
