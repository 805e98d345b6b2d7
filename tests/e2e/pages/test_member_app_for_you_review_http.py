"""Review finding (h-review): a challenge offered on For you leads to the Challenges screen,
where the member can join it, not to the rewards."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.programs.models import Program
from loyalty.recommendations.models import MemberRecommendation
from tests.factories.gamification import make_challenge
from tests.factories.member_app import app_client, app_settings, sign_in_member
from tests.factories.members import make_member
from tests.factories.rewards import make_reward


def test_a_challenge_offer_links_to_the_challenges_screen(database: Database, program: Program,
                                                          tmp_path: Path) -> None:
    ola = make_member(database, program, email="ola.offers@example.com")
    # Real offers: a read leaves out a stored offer whose challenge or reward does not exist (any more).
    now = clock.now()
    challenge = make_challenge(database, program, name="Three coffees", measure="purchase_count", goal=3,
                               starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=30))
    reward = make_reward(database, program, names={program.locale: "Free tea"})
    with unit_of_work(database) as session:
        for rank, (kind, ref, name) in enumerate([("challenge", str(challenge.id), "Three coffees"),
                                                  ("reward", str(reward.id), "Free tea")], 1):
            session.add(MemberRecommendation(program_id=program.id, member_id=ola.id, shelf="offers", rank=rank,
                                             kind=kind, ref=ref, name=name, category=None, score=1.0,
                                             source="popular", computed_at=clock.now()))
    outbox = tmp_path / "outbox"
    with app_client(database, app_settings(program, outbox)) as client:
        sign_in_member(client, outbox, "ola.offers@example.com")
        page = client.get("/app/for-you").text

    links = dict((name, href) for href, name in re.findall(
        r'<a href="([^"]*)"><span class="offer-name">([^<]*)</span></a>', page))
    assert links["Three coffees"].startswith("/app/challenges")
    assert links["Free tea"] == "/app/rewards"
