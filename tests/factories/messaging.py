"""Messaging factories: templates, queued messages, channel rules, and delivering by hand."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from loyalty.config import Settings
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.models import Event
from loyalty.kernel import clock
from loyalty.messaging import service
from loyalty.messaging.channels import Channel, Channels
from loyalty.messaging.models import Message
from loyalty.messaging.schemas import ChannelSettingsWrite, SuppressionWrite, TemplateWrite
from loyalty.programs.models import Program

SECRET_KEY = "messaging-tests-secret-key-0123456789abcdef"
PUBLIC_URL = "http://loyalty.test"

WELCOME_HTML = """<html><body><p>Hello {{ first_name }},</p>
<p>you have {{ balance }} points{% if tier %} as a {{ tier.name }} member{% endif %}.</p>
{% for reward in rewards_within_reach %}<p>{{ reward.name }}: {{ reward.points_missing }} to go</p>{% endfor %}
<p><a href="{{ link('accessories', 'https://shop.example/accessories?ref=mail') }}">Accessories</a></p>
<p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p></body></html>"""
WELCOME_TEXT = """Hello {{ first_name }},
you have {{ balance }} points.
Accessories: {{ link('accessories', 'https://shop.example/accessories?ref=mail') }}
Unsubscribe: {{ unsubscribe_url }}
"""


def make_template(database: Database, program: Program, *, key: str = "welcome", channel: str = "email",
                  versions: dict[str, dict[str, str]] | None = None, fallback_language: str = "en") -> int:
    versions = versions or {"en": {"subject": "Welcome, {{ first_name }}", "html_body": WELCOME_HTML,
                                   "text_body": WELCOME_TEXT}}
    with unit_of_work(database) as session:
        return service.create_template(session=session, program=program, data=TemplateWrite.model_validate({
            "key": key, "channel": channel, "fallback_language": fallback_language, "versions": versions,
        }), actor="test").id


def queue(database: Database, program: Program, member_id: int, *, channel: str = "email", key: str = "welcome",
          dedupe_key: str | None = None, source: str = "test", context: dict[str, Any] | None = None,
          send_after: datetime | None = None) -> Message | None:
    with unit_of_work(database) as session:
        return service.queue_message(session=session, program=program, member_id=member_id, channel=channel,
                                     template_key=key, dedupe_key=dedupe_key or f"test:{member_id}:{key}:{channel}",
                                     source=source, actor="test", context=context, send_after=send_after)


def set_rules(database: Database, program: Program, channel: str = "email", **fields: Any) -> None:
    with unit_of_work(database) as session:
        service.set_channel_settings(session=session, program=program, channel=channel,
                                     data=ChannelSettingsWrite.model_validate(fields), actor="test")


def suppress(database: Database, program: Program, address: str, channel: str = "email") -> None:
    with unit_of_work(database) as session:
        service.add_suppression(session=session, program=program, actor="test",
                                data=SuppressionWrite.model_validate({"channel": channel, "address": address}))


def outlet(settings: Settings, overrides: dict[str, Channel] | None = None) -> service.Outlet:
    return service.Outlet(channels=Channels(settings, overrides), public_url=PUBLIC_URL, secret_key=SECRET_KEY)


def deliver(database: Database, message_id: int, the_outlet: service.Outlet,
            now: datetime | None = None) -> service.Delivery | None:
    """Deliver one message as a batch of one (None: it was not queued and due)."""
    return service.deliver_batch(database=database, outlet=the_outlet, now=now or clock.now(),
                                 message_ids=[message_id]).get(message_id)


def message(database: Database, message_id: int) -> Message:
    with unit_of_work(database, read_only=True) as session:
        found = session.get(Message, message_id)
        assert found is not None
        return found


def member_events(database: Database, program: Program, member_id: int, prefix: str = "message.") -> list[Event]:
    with unit_of_work(database, read_only=True) as session:
        return list(session.scalars(select(Event).where(
            Event.program_id == program.id, Event.member_id == member_id, Event.type.startswith(prefix))
            .order_by(Event.id)))
