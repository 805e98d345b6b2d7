"""The demo's surveys, product reviews and members-only content, added once the history is in.

A satisfaction survey ("How did we do?") answered by about a fifth of the members (at most
MAX_ANSWERS) with a realistic spread: half promoters, a third passives, a sixth
detractors (an NPS of about 33); a short coffee quiz; the members' reviews of products they
bought (most approved, a few waiting for moderation, one rejected); an article for every
member, advice for Gold and Platinum, and early access to the winter blend that opens for
Platinum first, Gold two days later and everyone after five. Seeded: the same data gives the
same answers.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import timedelta

from sqlalchemy.orm import Session

from loyalty.content import service as content
from loyalty.content.schemas import ContentCreate
from loyalty.demo.specs import DemoData
from loyalty.kernel import clock
from loyalty.kernel.errors import DomainError
from loyalty.programs.models import Program
from loyalty.surveys import service as surveys
from loyalty.surveys.schemas import ReviewCreate, SurveyCreate

ACTOR = "demo"
MAX_ANSWERS = 400
MAX_REVIEWS = 60
CATEGORIES = ["Coffee", "Bakery", "Fresh produce", "Snacks", "Household"]
COMMENTS = ["Friendly staff and great coffee.", "The queue at the till was long on Saturday.",
            "Please bring back the rye bread.", "Love the app, points come in quickly.",
            "More vegan options, please.", "Clean store, easy to find everything.",
            "The e-shop delivery was late once.", "Best croissants in town!"]
REVIEW_TEXTS = {5: "Excellent, will buy again.", 4: "Very good, a little pricey.", 3: "It is fine.",
                2: "Not what I expected.", 1: "Disappointing."}


def _nps_answer(rng: random.Random, position: int) -> int:
    """Of every six answers, three promoters, two passives and a detractor (NPS about 33); the
    members who give them are drawn at random."""
    bucket = position % 6
    if bucket < 3:
        return rng.choice((9, 10, 10))
    if bucket < 5:
        return rng.choice((7, 8))
    return rng.choice((2, 4, 5, 6, 6))


def add_demo_surveys(session: Session, *, program: Program, data: DemoData,
                     member_ids: Mapping[int, int]) -> dict[str, int]:
    rng = random.Random(data.seed + 14)
    satisfaction = surveys.create(session=session, program=program, data=SurveyCreate.model_validate({
        "title": "How did we do?", "points": 20, "status": "open",
        "description": "Three minutes, 20 points, and you help us improve.",
        "questions": [
            {"kind": "nps", "prompt": "How likely are you to recommend us to a friend?"},
            {"kind": "scale", "prompt": "How do you rate the service in our stores?", "scale_max": 5},
            {"kind": "single", "prompt": "What do you buy most often?", "options": CATEGORIES,
             "profile_attribute": "favourite_category"},
            {"kind": "multiple", "prompt": "Where do you shop with us?", "options": ["In store", "E-shop", "App"]},
            {"kind": "text", "prompt": "What should we do better?", "required": False}]}))
    answered = 0
    chosen = rng.sample(sorted(member_ids.values()), k=min(MAX_ANSWERS, len(member_ids) // 5))
    for position, member_id in enumerate(chosen):
        nps = _nps_answer(rng, position)
        answers = {0: nps, 1: max(1, min(5, round(nps / 2) + rng.choice((-1, 0, 0, 1)))),
                   2: rng.randrange(len(CATEGORIES)), 3: sorted(rng.sample(range(3), k=rng.choice((1, 1, 2))))}
        if rng.random() < 0.3:
            answers[4] = rng.choice(COMMENTS)
        try:
            with session.begin_nested():
                surveys.submit(session=session, program=program, survey_id=satisfaction.id, member_id=member_id,
                               answers=answers, source=rng.choice(("app", "app", "link")), actor=ACTOR)
            answered += 1
        except DomainError:  # a blocked member: skipped, as the app would refuse them
            continue
    surveys.create(session=session, program=program, data=SurveyCreate.model_validate({
        "kind": "quiz", "title": "Coffee quiz", "points": 10, "status": "open",
        "questions": [
            {"kind": "single", "prompt": "Where does arabica grow best?",
             "options": ["At sea level", "In the mountains"], "correct": [1]},
            {"kind": "single", "prompt": "Which has more milk?", "options": ["Flat white", "Latte"], "correct": [1]}]}))
    reviews = _reviews(session, program, data, member_ids, rng)
    _content(session, program)
    return {"survey_answers": answered, "product_reviews": reviews}


def _reviews(session: Session, program: Program, data: DemoData, member_ids: Mapping[int, int],
             rng: random.Random) -> int:
    made = 0
    for spec in data.reviews[:MAX_REVIEWS * 2]:
        if made >= MAX_REVIEWS:
            break
        if spec.member_index not in member_ids:
            continue
        try:
            with session.begin_nested():
                review = surveys.submit_review(session=session, program=program, actor=ACTOR, data=ReviewCreate(
                    member_id=member_ids[spec.member_index], sku=spec.sku, rating=spec.stars,
                    text=REVIEW_TEXTS[spec.stars]))
        except DomainError:  # reviewed already, or the purchase was refunded
            continue
        made += 1
        roll = rng.random()
        if roll < 0.8:
            surveys.moderate_review(session=session, program=program, review_id=review.id, status="approved",
                                    actor=ACTOR)
        elif roll < 0.85:
            surveys.moderate_review(session=session, program=program, review_id=review.id, status="rejected",
                                    actor=ACTOR)
    return made


def _content(session: Session, program: Program) -> None:
    now = clock.now().replace(minute=0, second=0, microsecond=0)
    for values in (
        {"kind": "article", "title": "How we roast our house blend", "body_format": "markdown",
         "body": "Our roaster in **Łódź** works in small batches.\n\n- medium roast\n- rested 48 hours\n- "
                 "ground in store on request"},
        {"kind": "advice", "title": "Barista tips for Gold members", "tiers": ["gold", "platinum"],
         "body_format": "markdown", "body": "Book a free *latte art* lesson at any of our stores: ask at the till."},
        {"kind": "early_access", "title": "Winter blend 2026", "item_ref": "WINTER-BLEND-2026",
         "body_format": "plain", "body": "Spiced, dark and sweet: our limited winter coffee.",
         "windows": [{"opens_at": (now - timedelta(hours=2)).isoformat(), "tiers": ["platinum"]},
                     {"opens_at": (now + timedelta(days=2)).isoformat(), "tiers": ["gold"]},
                     {"opens_at": (now + timedelta(days=5)).isoformat()}]},
    ):
        try:
            content.create(session=session, program=program, data=ContentCreate.model_validate(values))
        except DomainError:  # a program without the demo's tiers
            continue
