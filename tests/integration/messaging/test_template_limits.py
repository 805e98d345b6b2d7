"""A template that would build a huge text is saved (it compiles), but its preview answers
template_invalid and its message fails with the reason: no worker builds the text."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from loyalty.config import SecuritySettings, Settings
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel.errors import Invalid
from loyalty.messaging import service
from loyalty.messaging.channels import LogChannel
from loyalty.programs.models import Program
from tests.factories.members import make_member
from tests.factories.messaging import PUBLIC_URL, SECRET_KEY, deliver, make_template, message, queue

HUGE = {"en": {"subject": "Hello", "html_body": "", "text_body": "{{ 'x' * 200000 }} and {{ '-' * 10 }}"}}


def test_a_template_over_the_size_limit_is_refused_in_preview_and_fails_at_delivery(
        database: Database, program: Program) -> None:
    template_id = make_template(database, program, channel="sms", versions=HUGE)  # saving compiles only
    member = make_member(database, program, phone="+48500100200", consents={"sms": {"granted": True}})
    queued = queue(database, program, member.id, channel="sms")
    assert queued is not None
    sms = LogChannel(name="sms", consent_channel="sms", address=lambda recipient: recipient.phone)
    settings = Settings(security=SecuritySettings(secret_key=SecretStr(SECRET_KEY)), public_url=PUBLIC_URL)

    with unit_of_work(database, read_only=True) as session, pytest.raises(Invalid) as refused:
        service.preview(session=session, program=program, template_id=template_id, member_id=member.id)
    outcome = deliver(database, queued.id, service.Outlet.from_settings(settings, overrides={"sms": sms}))

    assert refused.value.code == "template_invalid"
    assert outcome is not None and outcome.outcome == "failed"
    stored = message(database, queued.id)
    assert stored.status == "failed" and "100,000" in (stored.error or "")
    assert sms.sent == []
