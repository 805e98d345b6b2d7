"""Two `loyalty worker` processes on one PostgreSQL database share a campaign's work without
doubles (issue 12, "Done means"): a campaign e-mailing 2,000 members, launched while both run,
reaches every target member once, none of the control group, and both workers did part of it."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from loyalty.campaigns import service as campaigns
from loyalty.campaigns.models import Campaign, CampaignMember
from loyalty.campaigns.schemas import MarketingCampaignCreate
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.members import service as members_service
from loyalty.members.models import Member
from loyalty.members.schemas import MemberCreate
from loyalty.messaging.models import Message
from loyalty.programs.models import Program
from tests.conftest import fresh_database
from tests.e2e.worker.conftest import LOYALTY, start, url_of, wait_until, worker_environment
from tests.factories.messaging import make_template
from tests.factories.programs import make_program
from tests.integration.messaging.smtp import smtp_server

MEMBERS = 2000
GRANTED = {"email": {"granted": True}}
BATCH_LINE = re.compile(r"delivered batch of \d+: {[^}]*'sent': (\d+)")


@pytest.fixture
def postgres_database(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[Database]:
    with fresh_database("postgresql", tmp_path_factory, worker_id, label="two_workers") as database:
        yield database


def _enrol(database: Database, program: Program) -> None:
    for start_at in range(0, MEMBERS, 500):
        with unit_of_work(database) as session:
            for number in range(start_at, start_at + 500):
                members_service.enrol_member(
                session=session, program=program, actor="test", data=MemberCreate.model_validate({
                    "email": f"member{number}@example.com", "first_name": f"M{number}", "consents": GRANTED}))


@pytest.mark.postgres
@pytest.mark.slow
def test_two_workers_share_a_campaign_and_send_each_member_one_email(
        postgres_database: Database, tmp_path: Path) -> None:
    database = postgres_database
    program = make_program(database)
    make_template(database, program, key="spring", versions={"en": {
        "subject": "Spring, {{ first_name }}", "html_body": "<p>Hi {{ first_name }}</p>", "text_body": "Hi"}})
    _enrol(database, program)
    with smtp_server() as (inbox, smtp_port):
        env = worker_environment(smtp_port=smtp_port)
        args = [*LOYALTY, "worker", "--concurrency", "2", "--database-url", url_of(database)]
        workers = [start(args, env, tmp_path / f"worker-{name}.log", f"worker {name}") for name in ("a", "b")]
        try:
            for worker in workers:
                wait_until(lambda w=worker: "Worker started" in w.output(), timeout=30, what=f"{worker.name} up")
            with unit_of_work(database) as session:  # launched while both run: the next sweep hands it out
                campaign = campaigns.create_campaign(session=session, program=program, actor="test",
                                                     data=MarketingCampaignCreate.model_validate({
                                                         "name": "Spring", "control_share": "0.1",
                                                         "message": {"channel": "email", "template_key": "spring"}}))
                campaigns.launch_now(session=session, program=program, campaign_id=campaign.id, actor="test")
            wait_until(lambda: _settled(database, program, campaign.id), timeout=90, interval=0.5,
                       what="the campaign completed and every message sent")
        finally:
            for worker in workers:
                worker.stop()
        emails = list(inbox.messages)

    with unit_of_work(database, read_only=True) as session:
        groups = session.execute(select(CampaignMember.member_id, CampaignMember.is_control)
                                 .where(CampaignMember.campaign_id == campaign.id)).all()
        emails_of = dict(session.execute(select(Member.id, Member.email).where(Member.program_id == program.id)).all())
        messages = session.execute(select(Message.member_id, Message.status).where(
            Message.program_id == program.id)).all()
    target = {emails_of[row.member_id] for row in groups if not row.is_control}
    control = {emails_of[row.member_id] for row in groups if row.is_control}
    recipients = Counter(str(email["To"]) for email in emails)

    assert len(groups) == MEMBERS and control and len(target) + len(control) == MEMBERS
    assert set(recipients) == target  # every target member, and nobody else (no control member)
    assert set(recipients.values()) == {1}  # nobody twice
    assert sorted(row.member_id for row in messages) == sorted(row.member_id for row in groups if not row.is_control)
    assert Counter(row.status for row in messages) == {"sent": len(target)}

    # Both workers took part: each logged batches it delivered (their pids differ).
    batches = {worker.name: [int(size) for size in BATCH_LINE.findall(worker.output())] for worker in workers}
    chunks = {worker.name: worker.output().count("campaigns:run_chunk") for worker in workers}
    print(f"\n{len(target)} target members, {len(control)} in the control group; e-mails per worker "
          f"(batches delivered): { {name: sum(sizes) for name, sizes in batches.items()} } in "
          f"{ {name: len(sizes) for name, sizes in batches.items()} } batches; run_chunk log lines: {chunks}")
    assert all(batches.values()), f"a worker delivered nothing: {batches}"
    assert sum(sum(sizes) for sizes in batches.values()) == len(target)


def _settled(database: Database, program: Program, campaign_id: int) -> bool:
    with unit_of_work(database, read_only=True) as session:
        campaign = session.get(Campaign, campaign_id)
        statuses = Counter(session.scalars(select(Message.status).where(Message.program_id == program.id)))
    return campaign is not None and campaign.status == "completed" and set(statuses) == {"sent"}
