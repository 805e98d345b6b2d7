"""The app's channels for tests: messages delivered by the inbox and push adapters through
messaging's real delivery, with push posting to a local push service."""

from __future__ import annotations

from loyalty.config import Settings
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.inbox.channels import InboxChannel, PushChannel
from loyalty.messaging import service
from loyalty.programs.models import Program
from loyalty.push import service as push
from tests.factories import messaging as m
from tests.factories.push import BrowserKeys, browser_keys

APP_TEMPLATE = {"en": {
    "subject": "Hello {{ first_name }}",
    "text_body": "You have {{ balance }} points. See {{ link('offer', 'https://shop.example/offer') }}"}}


def push_settings() -> Settings:
    settings = Settings()
    settings.push.allow_private_endpoints = True  # the local push service is on 127.0.0.1
    settings.push.timeout_seconds = 5
    return settings


def app_outlet(settings: Settings | None = None) -> service.Outlet:
    settings = settings or push_settings()
    return m.outlet(settings, {"inbox": InboxChannel(), "push": PushChannel(settings)})


def subscribe_device(database: Database, program: Program, member_id: int, endpoint: str) -> BrowserKeys:
    keys = browser_keys()
    with unit_of_work(database) as session:
        push.subscribe(session=session, program_id=program.id, member_id=member_id, endpoint=endpoint,
                       p256dh=keys.p256dh, auth=keys.auth, user_agent="Test phone", allow_private_endpoints=True)
    return keys


def app_message(database: Database, program: Program, member_id: int, *, channel: str = "inbox",
                key: str = "hello", dedupe_key: str | None = None) -> int:
    """A message on the app's channel `channel`, queued and delivered; its id."""
    queued = m.queue(database, program, member_id, channel=channel, key=key, dedupe_key=dedupe_key)
    assert queued is not None
    m.deliver(database, queued.id, app_outlet())
    return queued.id
