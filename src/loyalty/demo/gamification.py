"""The demo's badges and challenges, added after the history is replayed and the segments are
computed: four badges (levels of purchases, a first review, categories tried, weeks in a row),
a running "three visits" challenge that about a quarter of the recent shoppers joined at its
start, and a VIPs' e-shop challenge assigned to the VIPs segment. Every member is then measured
once, so the badges their history earns are theirs (with their points) and the challenges show
live progress. Reproducible: the participants are drawn with the data's seed, and the clock
stands at the data's "now" while this runs.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from loyalty.gamification import service as gamification
from loyalty.gamification.schemas import BadgeCreate, ChallengeCreate
from loyalty.kernel import clock
from loyalty.kernel.errors import Conflict
from loyalty.programs.models import Program

ACTOR = "demo"
BADGES: tuple[dict[str, object], ...] = (
    {"name": "Regular customer", "description": "Come back again and again: bronze, silver and gold.",
     "measure": "purchase_count", "levels": [{"name": "Bronze", "threshold": 5, "points": 50},
                                             {"name": "Silver", "threshold": 10, "points": 100},
                                             {"name": "Gold", "threshold": 25, "points": 250}]},
    {"name": "First review", "description": "Tell others what you think of a product.",
     "measure": "event_count", "event_type": "review_posted",
     "levels": [{"name": "First review", "threshold": 1, "points": 20}]},
    {"name": "Explorer", "description": "Try five different categories.", "measure": "distinct_categories",
     "levels": [{"name": "Explorer", "threshold": 5, "points": 30}]},
    {"name": "Four weeks in a row", "description": "Shop every week for four weeks running.",
     "measure": "week_streak", "levels": [{"name": "Four weeks", "threshold": 4, "points": 40}]},
)
JOIN_SHARE = 0.25


def create_demo_gamification(session: Session, *, program: Program, now: datetime, seed: int,
                             member_ids: Sequence[int], recent_shoppers: Sequence[int],
                             vip_segment_id: int | None) -> dict[str, int]:
    """Badges, two running challenges and everyone measured; counts of what was made."""
    rng = random.Random(seed * 31 + 14)
    starts_at = now - timedelta(days=21)
    try:
        for badge in BADGES:
            gamification.create_badge(session=session, program=program, actor=ACTOR,
                                      data=BadgeCreate.model_validate(badge))
        clock.set_clock(lambda: starts_at)
        visits = gamification.create_challenge(session=session, program=program, actor=ACTOR, data=ChallengeCreate(
            name="Three visits this month", description="Shop three times before the month is out: 150 points.",
            measure="purchase_count", goal=3, starts_at=starts_at, ends_at=now + timedelta(days=9),
            reward_points=150))
        if vip_segment_id is not None:
            gamification.create_challenge(session=session, program=program, actor=ACTOR, data=ChallengeCreate(
                name="VIP month in the e-shop", description="Spend 300 zł in the e-shop: 500 points.",
                measure="spend", channel="online", goal=30000, starts_at=starts_at, ends_at=now + timedelta(days=9),
                segment_id=vip_segment_id, reward_points=500))
        joined = sorted(rng.sample(list(recent_shoppers), round(len(recent_shoppers) * JOIN_SHARE)))
        for member_id in joined:
            try:
                gamification.join_challenge(session=session, program=program, member_id=member_id,
                                            challenge_id=visits.id, actor=ACTOR)
            except Conflict:  # a blocked member cannot join
                continue
        clock.set_clock(lambda: now)
        earned = completed = 0
        for member_id in member_ids:
            done = gamification.evaluate_member(session=session, program=program, member_id=member_id, actor=ACTOR)
            earned += len(done.badges_earned)
            completed += len(done.challenges_completed)
    finally:
        clock.set_clock(None)
    return {"badges": len(BADGES), "badges_earned": earned, "challenge_participants": len(joined),
            "challenges_completed": completed}
