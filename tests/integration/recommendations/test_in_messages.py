"""Message templates name the member's recommended products (`recommended_products`), both in a
delivered message and in the panel's preview."""

from __future__ import annotations

from datetime import timedelta

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.inbox import service as inbox
from loyalty.kernel import clock
from loyalty.messaging import service as messaging
from loyalty.programs.models import Program
from loyalty.recommendations import service as recommendations
from tests.factories import messaging as m
from tests.factories.inbox import app_outlet
from tests.factories.members import make_member
from tests.factories.recommendations import add_baskets

TEMPLATE = {"en": {"subject": "Picked for you, {{ first_name }}",
                   "text_body": "{% for product in recommended_products[:2] %}{{ product.name }} "
                                "({{ product.category }}); {% else %}Nothing yet.{% endfor %}"}}


def test_a_message_lists_the_members_recommended_products(database: Database, program: Program) -> None:
    now = clock.now()
    regulars = [make_member(database, program).id for _ in range(3)]
    add_baskets(database, program.id, [(member_id, now - timedelta(days=days), [("TEA", "tea"), ("HONEY", "pantry")])
                                       for member_id in regulars for days in (2, 9)])
    ola = make_member(database, program, first_name="Ola")
    add_baskets(database, program.id, [(ola.id, now - timedelta(days=1), [("TEA", "tea"), ("MILK", "dairy")])])
    newcomer = make_member(database, program, first_name="Nowy")
    with unit_of_work(database) as session:
        recommendations.refresh_program(session, program.id, now)
    m.make_template(database, program, key="picked", channel="inbox", versions=TEMPLATE)
    emailed = m.make_template(database, program, key="picked-email", channel="email", versions=TEMPLATE)

    for member_id in (ola.id, newcomer.id):
        queued = m.queue(database, program, member_id, channel="inbox", key="picked")
        assert queued is not None
        m.deliver(database, queued.id, app_outlet())
    with unit_of_work(database, read_only=True) as session:
        [olas] = inbox.member_inbox(session=session, program_id=program.id, member_id=ola.id).items
        [newcomers] = inbox.member_inbox(session=session, program_id=program.id, member_id=newcomer.id).items
        preview = messaging.preview(session=session, program=program, member_id=ola.id, template_id=emailed)

    assert olas.subject == "Picked for you, Ola"
    assert "Product HONEY (pantry);" in olas.body
    assert newcomers.body == "Nothing yet."
    assert preview.text == olas.body
