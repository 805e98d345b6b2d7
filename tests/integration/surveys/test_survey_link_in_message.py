"""A message whose context names a survey carries the member's own signed answer link."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from loyalty.config import MailSettings, SecuritySettings, Settings
from loyalty.db.engine import Database
from loyalty.messaging.service import Outlet
from loyalty.programs.models import Program
from loyalty.surveys import service as surveys
from tests.factories.members import make_member
from tests.factories.messaging import PUBLIC_URL, SECRET_KEY, deliver, make_template, queue
from tests.factories.surveys import make_survey
from tests.integration.messaging.smtp import Inbox, parts, smtp_server

TEXT = "Tell us how we did: {{ survey_url }}\nUnsubscribe: {{ unsubscribe_url }}\n"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, Outlet]]:
    with smtp_server() as (inbox, port):
        settings = Settings(mail=MailSettings(smtp_host="127.0.0.1", smtp_port=port, smtp_security="none",
                                              sender="Shop <news@shop.example>"),
                            security=SecuritySettings(secret_key=SecretStr(SECRET_KEY)), public_url=PUBLIC_URL)
        yield inbox, Outlet.from_settings(settings)


def test_the_e_mail_links_to_the_members_own_answer_page(database: Database, program: Program,
                                                         smtp: tuple[Inbox, Outlet]) -> None:
    inbox, outlet = smtp
    survey = make_survey(database, program)
    make_template(database, program, key="survey", versions={"en": {
        "subject": "Two minutes?", "html_body": f"<p>{TEXT}</p>", "text_body": TEXT}})
    member = make_member(database, program, consents={"email": {"granted": True}})
    queued = queue(database, program, member.id, key="survey", context={"survey_id": survey.id})
    assert queued is not None

    deliver(database, queued.id, outlet)

    text, _html = parts(inbox.wait_for(1)[0])
    found = re.search(rf"{re.escape(PUBLIC_URL)}/app/surveys/{survey.id}/answer\?t=(\S+)", text)
    assert found is not None
    assert surveys.member_of_link(secret_key=SECRET_KEY, survey_id=survey.id, token=found.group(1)) == member.id
