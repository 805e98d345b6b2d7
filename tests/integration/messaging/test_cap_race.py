"""The frequency cap is enforced, not only checked (review of issue 12, #4): two workers
delivering two messages of one member at once (a campaign batch and a journey batch) must not
both count before either sends and both send: cap 1, one e-mail."""

from __future__ import annotations

import contextlib
import threading
from typing import Any

from pydantic import SecretStr

from loyalty.config import SecuritySettings, Settings
from loyalty.db.engine import Database
from loyalty.messaging.channels import Outgoing, Recipient, SendResult
from loyalty.messaging.service import Outlet
from loyalty.programs.models import Program
from tests.factories.members import make_member
from tests.factories.messaging import PUBLIC_URL, SECRET_KEY, deliver, make_template, queue, set_rules


class SlowMail:
    """An e-mail adapter whose send takes as long as the other worker needs to reach its own."""

    name = "email"
    consent_channel: str | None = "email"

    def __init__(self, barrier: threading.Barrier) -> None:
        self.barrier = barrier
        self.sent: list[int] = []

    def address_of(self, recipient: Recipient) -> str | None:
        return recipient.email

    def send(self, outgoing: Outgoing) -> SendResult:
        with contextlib.suppress(threading.BrokenBarrierError):  # the other worker, fixed, never sends
            self.barrier.wait(timeout=3)
        self.sent.append(outgoing.message_id)
        return SendResult(provider_id=str(outgoing.message_id))


def test_two_workers_at_once_keep_the_frequency_cap(database: Database, program: Program) -> None:
    make_template(database, program)
    set_rules(database, program, "email", cap_count=1, cap_days=7)
    member = make_member(database, program, consents={"email": {"granted": True}})
    first = queue(database, program, member.id, dedupe_key="campaign:1:m")
    second = queue(database, program, member.id, dedupe_key="journey:1:1:welcome")
    assert first is not None and second is not None
    mail = SlowMail(threading.Barrier(2))
    settings = Settings(security=SecuritySettings(secret_key=SecretStr(SECRET_KEY)), public_url=PUBLIC_URL)
    outcomes: dict[int, Any] = {}

    def worker(message_id: int) -> None:
        outlet = Outlet.from_settings(settings, overrides={"email": mail})  # one outlet per worker process
        found = deliver(database, message_id, outlet)
        outcomes[message_id] = found.outcome if found else None

    threads = [threading.Thread(target=worker, args=(message_id,)) for message_id in (first.id, second.id)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert sorted(outcomes.values()) == ["sent", "skipped"], outcomes
    assert len(mail.sent) == 1
