""""Download my data" holds the member's rows of every table the guard lists as exported (tier,
segments, referrals, sign-ins, staff notes and cases, scores, lifecycle, messages, campaigns,
journeys, browsing), and nothing of another member's, on both databases."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from loyalty.auth.models import PageSession
from loyalty.browsing.models import Visitor, WebEvent
from loyalty.campaigns.models import CampaignListMember, CampaignMember
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.models import Event
from loyalty.journeys.models import Journey, JourneyEnrolment, JourneyStepVisit
from loyalty.kernel import clock
from loyalty.lifecycle.models import Cart, LifecycleMark, MemberRhythm
from loyalty.messaging.models import Message, MessageLinkClick
from loyalty.programs.models import Program
from loyalty.referrals.models import Referral
from loyalty.scoring.models import MemberScore
from loyalty.segment_membership.models import Segment, SegmentMember
from loyalty.service_desk.models import CaseComment, MemberNote, ServiceCase
from loyalty.tiers.models import TierActivity
from loyalty.web.member_app.my_data import member_export
from tests.factories.campaigns import make_campaign
from tests.factories.ledger import give_points
from tests.factories.members import make_member
from tests.factories.staff import make_staff_user
from tests.factories.surveys import buy
from tests.factories.tiers import assign, make_levels
from tests.unit.web.test_my_data_covers_every_table import EXPORTED, EXPORTED_WITH_THEIR_PARENT


def _keep_rows_about(session: Session, program: Program, member_id: int, marker: str, *, staff_id: int,
                     campaign_id: int, journey_id: int, segment_id: int) -> None:
    """One row of every kind about the member, each carrying `marker` where it has text."""
    now, mine = clock.now(), {"program_id": program.id, "member_id": member_id}
    case = ServiceCase(**mine, kind="question", subject=f"{marker} asks", opened_by_id=staff_id,
                       opened_by_name="Jane Staffer", opened_at=now)
    enrolment = JourneyEnrolment(**mine, journey_id=journey_id, version=1, state="waiting", current_step="wait",
                                 open_key="open", entry_payload={"about": marker}, entered_at=now)
    message = Message(**mine, channel="email", template_key="welcome", dedupe_key=f"{marker}-dedupe", source="test",
                      context={"sign_in_code": f"{marker}-SECRET"}, status="sent", send_after=now, created_at=now,
                      updated_at=now, sent_at=now, subject=f"Hello {marker}",
                      tracking_token=f"{marker}-TOKEN-{program.id}", address=f"{marker.lower()}@example.com")
    browser = Visitor(**mine, visitor_id=f"{marker}-COOKIE", first_seen_at=now - timedelta(days=1),
                      last_seen_at=now, first_source="newsletter", first_medium="email",
                      first_campaign=f"{marker}-utm", identified_at=now)
    session.add_all([case, enrolment, message, browser])
    session.flush()
    session.add_all([
        MemberNote(**mine, department="service", body=f"{marker} prefers calls", author_id=staff_id,
                   author_name="Jane Staffer", created_at=now),
        CaseComment(program_id=program.id, case_id=case.id, body=f"{marker} answered", author_id=staff_id,
                    author_name="Jane Staffer", created_at=now),
        MemberScore(**mine, rfm_recency=5, rfm_frequency=4, rfm_monetary=3, rfm_cell=f"{marker}-cell",
                    churn_risk=0.25, scored_at=now),
        LifecycleMark(**mine, kind="birthday", occasion=f"{marker}-2026", created_at=now),
        MemberRhythm(**mine, purchase_count=3, last_purchase_at=now, last_purchase_on=now.date(),
                     typical_gap_seconds=86400, updated_at=now),
        Cart(**mine, cart_id=f"{marker}-cart", items=[{"sku": f"{marker}-SKU", "quantity": 1}], value_minor=900,
             currency="EUR", created_at=now, updated_at=now),
        MessageLinkClick(message_id=message.id, link=f"{marker}-link", clicked_at=now),
        CampaignMember(**mine, campaign_id=campaign_id, chunk_no=0, is_control=False, outcome="reached",
                       points_given=100, created_at=now),
        CampaignListMember(**mine, campaign_id=campaign_id),
        JourneyStepVisit(program_id=program.id, journey_id=journey_id, enrolment_id=enrolment.id, step_id="wait",
                         step_type="wait", result={"about": marker}, at=now),
        SegmentMember(**mine, segment_id=segment_id, entered_at=now),
        TierActivity(**mine, occurred_at=now, points=10, amount_minor=0, purchases=1, source=f"{marker}:1",
                     recorded_at=now),
        # Two events of their browser: one signed in, one from before it was identified as them.
        WebEvent(**mine, event_id=f"{marker}-event-1", visitor_ref=browser.id, type="page_view", path=f"/{marker}",
                 source="newsletter", medium="email", occurred_at=now, received_at=now),
        WebEvent(program_id=program.id, member_id=None, event_id=f"{marker}-event-0", visitor_ref=browser.id,
                 type="product_view", sku=f"{marker}-SKU", source="newsletter", medium="email",
                 occurred_at=now - timedelta(days=1), received_at=now - timedelta(days=1)),
        Event(**mine, type="custom_event.received", occurred_at=now, recorded_at=now, actor="api_key:3:web-shop",
              payload={"name": f"{marker} visited the shop"}),
        PageSession(**mine, token_hash=f"{marker}-HASH-{program.id}".ljust(64, "0"), face="member",
                    csrf_token=f"{marker}-CSRF", created_at=now, expires_at=now + timedelta(days=30)),
    ])


def _export(database: Database, program: Program, member_id: int) -> dict[str, Any]:
    with unit_of_work(database, read_only=True) as session:
        return member_export(session=session, program=program, member_id=member_id)


def test_the_export_holds_every_kind_of_row_about_the_member_and_none_of_anothers(database: Database,
                                                                                 program: Program) -> None:
    now = clock.now()
    agent = make_staff_user(database, program, "agent")
    campaign = make_campaign(database, program, name="Spring bonus")
    make_levels(database, program)
    anna, olga = make_member(database, program).id, make_member(database, program).id
    assign(database, program, anna, tier_code="gold")
    with unit_of_work(database) as session:
        journey = Journey(program_id=program.id, name="Welcome series", status="active", current_version=1,
                          entry_kind="api", holdout_seed="seed", created_at=now, updated_at=now)
        segment = Segment(program_id=program.id, name="Coffee lovers", kind="static", created_at=now, updated_at=now)
        session.add_all([journey, segment])
        session.flush()
        for member_id, marker in ((anna, "Anna"), (olga, "Olga")):
            _keep_rows_about(session, program, member_id, marker, staff_id=agent.user_id, campaign_id=campaign.id,
                             journey_id=journey.id, segment_id=segment.id)
        session.add(Referral(program_id=program.id, referrer_id=anna, referee_id=olga, code="ANNA-REF",
                             status="pending", signed_up_at=now, linked_at=now, updated_at=now))
        session.add(Event(program_id=program.id, member_id=anna, type="referral.linked", occurred_at=now,
                          recorded_at=now, actor="system", payload={"referrer_id": anna, "referee_id": olga,
                                                                    "role": "referrer"}))
    give_points(database, program, anna, 250)
    buy(database, program, anna, "ANNA-BEANS")
    buy(database, program, olga, "OLGA-BEANS")

    exported = _export(database, program, anna)

    assert {*EXPORTED.values(), *EXPORTED_WITH_THEIR_PARENT.values()} <= exported.keys()  # as the guard promises
    assert exported["tier"]["tier"] == "Gold" and exported["tier_activity"][0]["source"] == "Anna:1"
    assert [row["segment"] for row in exported["segments"]] == ["Coffee lovers"]
    assert [(row["role"], row["code"]) for row in exported["referrals"]] == [("referrer", "ANNA-REF")]
    assert len(exported["app_sign_ins"]) == 1
    assert [(lot["amount"], lot["remaining"]) for lot in exported["point_lots"]][0] == (250, 250)
    line, = exported["purchase_lines"]
    assert line["sku"] == "ANNA-BEANS" and line["purchase_id"] == exported["purchases"][0]["id"]
    happened = {event["type"]: event for event in exported["timeline"]}
    assert happened["custom_event.received"]["payload"] == {"name": "Anna visited the shop"}
    assert happened["custom_event.received"]["by"] == "api_key"
    assert happened["referral.linked"]["payload"] == {"role": "referrer"}  # the referee's id is theirs
    note, = exported["staff_notes"]
    assert (note["body"], note["author_role"]) == ("Anna prefers calls", "agent")
    case, = exported["service_cases"]
    assert (case["subject"], case["opened_by_role"]) == ("Anna asks", "agent")
    assert [(comment["body"], comment["author_role"]) for comment in case["comments"]] == [("Anna answered", "agent")]
    assert exported["scores"]["rfm_cell"] == "Anna-cell"
    assert [mark["occasion"] for mark in exported["lifecycle_marks"]] == ["Anna-2026"]
    assert exported["purchase_rhythm"]["purchase_count"] == 3
    assert [cart["cart_id"] for cart in exported["carts"]] == ["Anna-cart"]
    message, = exported["messages"]
    assert (message["subject"], message["address"]) == ("Hello Anna", "anna@example.com")
    assert [click["link"] for click in message["link_clicks"]] == ["Anna-link"]
    assert [(row["campaign"], row["outcome"]) for row in exported["campaigns"]] == [("Spring bonus", "reached")]
    assert [row["campaign"] for row in exported["campaign_lists"]] == ["Spring bonus"]
    enrolment, = exported["journeys"]
    assert (enrolment["journey"], enrolment["state"]) == ("Welcome series", "waiting")
    assert [step["step_id"] for step in enrolment["steps"]] == ["wait"]
    assert [visitor["first_campaign"] for visitor in exported["web_visitors"]] == ["Anna-utm"]
    assert [event["type"] for event in exported["web_events"]] == ["product_view", "page_view"]
    text = json.dumps(exported)
    assert "Olga" not in text and "olga@" not in text and "OLGA-BEANS" not in text
    # secrets and internal keys stay out; staff appear by role, not name
    for secret in ("web-shop", "Anna-SECRET", "Anna-TOKEN", "Anna-dedupe", "Anna-COOKIE", "Anna-event", "Anna-HASH",
                   "Anna-CSRF", "Jane Staffer"):
        assert secret not in text

    olgas = _export(database, program, olga)
    assert olgas["tier"] is None and olgas["tier_activity"][0]["source"] == "Olga:1"
    assert [(row["role"], row["code"]) for row in olgas["referrals"]] == [("referee", "ANNA-REF")]
    assert [note["body"] for note in olgas["staff_notes"]] == ["Olga prefers calls"]
    assert [event["sku"] for event in olgas["web_events"]] == ["Olga-SKU", None]
    assert [line["sku"] for line in olgas["purchase_lines"]] == ["OLGA-BEANS"]
    assert "Anna" not in json.dumps(olgas).replace("ANNA-REF", "") and "ANNA-BEANS" not in json.dumps(olgas)


def _statements_of_export(database: Database, program: Program, member_id: int) -> int:
    statements: list[str] = []

    def record(*args: object) -> None:
        statements.append(str(args[2]))

    engines = {database.engine, database.read_engine}
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        _export(database, program, member_id)
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)
    return len(statements)


def test_the_export_reads_a_bounded_number_of_statements_however_many_rows(database: Database,
                                                                          program: Program) -> None:
    now = clock.now()
    agent = make_staff_user(database, program, "agent")
    campaign = make_campaign(database, program, name="Spring bonus")
    anna = make_member(database, program).id
    with unit_of_work(database) as session:
        journey = Journey(program_id=program.id, name="Welcome series", status="active", current_version=1,
                          entry_kind="api", holdout_seed="seed", created_at=now, updated_at=now)
        segment = Segment(program_id=program.id, name="Coffee lovers", kind="static", created_at=now, updated_at=now)
        session.add_all([journey, segment])
        session.flush()
        _keep_rows_about(session, program, anna, "Anna", staff_id=agent.user_id, campaign_id=campaign.id,
                         journey_id=journey.id, segment_id=segment.id)
    with_one_of_each = _statements_of_export(database, program, anna)

    with unit_of_work(database) as session:  # ten more of every kind a member may have many of
        for n in range(10):
            mine, marker = {"program_id": program.id, "member_id": anna}, f"Anna{n}"
            case = ServiceCase(**mine, kind="question", subject=marker, opened_by_id=agent.user_id,
                               opened_by_name="Jane Staffer", opened_at=now)
            enrolment = JourneyEnrolment(**mine, journey_id=journey.id, version=1, state="completed",
                                         entered_at=now, finished_at=now)
            message = Message(**mine, channel="email", template_key="welcome", dedupe_key=marker, source="test",
                              send_after=now, created_at=now, updated_at=now,
                              tracking_token=f"{marker}-{program.id}")
            session.add_all([case, enrolment, message])
            session.flush()
            session.add_all([
                MemberNote(**mine, department="service", body=marker, author_name="x", created_at=now),
                CaseComment(program_id=program.id, case_id=case.id, body=marker, author_name="x", created_at=now),
                JourneyStepVisit(program_id=program.id, journey_id=journey.id, enrolment_id=enrolment.id,
                                 step_id="start", step_type="wait", at=now),
                MessageLinkClick(message_id=message.id, link="shop", clicked_at=now),
                LifecycleMark(**mine, kind="birthday", occasion=marker, created_at=now),
                Cart(**mine, cart_id=marker, items=[], value_minor=0, currency="EUR", created_at=now, updated_at=now),
                TierActivity(**mine, occurred_at=now, points=1, amount_minor=0, purchases=1, source=marker,
                             recorded_at=now),
                Visitor(**mine, visitor_id=marker, first_seen_at=now, last_seen_at=now, first_source="direct",
                        first_medium="none"),
            ])

    assert _statements_of_export(database, program, anna) == with_one_of_each
