"""The demo's journeys, created as the demo loader creates them, walked by a member."""

from __future__ import annotations

from datetime import timedelta

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.demo.journeys import create_demo_journeys
from loyalty.kernel import clock
from loyalty.members import service as member_service
from loyalty.messaging import service as messaging
from loyalty.programs.models import Program
from tests.factories.clock import at
from tests.factories.journeys import advance_due, enrolments, happen, record
from tests.factories.members import make_member
from tests.integration.journeys.test_journeys import timeline


def test_the_demo_path_from_first_purchase_to_the_accessories_discount(database: Database,
                                                                       program: Program) -> None:
    with unit_of_work(database) as session:
        ids = create_demo_journeys(session, program=program)
    member = make_member(database, program, first_name="Ola")
    start = clock.now()

    with at(start):
        happen(database, program, member.id, "purchase.recorded", {"purchase_id": 10, "total": 4500})
        happen(database, program, member.id, "custom_event.received", {
            "type": "survey.answered", "payload": {"preferred_channel": "sms", "opinion": "great coffee"}})
    with at(start + timedelta(days=7, minutes=1)):
        advance_due(database)
    with unit_of_work(database, read_only=True) as session:
        sent = messaging.member_messages(session=session, program_id=program.id, member_id=member.id).items
        attributes = member_service.get_member(session=session, program_id=program.id, member_id=member.id).attributes
    content = next(message for message in sent if message.template_key == "journey_product_content")
    record(database, program, member.id, "message.clicked", {
        "message_id": content.id, "source": content.source, "channel": content.channel,
        "template_key": content.template_key, "link": "accessories", "url": "https://shop.example/accessories"})
    with at(start + timedelta(days=10, minutes=2)):
        advance_due(database)

    assert attributes == {"preferred_channel": "sms", "opinion": "great coffee", "tags": ["surveyed"]}
    assert (content.channel, content.source) == ("sms", f"journey:{ids['After the first purchase']}")
    first = next(e for e in enrolments(database, program, member.id) if e.journey_name == "After the first purchase")
    assert first.state == "completed" and [s.step_id for s in first.steps][-2:] == ["discount", "tell"]
    assert "error" not in first.steps[-2].result
    assert len(timeline(database, program, member.id, "voucher.published")) == 1


def test_the_gift_buyer_is_thanked_and_the_shop_asked_to_invite_the_recipient(database: Database,
                                                                               program: Program) -> None:
    with unit_of_work(database) as session:
        create_demo_journeys(session, program=program)
    buyer = make_member(database, program)

    happen(database, program, buyer.id, "custom_event.received",
           {"type": "order.shipped_as_gift", "payload": {"order": "E-1001"}})

    [webhook] = timeline(database, program, buyer.id, "journey.webhook")
    assert webhook[1]["payload"] == {"action": "invite_gift_recipient"}
    assert webhook[1]["entry"]["payload"] == {"order": "E-1001"}
    with unit_of_work(database, read_only=True) as session:
        sent = messaging.member_messages(session=session, program_id=program.id, member_id=buyer.id).items
    assert [message.template_key for message in sent] == ["journey_gift_thanks"]
