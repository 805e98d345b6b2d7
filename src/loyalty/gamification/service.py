"""Badges and challenges: defining them, measuring a member against them, earning and paying.

Earning happens in `evaluate_member`, which the worker's "gamification" subscriber calls for
the member an event is about (a purchase, a refund, a custom event, a segment entered). It
measures the member's activity afresh from the purchases and events tables (so a redelivered
event measures the same and changes nothing), then:

- a badge level reached is INSERTed into `badge_awards` (unique member, badge, level: ON
  CONFLICT DO NOTHING); only the insert that wrote the row pays the level's reward and records
  `badge.earned`, in the same unit of work;
- a challenge whose goal is reached is completed by `UPDATE … SET completed_at WHERE
  completed_at IS NULL RETURNING`; only the caller whose UPDATE returned the row pays and
  records `challenge.completed`, in the same unit of work.

Rewards go through the ledger (`ledger.earn`, reason `badge:<id>` / `challenge:<id>`) and the
vouchers' `publish_codes`. A coupon that cannot be published (no codes left, campaign over)
is skipped and logged: the award stands, with no code.

Refunds take back what they bought (the evaluation after a `purchase.refunded`, given the
refund's moment): a badge level the member's measure fell below is revoked (`UPDATE … SET
revoked_at WHERE revoked_at IS NULL`, one live award per member, badge and level, so a level
earned again is a new row that pays once more), and a completion of a challenge that ended
after the refund is reversed when the measure fell below the goal and below what it was at
completion (`UPDATE … SET completed_at = NULL WHERE reversals = <as read>`). Only the caller
whose UPDATE changed the row takes the reward back, as the purchase path takes back a
purchase's points (`ledger.reverse_earned`: what was spent becomes a debt), voids the reward's
coupon if unused, and records `badge.revoked` / `challenge.reversed`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from loyalty.events import service as events
from loyalty.gamification import domain, repository
from loyalty.gamification.domain import Activity, Measure, Window
from loyalty.gamification.models import Badge, BadgeAward, Challenge, ChallengeParticipant
from loyalty.gamification.schemas import (
    BadgeBackfillRead,
    BadgeCreate,
    BadgeLevelIn,
    BadgeLevelRead,
    BadgeRead,
    BadgeUpdate,
    ChallengeCreate,
    ChallengeRead,
    ChallengeStats,
    ChallengeUpdate,
    MemberBadgeLevel,
    MemberBadgeList,
    MemberBadgeRead,
    MemberChallengeList,
    MemberChallengeRead,
)
from loyalty.kernel import clock, conditions, paging
from loyalty.kernel.errors import Conflict, Invalid, NotFound
from loyalty.kernel.paging import Slice
from loyalty.ledger import service as ledger
from loyalty.ledger.service import EarnAward
from loyalty.members import service as members
from loyalty.programs.models import Program
from loyalty.recommendations.domain import OfferCandidate, condition_products
from loyalty.segment_membership import lookup as segment_lookup
from loyalty.vouchers import service as vouchers

log = logging.getLogger("loyalty.gamification")

BADGE_NOT_FOUND = "badge_not_found"
CHALLENGE_NOT_FOUND = "challenge_not_found"
# An event about activity inside a challenge's window may arrive after it ended (a till that
# was offline): such activity still counts for this long after the end.
LATE_GRACE = timedelta(days=7)


# --- badges: defining ------------------------------------------------------------------------


def _check_measure(session: Session, program: Program, *, measure: str, event_type: str | None,
                   condition: dict[str, object] | None) -> None:
    if measure == "event_count" and not event_type:
        raise Invalid("Counting events needs the event type to count.", code="invalid_measure", field="event_type")
    if measure != "event_count" and event_type:
        raise Invalid("Only event_count counts events of a type.", code="invalid_measure", field="event_type")
    if condition is not None:
        conditions.validate(condition, domain.catalog_for(measure))


def _check_reward(session: Session, program: Program, *, points: int, unit: str | None,
                  voucher_campaign_id: int | None, field: str) -> None:
    if unit is not None and unit not in program.units:
        raise Invalid(f"Unit '{unit}' is not used by this program (it uses: {', '.join(program.units)}).",
                      code="unknown_unit", field=f"{field}unit")
    if voucher_campaign_id is not None:
        try:
            vouchers.get_campaign(session=session, program_id=program.id, campaign_id=voucher_campaign_id)
        except NotFound:
            raise Invalid("The program has no such voucher campaign.", code="unknown_voucher_campaign",
                          field=f"{field}voucher_campaign_id") from None


def _levels(session: Session, program: Program, levels: Sequence[BadgeLevelIn]) -> list[dict[str, object]]:
    thresholds = [level.threshold for level in levels]
    if thresholds != sorted(set(thresholds)):
        raise Invalid("Levels' thresholds must rise from one level to the next.", code="invalid_levels",
                      field="levels")
    for index, level in enumerate(levels):
        _check_reward(session, program, points=level.points, unit=level.unit,
                      voucher_campaign_id=level.voucher_campaign_id, field=f"levels[{index}].")
    return [{"level": index + 1, "name": level.name, "threshold": level.threshold, "points": level.points,
             "unit": level.unit, "voucher_campaign_id": level.voucher_campaign_id}
            for index, level in enumerate(levels)]


def _badge(session: Session, *, program_id: int, badge_id: int) -> Badge:
    badge = repository.get_badge(session, program_id=program_id, badge_id=badge_id)
    if badge is None:
        raise NotFound("No such badge.", code=BADGE_NOT_FOUND)
    return badge


def _badge_reads(session: Session, badges: Sequence[Badge]) -> list[BadgeRead]:
    counts = repository.award_counts(session, badge_ids=[badge.id for badge in badges])
    backfills = repository.backfills_of(session, badge_ids=[badge.id for badge in badges])
    return [BadgeRead(id=badge.id, name=badge.name, description=badge.description,
                      measure=badge.measure,  # type: ignore[arg-type]
                      event_type=badge.event_type, condition=badge.condition,
                      levels=[BadgeLevelRead(level=level.level, name=level.name, threshold=level.threshold,
                                             points=level.points, unit=level.unit,
                                             voucher_campaign_id=level.voucher_campaign_id)
                              for level in domain.levels_of(badge.levels)],
                      is_active=badge.is_active, earned=counts.get(badge.id, 0),
                      backfill=BadgeBackfillRead.model_validate(backfills[badge.id]) if badge.id in backfills
                      else None, created_at=badge.created_at,
                      updated_at=badge.updated_at) for badge in badges]


def create_badge(*, session: Session, program: Program, data: BadgeCreate, actor: str) -> BadgeRead:
    """A new badge (409 `badge_name_taken` for a name the program uses). Members earn it from
    their next event on; what they did before counts toward it then. With `award_existing`, the
    worker also gives it to every member who already qualifies (a back-fill in batches)."""
    _check_measure(session, program, measure=data.measure, event_type=data.event_type, condition=data.condition)
    levels = _levels(session, program, data.levels)
    if repository.badge_named(session, program_id=program.id, name=data.name) is not None:
        raise Conflict("A badge of that name exists.", code="badge_name_taken", field="name")
    now = clock.now()
    badge = Badge(program_id=program.id, name=data.name, description=data.description, measure=data.measure,
                  event_type=data.event_type, condition=data.condition, levels=levels, is_active=data.is_active,
                  created_at=now, updated_at=now)
    session.add(badge)
    session.flush()
    if data.award_existing:
        repository.add_backfill(session, program_id=program.id, badge_id=badge.id, requested_by=actor, at=now)
    return _badge_reads(session, [badge])[0]


def update_badge(*, session: Session, program: Program, badge_id: int, data: BadgeUpdate, actor: str) -> BadgeRead:
    """Change what was sent. Levels already earned stay earned."""
    badge = _badge(session, program_id=program.id, badge_id=badge_id)
    sent = data.model_fields_set
    if "name" in sent and data.name and data.name != badge.name:
        if repository.badge_named(session, program_id=program.id, name=data.name) is not None:
            raise Conflict("A badge of that name exists.", code="badge_name_taken", field="name")
        badge.name = data.name
    if "description" in sent:
        badge.description = data.description
    if "condition" in sent:
        _check_measure(session, program, measure=badge.measure, event_type=badge.event_type,
                       condition=data.condition)
        badge.condition = data.condition
    if "levels" in sent and data.levels is not None:
        levels = _levels(session, program, data.levels)
        # Awards are keyed by the level's position: a level members hold must keep its position
        # and threshold, or a held level would move to a position they do not hold and be paid again.
        held = repository.highest_awarded_level(session, badge_id=badge.id)
        kept = [level.threshold for level in domain.levels_of(badge.levels)][:held]
        if [level["threshold"] for level in levels][:held] != kept:
            raise Invalid("Members hold levels of this badge: those levels keep their place and threshold "
                          "(add levels above them, or rename them).", code="levels_in_use", field="levels")
        badge.levels = levels
    if "is_active" in sent and data.is_active is not None:
        badge.is_active = data.is_active
    badge.updated_at = clock.now()
    session.flush()
    return _badge_reads(session, [badge])[0]


def get_badge(*, session: Session, program: Program, badge_id: int) -> BadgeRead:
    return _badge_reads(session, [_badge(session, program_id=program.id, badge_id=badge_id)])[0]


def list_badges(*, session: Session, program: Program, after_id: int | None = None,
                limit: int = 50) -> Slice[BadgeRead]:
    """The program's badges, oldest first, paged by id."""
    paging.check_limit(limit)
    rows = repository.list_badges(session, program_id=program.id, after_id=after_id, limit=limit + 1)
    return paging.slice_of(rows, limit, key=lambda badge: badge.id).map_all(
        lambda items: _badge_reads(session, items))


def badge_holders(*, session: Session, program: Program, badge_id: int) -> list[tuple[int, str, datetime]]:
    """The last 50 awards of the badge: (member id, level name, earned at)."""
    _badge(session, program_id=program.id, badge_id=badge_id)
    return [(row[0], row[1], row[2]) for row in repository.badge_holders(session, badge_id=badge_id)]


# --- challenges: defining --------------------------------------------------------------------


def _challenge(session: Session, *, program_id: int, challenge_id: int) -> Challenge:
    challenge = repository.get_challenge(session, program_id=program_id, challenge_id=challenge_id)
    if challenge is None:
        raise NotFound("No such challenge.", code=CHALLENGE_NOT_FOUND)
    return challenge


def create_challenge(*, session: Session, program: Program, data: ChallengeCreate, actor: str) -> ChallengeRead:
    """A new challenge. With a segment, the segment's members are enrolled at once (counting
    from the start, or from now when it has started)."""
    _check_measure(session, program, measure=data.measure, event_type=data.event_type, condition=data.condition)
    if data.channel is not None and data.measure == "event_count":
        raise Invalid("A channel limits purchases, not events.", code="invalid_measure", field="channel")
    starts_at, ends_at = clock.as_utc(data.starts_at), clock.as_utc(data.ends_at)
    if ends_at <= starts_at:
        raise Invalid("The challenge must end after it starts.", code="invalid_window", field="ends_at")
    if data.segment_id is not None and not segment_lookup.segment_exists(
            session, program_id=program.id, segment_id=data.segment_id):
        raise Invalid("The program has no such segment.", code="unknown_segment", field="segment_id")
    _check_reward(session, program, points=data.reward_points, unit=data.reward_unit,
                  voucher_campaign_id=data.voucher_campaign_id, field="")
    if repository.challenge_named(session, program_id=program.id, name=data.name) is not None:
        raise Conflict("A challenge of that name exists.", code="challenge_name_taken", field="name")
    now = clock.now()
    challenge = Challenge(
        program_id=program.id, name=data.name, description=data.description, measure=data.measure, goal=data.goal,
        channel=data.channel, event_type=data.event_type, condition=data.condition, starts_at=starts_at,
        ends_at=ends_at, segment_id=data.segment_id, reward_points=data.reward_points, reward_unit=data.reward_unit,
        voucher_campaign_id=data.voucher_campaign_id, is_active=data.is_active, created_at=now, updated_at=now)
    session.add(challenge)
    session.flush()
    if challenge.segment_id is not None and challenge.is_active:
        repository.enrol_segment(session, challenge=challenge, joined_at=max(now, starts_at))
    return ChallengeRead.model_validate(challenge)


def update_challenge(*, session: Session, program: Program, challenge_id: int, data: ChallengeUpdate,
                     actor: str) -> ChallengeRead:
    """Change what was sent. Completions already paid stand."""
    challenge = _challenge(session, program_id=program.id, challenge_id=challenge_id)
    sent = data.model_fields_set
    if "name" in sent and data.name and data.name != challenge.name:
        if repository.challenge_named(session, program_id=program.id, name=data.name) is not None:
            raise Conflict("A challenge of that name exists.", code="challenge_name_taken", field="name")
        challenge.name = data.name
    if "description" in sent:
        challenge.description = data.description
    if "goal" in sent and data.goal is not None:
        challenge.goal = data.goal
    if "ends_at" in sent and data.ends_at is not None:
        ends_at = clock.as_utc(data.ends_at)
        if ends_at <= clock.as_utc(challenge.starts_at):
            raise Invalid("The challenge must end after it starts.", code="invalid_window", field="ends_at")
        challenge.ends_at = ends_at
    if "reward_points" in sent and data.reward_points is not None:
        challenge.reward_points = data.reward_points
    if "is_active" in sent and data.is_active is not None:
        challenge.is_active = data.is_active
    challenge.updated_at = clock.now()
    session.flush()
    return ChallengeRead.model_validate(challenge)


def get_challenge(*, session: Session, program: Program, challenge_id: int) -> ChallengeRead:
    return ChallengeRead.model_validate(_challenge(session, program_id=program.id, challenge_id=challenge_id))


def list_challenges(*, session: Session, program: Program, after_id: int | None = None,
                    limit: int = 50) -> Slice[ChallengeRead]:
    """The program's challenges, oldest first, paged by id."""
    paging.check_limit(limit)
    rows = repository.list_challenges(session, program_id=program.id, after_id=after_id, limit=limit + 1)
    return paging.slice_of(rows, limit, key=lambda challenge: challenge.id).map(ChallengeRead.model_validate)


def challenge_stats(*, session: Session, program: Program, challenge_id: int) -> ChallengeStats:
    challenge = _challenge(session, program_id=program.id, challenge_id=challenge_id)
    joined, completed, average, points = repository.challenge_stats(session, challenge_id=challenge.id,
                                                                    goal=challenge.goal)
    return ChallengeStats(participants=joined, completed=completed, average_percent=average, points_given=points)


def challenge_participants(*, session: Session, program: Program,
                           challenge_id: int) -> list[ChallengeParticipant]:
    """The 50 participants furthest along."""
    challenge = _challenge(session, program_id=program.id, challenge_id=challenge_id)
    return list(repository.participants(session, challenge_id=challenge.id))


def join_challenge(*, session: Session, program: Program, member_id: int, challenge_id: int, actor: str,
                   source: str = "joined") -> MemberChallengeRead:
    """The member joins (again: nothing changes). Refused: 409 `challenge_closed` when it is
    inactive or over, 409 `challenge_assigned` when a segment's members are its only
    participants, 409 `member_blocked`. Activity counts from the later of joining and the start."""
    member = members.get_member(session=session, program_id=program.id, member_id=member_id)
    members.ensure_active(member)
    challenge = _challenge(session, program_id=program.id, challenge_id=challenge_id)
    now = clock.now()
    if not challenge.is_active or clock.as_utc(challenge.ends_at) <= now:
        raise Conflict("This challenge is over or not open.", code="challenge_closed")
    if challenge.segment_id is not None and not segment_lookup.is_in_segment(
            session, program_id=program.id, segment_id=challenge.segment_id, member_id=member_id):
        raise Conflict("This challenge is for chosen members only.", code="challenge_assigned")
    joined_at = max(now, clock.as_utc(challenge.starts_at))
    if repository.add_participant(session, {"program_id": program.id, "challenge_id": challenge.id,
                                            "member_id": member_id, "joined_at": joined_at, "source": source,
                                            "progress": 0, "points_given": 0}) is not None:
        events.record(session=session, program_id=program.id, member_id=member_id, type="challenge.joined",
                      actor=actor, payload={"challenge_id": challenge.id, "challenge_name": challenge.name,
                                            "source": source})
    return _member_challenge(challenge, repository.member_participations(
        session, program_id=program.id, member_id=member_id).get(challenge.id), member_in_segment=True, now=now)


# --- measuring a member ----------------------------------------------------------------------


def _activity(session: Session, program: Program, member_id: int, *, with_events: bool) -> Activity:
    purchases = repository.member_purchases(session, program_id=program.id, member_id=member_id)
    found = (repository.member_custom_events(session, program_id=program.id, member_id=member_id)
             if with_events else [])
    return Activity(purchases=purchases, events=found)


def _badge_measure(badge: Badge) -> Measure:
    return Measure(measure=badge.measure, event_type=badge.event_type, condition=badge.condition)


def _challenge_measure(challenge: Challenge) -> Measure:
    return Measure(measure=challenge.measure, event_type=challenge.event_type, condition=challenge.condition,
                   channel=challenge.channel)


def _challenge_window(challenge: Challenge, joined_at: datetime) -> Window:
    return Window(since=max(clock.as_utc(challenge.starts_at), clock.as_utc(joined_at)),
                  until=clock.as_utc(challenge.ends_at))


def progress(*, session: Session, program: Program, challenge_id: int, member_id: int) -> int:
    """The member's value of the challenge's measure now (0 when they are not in it): what a
    leaderboard over a challenge ranks by."""
    challenge = _challenge(session, program_id=program.id, challenge_id=challenge_id)
    participant = repository.member_participations(session, program_id=program.id, member_id=member_id).get(
        challenge.id)
    if participant is None:
        return 0
    activity = _activity(session, program, member_id, with_events=challenge.measure == "event_count")
    return domain.value(activity, _challenge_measure(challenge), _challenge_window(challenge, participant.joined_at),
                        timezone=program.timezone)


@dataclass
class Evaluation:
    """What one evaluation did: badge levels earned or revoked and challenges completed or
    reversed just now."""

    badges_earned: list[tuple[int, int]] = field(default_factory=list)  # (badge id, level)
    challenges_completed: list[int] = field(default_factory=list)
    badges_revoked: list[tuple[int, int]] = field(default_factory=list)  # (badge id, level)
    challenges_reversed: list[int] = field(default_factory=list)


def _pay(session: Session, program: Program, member_id: int, *, points: int, unit: str | None,
         voucher_campaign_id: int | None, reason: str, actor: str) -> tuple[int, int | None, str | None]:
    """Give the reward: (points given, voucher code id, the code)."""
    given = 0
    if points > 0:
        ledger.earn(session=session, program=program, member_id=member_id, occurred_at=clock.now(), actor=actor,
                    reason=reason, awards=[EarnAward(unit=unit or program.units[0], points=points, rule_id=None,
                                                     rule_version=None)])
        given = points
    if voucher_campaign_id is None:
        return given, None, None
    try:
        with session.begin_nested():
            [code] = vouchers.publish_codes(session=session, program=program, campaign_id=voucher_campaign_id,
                                            member_ids=[member_id], actor=actor)
        return given, code.id, code.code
    except (Conflict, NotFound) as refused:
        log.warning("%s: no coupon for member %s (%s)", reason, member_id, refused)
        return given, None, None


def _take_back(session: Session, program: Program, member_id: int, *, points: int, unit: str | None,
               voucher_code_id: int | None, reason: str, actor: str) -> tuple[int, str | None]:
    """Take a reward back: (points taken, the coupon code voided). The coupon first: the purchase
    path locks voucher rows before the member's accounts, and so does this."""
    voided = vouchers.void_unused_code(session=session, code_id=voucher_code_id, member_id=member_id) \
        if voucher_code_id is not None else None
    taken = 0
    if points > 0:
        taken = ledger.reverse_earned(session=session, program=program, member_id=member_id, purchase_id=None,
                                      reversals=[EarnAward(unit=unit or program.units[0], points=points, rule_id=None,
                                                           rule_version=None)],
                                      actor=actor, reason=reason).get(unit or program.units[0], 0)
    return taken, voided


def _enrol_by_segments(session: Session, program: Program, member_id: int, now: datetime) -> None:
    segment_ids = segment_lookup.member_segment_ids(session, program_id=program.id, member_id=member_id)
    for challenge in repository.segment_challenges(session, program_id=program.id, segment_ids=segment_ids, now=now):
        if repository.add_participant(session, {
                "program_id": program.id, "challenge_id": challenge.id, "member_id": member_id,
                "joined_at": max(now, clock.as_utc(challenge.starts_at)), "source": "segment", "progress": 0,
                "points_given": 0}) is not None:
            events.record(session=session, program_id=program.id, member_id=member_id, type="challenge.joined",
                          actor="gamification", payload={"challenge_id": challenge.id,
                                                         "challenge_name": challenge.name, "source": "segment"})


def has_anything_to_measure(*, session: Session, program_id: int) -> bool:
    """Whether members of the program can earn or complete anything now (one EXISTS read): the
    worker skips a program's events otherwise."""
    return repository.has_anything_active(session, program_id=program_id, ended_after=clock.now() - LATE_GRACE)


def evaluate_member(*, session: Session, program: Program, member_id: int, actor: str = "gamification",
                    refunded_at: datetime | None = None) -> Evaluation:
    """Measure the member against every active badge and every challenge they are in; earn,
    complete and pay what is due, exactly once (see the module's docstring). Idempotent: run
    twice on the same data, the second run changes nothing. A blocked member earns nothing.

    `refunded_at`: the evaluation follows a refund made then (the earliest, for several). Badge
    levels and challenge completions (of challenges that ended after it) the member's purchases
    no longer reach are then reversed, each once, and their rewards taken back; a blocked
    member's too (blocking stops earning, not taking back)."""
    done = Evaluation()
    member = members.get_member(session=session, program_id=program.id, member_id=member_id)
    is_blocked = member.status == "blocked"
    if is_blocked and refunded_at is None:
        return done
    now = clock.now()
    if not is_blocked:
        _enrol_by_segments(session, program, member_id, now)
    badges = repository.active_badges(session, program_id=program.id)
    completed = [(participant, challenge) for participant, challenge in repository.completed_participations(
        session, program_id=program.id, member_id=member_id, ended_after=refunded_at)
        if challenge.measure in domain.PURCHASE_MEASURES] if refunded_at is not None else []
    open_challenges = [] if is_blocked else repository.open_participations(
        session, program_id=program.id, member_id=member_id, ended_after=now - LATE_GRACE)
    if not badges and not open_challenges and not completed:
        return done
    with_events = any(badge.measure == "event_count" for badge in badges) or any(
        challenge.measure == "event_count" for _participant, challenge in open_challenges)
    activity = _activity(session, program, member_id, with_events=with_events)
    if completed:
        _reverse_completions(session, program, member_id, activity, completed, now=now, actor=actor, done=done)
        if not is_blocked:
            open_challenges = repository.open_participations(session, program_id=program.id, member_id=member_id,
                                                             ended_after=now - LATE_GRACE)
    live = repository.live_awards(session, program_id=program.id, member_id=member_id)
    for badge in badges:
        measured = domain.value(activity, _badge_measure(badge), timezone=program.timezone)
        held = live.get(badge.id, {})
        if refunded_at is not None and badge.measure in domain.PURCHASE_MEASURES:
            held = _revoke_levels(session, program, member_id, badge, held, measured, now=now, actor=actor,
                                  done=done)
        if is_blocked:
            continue
        _earn_levels(session, program, member_id, badge, held, measured, now=now, actor=actor, done=done)
    for participant, challenge in open_challenges:
        measured = domain.value(activity, _challenge_measure(challenge),
                                _challenge_window(challenge, participant.joined_at), timezone=program.timezone)
        if measured < challenge.goal:
            if measured != participant.progress:
                repository.set_progress(session, participant_id=participant.id, progress=measured, at=now)
            continue
        if not repository.complete(session, participant_id=participant.id, progress=measured, at=now):
            continue  # completed by another delivery: paid there
        reason = f"challenge:{challenge.id}"
        points, code_id, code = _pay(session, program, member_id, points=challenge.reward_points,
                                     unit=challenge.reward_unit, voucher_campaign_id=challenge.voucher_campaign_id,
                                     reason=reason, actor=actor)
        repository.set_participant_reward(session, participant_id=participant.id, points=points,
                                          voucher_code_id=code_id)
        events.record(session=session, program_id=program.id, member_id=member_id, type="challenge.completed",
                      actor=actor, payload={"challenge_id": challenge.id, "challenge_name": challenge.name,
                                            "value": measured, "goal": challenge.goal, "points": points,
                                            "coupon_code": code})
        done.challenges_completed.append(challenge.id)
    return done


def _earn_levels(session: Session, program: Program, member_id: int, badge: Badge, held: dict[int, BadgeAward],
                 measured: int, *, now: datetime, actor: str, done: Evaluation) -> None:
    """Award and pay each level the measure reached and the member does not hold, once."""
    for level in domain.reached(domain.levels_of(badge.levels), measured):
        if level.level in held:
            continue
        award_id = repository.add_award(session, {
            "program_id": program.id, "member_id": member_id, "badge_id": badge.id, "level": level.level,
            "level_name": level.name, "earned_at": now, "points_given": 0})
        if award_id is None:
            continue  # another delivery of the same events (or the back-fill) got there first
        reason = f"badge:{badge.id}"
        points, code_id, code = _pay(session, program, member_id, points=level.points, unit=level.unit,
                                     voucher_campaign_id=level.voucher_campaign_id, reason=reason, actor=actor)
        repository.set_award_reward(session, award_id=award_id, points=points, voucher_code_id=code_id)
        events.record(session=session, program_id=program.id, member_id=member_id, type="badge.earned",
                      actor=actor, payload={"badge_id": badge.id, "badge_name": badge.name, "level": level.level,
                                            "level_name": level.name, "value": measured, "points": points,
                                            "coupon_code": code})
        done.badges_earned.append((badge.id, level.level))


# --- back-fill: a new badge given to the members who already qualify ----------------------


def backfills_due(*, session: Session) -> list[tuple[int, int]]:
    """(program id, badge id) of the back-fills not finished."""
    return repository.backfills_due(session)


def backfill_batch(*, session: Session, program: Program, badge_id: int, batch_size: int) -> bool:
    """Measure the next `batch_size` members (by id, after the back-fill's cursor) against the
    badge and award what they reached, then move the cursor, in this unit of work; True when
    the back-fill is finished. The back-fill's row is locked (a second worker skips it), and a
    level is paid by the one insert of its live award, so running a batch twice, or beside the
    subscriber, pays each member once."""
    backfill = repository.lock_backfill(session, badge_id=badge_id)
    if backfill is None or backfill.finished_at is not None:
        return True
    badge = _badge(session, program_id=program.id, badge_id=badge_id)
    now = clock.now()
    batch = repository.members_after(session, program_id=program.id, after_id=backfill.after_member_id,
                                     limit=batch_size)
    done = Evaluation()
    if badge.is_active:
        for member_id, status in batch:
            if status == "blocked":
                continue
            activity = _activity(session, program, member_id, with_events=badge.measure == "event_count")
            measured = domain.value(activity, _badge_measure(badge), timezone=program.timezone)
            held = repository.live_awards(session, program_id=program.id, member_id=member_id).get(badge.id, {})
            _earn_levels(session, program, member_id, badge, held, measured, now=now, actor="gamification:backfill",
                         done=done)
    finished = len(batch) < batch_size or not badge.is_active
    repository.advance_backfill(session, badge_id=badge_id, after_member_id=batch[-1][0] if batch else None,
                                members=len(batch), awarded=len(done.badges_earned), finished_at=now if finished
                                else None)
    return finished


def _revoke_levels(session: Session, program: Program, member_id: int, badge: Badge,
                   held: dict[int, BadgeAward], measured: int, *, now: datetime, actor: str,
                   done: Evaluation) -> dict[int, BadgeAward]:
    """Revoke the levels held whose threshold the measure fell below (highest first), each once;
    the levels still held."""
    kept = dict(held)
    for level in reversed(domain.levels_of(badge.levels)):
        award = held.get(level.level)
        if award is None or measured >= level.threshold:
            continue
        if not repository.revoke_award(session, award_id=award.id, at=now):
            continue  # another delivery of the refund revoked it: taken back there
        del kept[level.level]
        points, voided = _take_back(session, program, member_id, points=award.points_given, unit=level.unit,
                                    voucher_code_id=award.voucher_code_id, reason=f"badge:{badge.id} revoked",
                                    actor=actor)
        events.record(session=session, program_id=program.id, member_id=member_id, type="badge.revoked",
                      actor=actor, payload={"badge_id": badge.id, "badge_name": badge.name, "level": level.level,
                                            "level_name": level.name, "value": measured, "points": points,
                                            "coupon_voided": voided})
        done.badges_revoked.append((badge.id, level.level))
    return kept


def _reverse_completions(session: Session, program: Program, member_id: int, activity: Activity,
                         completed: Sequence[tuple[ChallengeParticipant, Challenge]], *, now: datetime, actor: str,
                         done: Evaluation) -> None:
    """Reverse the completions whose measure a refund took below the goal and below its value at
    completion (a goal raised since does not reverse anything by itself), each once."""
    for participant, challenge in completed:
        measured = domain.value(activity, _challenge_measure(challenge),
                                _challenge_window(challenge, participant.joined_at), timezone=program.timezone)
        if measured >= challenge.goal or measured >= participant.progress:
            continue
        points_given, code_id = participant.points_given, participant.voucher_code_id
        if not repository.reverse_completion(session, participant_id=participant.id,
                                             reversals=participant.reversals, progress=measured, at=now):
            continue  # reversed by another delivery of the refund: taken back there
        points, voided = _take_back(session, program, member_id, points=points_given, unit=challenge.reward_unit,
                                    voucher_code_id=code_id, reason=f"challenge:{challenge.id} reversed",
                                    actor=actor)
        events.record(session=session, program_id=program.id, member_id=member_id, type="challenge.reversed",
                      actor=actor, payload={"challenge_id": challenge.id, "challenge_name": challenge.name,
                                            "value": measured, "goal": challenge.goal, "points": points,
                                            "coupon_voided": voided})
        done.challenges_reversed.append(challenge.id)


# --- what a member sees ----------------------------------------------------------------------


def member_badges(*, session: Session, program: Program, member_id: int) -> MemberBadgeList:
    """Every active badge (and any inactive one the member holds) with the member's value now,
    the levels earned and the progress toward the next."""
    members.get_member(session=session, program_id=program.id, member_id=member_id)
    earned = repository.member_awards(session, program_id=program.id, member_id=member_id)
    badges = [badge for badge in repository.list_badges(session, program_id=program.id, after_id=None,
                                                         limit=paging.MAX_PAGE_SIZE)
              if badge.is_active or badge.id in earned]
    activity = _activity(session, program, member_id,
                         with_events=any(badge.measure == "event_count" for badge in badges))
    items = []
    for badge in badges:
        measured = domain.value(activity, _badge_measure(badge), timezone=program.timezone)
        levels = domain.levels_of(badge.levels)
        held = earned.get(badge.id, {})
        upcoming = next((level for level in levels if level.level not in held), None)
        top = max((level for level in levels if level.level in held), key=lambda level: level.threshold,
                  default=None)
        items.append(MemberBadgeRead(
            badge_id=badge.id, name=badge.name, description=badge.description,
            measure=badge.measure,  # type: ignore[arg-type]
            value=measured,
            levels=[MemberBadgeLevel(level=level.level, name=level.name, threshold=level.threshold,
                                     earned_at=held.get(level.level)) for level in levels],
            earned_level=top.name if top else None,
            next_threshold=upcoming.threshold if upcoming else None,
            percent=domain.percent(measured, upcoming.threshold) if upcoming else 100))
    return MemberBadgeList(items=items)


def _member_challenge(challenge: Challenge, participant: ChallengeParticipant | None, *, member_in_segment: bool,
                      now: datetime, measured: int | None = None) -> MemberChallengeRead:
    value = participant.progress if participant is not None else 0
    if participant is not None and measured is not None and participant.completed_at is None:
        value = measured
    is_open = challenge.is_active and clock.as_utc(challenge.ends_at) > now
    return MemberChallengeRead(
        challenge_id=challenge.id, name=challenge.name, description=challenge.description,
        measure=challenge.measure,  # type: ignore[arg-type]
        goal=challenge.goal, starts_at=challenge.starts_at, ends_at=challenge.ends_at,
        reward_points=challenge.reward_points, has_coupon=challenge.voucher_campaign_id is not None,
        joined=participant is not None, joined_at=participant.joined_at if participant else None, progress=value,
        percent=domain.percent(value, challenge.goal),
        completed_at=participant.completed_at if participant else None,
        can_join=participant is None and is_open and (challenge.segment_id is None or member_in_segment))


def member_challenges(*, session: Session, program: Program, member_id: int) -> MemberChallengeList:
    """The challenges the member is in (their live progress) and the open ones they may join;
    the member's finished ones stay listed for a week after their end."""
    members.get_member(session=session, program_id=program.id, member_id=member_id)
    now = clock.now()
    mine = repository.member_participations(session, program_id=program.id, member_id=member_id)
    segment_ids = set(segment_lookup.member_segment_ids(session, program_id=program.id, member_id=member_id))
    shown: list[Challenge] = []
    for challenge in repository.current_challenges(session, program_id=program.id, now=now - LATE_GRACE):
        if challenge.id in mine or (clock.as_utc(challenge.ends_at) > now
                                    and (challenge.segment_id is None or challenge.segment_id in segment_ids)):
            shown.append(challenge)
    needs_activity = any(challenge.id in mine and mine[challenge.id].completed_at is None for challenge in shown)
    activity = _activity(session, program, member_id, with_events=any(
        challenge.measure == "event_count" for challenge in shown)) if needs_activity else None
    items = []
    for challenge in shown:
        participant = mine.get(challenge.id)
        measured = None
        if activity is not None and participant is not None and participant.completed_at is None:
            measured = domain.value(activity, _challenge_measure(challenge),
                                    _challenge_window(challenge, participant.joined_at), timezone=program.timezone)
        items.append(_member_challenge(challenge, participant, now=now, measured=measured,
                                       member_in_segment=challenge.segment_id in segment_ids))
    return MemberChallengeList(items=items)


def _moment(value: datetime | None) -> str | None:
    return None if value is None else clock.as_utc(value).isoformat()


def member_data(*, session: Session, program: Program, member_id: int) -> dict[str, object]:
    """What gamification keeps about the member (their data export): the badge levels earned, with
    when and what they paid; each badge's progress now; every challenge joined, with its progress,
    completion and reward."""
    awards = repository.member_award_rows(session, program_id=program.id, member_id=member_id)
    participations = repository.member_participation_rows(session, program_id=program.id, member_id=member_id)
    return {
        "badges_earned": [{"badge_id": award.badge_id, "badge": name, "level": award.level,
                           "level_name": award.level_name, "earned_at": _moment(award.earned_at),
                           "points_given": award.points_given, "revoked_at": _moment(award.revoked_at)}
                          for award, name in awards],
        "badge_progress": [badge.model_dump(mode="json") for badge in member_badges(
            session=session, program=program, member_id=member_id).items],
        "challenges": [{
            "challenge_id": participant.challenge_id, "challenge": name, "source": participant.source,
            "joined_at": _moment(participant.joined_at), "progress": participant.progress,
            "progress_at": _moment(participant.progress_at), "completed_at": _moment(participant.completed_at),
            "points_given": participant.points_given, "coupon_code": coupon_code,
            "reversals": participant.reversals}
            for participant, name, coupon_code in participations],
    }


# --- challenges as personal offers -----------------------------------------------------------


def challenges_open_to(*, session: Session, program_id: int, member_id: int, challenge_ids: Sequence[int],
                       now: datetime) -> set[int]:
    """The challenges of a member's stored offers still open to them (recommendations' readers
    drop the others: docs/recommendations.md). Read-only, one statement."""
    return repository.challenges_open_to(session, program_id=program_id, member_id=member_id,
                                         challenge_ids=challenge_ids, now=now)


def challenge_offers(*, session: Session, program_id: int, now: datetime) -> list[OfferCandidate]:
    """The open challenges (started, not ended, active) as offers the recommender ranks with the
    rewards and coupons: about the categories and SKUs their condition names, a segment's
    challenge only for that segment's members, the most joined first among equals."""
    offers = []
    for challenge in repository.current_challenges(session, program_id=program_id, now=now):
        if challenge.starts_at > now:
            continue
        joined = repository.challenge_stats(session, challenge_id=challenge.id, goal=challenge.goal)[0]
        segment = challenge.segment_id
        skus, categories = condition_products(challenge.condition)
        offers.append(OfferCandidate(
            kind="challenge", ref=str(challenge.id), name=challenge.name,
            skus=skus, categories=categories,
            popularity=float(joined),
            required=frozenset({f"segment:{segment}"}) if segment is not None else frozenset()))
    return offers
