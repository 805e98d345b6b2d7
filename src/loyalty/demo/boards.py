"""The demo's leaderboard and contest, made once the history is replayed: "Points this month"
(counting this month's history, then live as the worker counts new events) and a prize draw that
opened ten days ago and closes in three weeks, its entries from the purchases since it opened;
and "Three visits: the race", ranking the "Three visits this month" challenge's participants by
their progress over the challenge's dates.

A member's public name is what they chose: about one leader in three (picked with a seeded
random, the same every load) has chosen a display name; the others appear under a pseudonym.
"""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy.orm import Session

from loyalty.contests import service as contests
from loyalty.contests.schemas import ContestCreate
from loyalty.gamification import service as gamification
from loyalty.kernel import clock
from loyalty.leaderboards import service as leaderboards
from loyalty.leaderboards.schemas import LeaderboardCreate, PublicNameUpdate
from loyalty.programs.models import Program

SEED = 14
NICKNAMES = ("Latte Lover", "Morning Owl", "Espresso Ela", "Croissant King", "Flat White Fan", "Bean Counter",
             "Cappuccino Kasia", "Decaf Darek")
RULES = "\n".join((
    "1. Every purchase in our cafés and e-shop from the opening date to the closing date gives one entry "
    "for each 20.00 zł spent.",
    "2. A member holds at most 10 entries.",
    "3. Three winners are drawn after the closing date with a secure random draw; the draw's seed and a digest "
    "of all entries are kept, so the draw can be checked.",
    "4. Each member wins at most once. Winners are named in the app by their display name or pseudonym and "
    "contacted by e-mail.",
    "5. The prize cannot be exchanged for cash.",
))


def create_demo_boards(session: Session, *, program: Program) -> tuple[int, int]:
    """The leaderboard's and the contest's ids."""
    board = leaderboards.create(session=session, program=program, data=LeaderboardCreate(
        name="Points this month", description="Who earned the most points this month. Updated live.",
        measure="points", period="month", count_past_events=True))
    now = clock.now()
    contest = contests.create(session=session, program=program, data=ContestCreate(
        name="Win a year of coffee", prize="A year of coffee: one drink a day for 365 days", rules_text=RULES,
        entry_action="purchase", amount_per_entry=2000, max_entries_per_member=10, winners_count=3,
        opens_at=now - timedelta(days=10), closes_at=now + timedelta(days=21), count_past_events=True))
    chooser = random.Random(SEED)
    member_ids = sorted(leaderboards.top_member_ids(session=session, program=program, leaderboard_id=board.id,
                                                    limit=30))
    # About one leader in three chose a display name; the others appear under their pseudonym.
    named = chooser.sample(member_ids, min(len(NICKNAMES), (len(member_ids) + 2) // 3))
    for member_id, nickname in zip(named, NICKNAMES, strict=False):
        leaderboards.set_public_name(session=session, program=program, member_id=member_id,
                                     data=PublicNameUpdate(display_name=nickname, shows_name=True))
    _challenge_race(session, program)
    return board.id, contest.id


def _challenge_race(session: Session, program: Program) -> None:
    """A board ranking the demo's "three visits" challenge by its participants' progress."""
    visits = [challenge for challenge in gamification.list_challenges(session=session, program=program,
                                                                      limit=200).items
              if challenge.name == "Three visits this month"]
    if visits:
        leaderboards.create(session=session, program=program, data=LeaderboardCreate(
            name="Three visits: the race", description="Who is closest to three visits this month.",
            measure="challenge", challenge_id=visits[0].id))
