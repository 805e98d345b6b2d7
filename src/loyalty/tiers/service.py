"""Tiers: levels and the policy, qualifying activity, upgrades at once, reviews on schedule.

Every function works in the caller's session and never commits. Each change of a member's
tier writes `tier.changed` (or `tier.kept` when a review keeps it) on the member's timeline
in the same transaction.

Locking: every write of a member's tier first locks the member's row (`lock_member`, or the
statement that appends a purchase's activity), then sums the activity. So two purchases of
one member queue, and the second sees the first's activity: a threshold crossed by their
sum is never missed. The review job locks members in id order and re-reads each one after
the lock, so two jobs running at once review each member once. Level and policy changes
lock the program's policy row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from loyalty.events import service as events
from loyalty.kernel import clock, paging
from loyalty.kernel.errors import Conflict, Invalid, NotFound
from loyalty.kernel.exported import row_values
from loyalty.kernel.paging import Slice
from loyalty.members import service as members
from loyalty.programs import config_cache
from loyalty.programs.models import Program
from loyalty.tiers import domain, repository
from loyalty.tiers.domain import Change, Level, MemberState, Policy
from loyalty.tiers.models import MemberTier, TierLevel, TierPolicy
from loyalty.tiers.schemas import (
    LEAVING_SHOWN,
    BenefitsRead,
    CalendarYearWindow,
    KeepTier,
    LeavingActivity,
    NextTier,
    RollingWindow,
    TierAssign,
    TierCreate,
    TierMemberRead,
    TierPolicyRead,
    TierPolicyWrite,
    TierProgress,
    TierRead,
    TierUpdate,
    Translation,
    WindowRead,
)

DEFAULT_POLICY = Policy()
REVIEW_BATCH = 500


@dataclass(frozen=True)
class TierChange:
    """A change of a member's tier, as the caller (a purchase, a refund) may report it."""

    member_id: int
    reason: str
    from_code: str
    to_code: str
    review_at: datetime | None
    grace_until: datetime | None

    def as_payload(self) -> dict[str, Any]:
        return {"from": self.from_code, "to": self.to_code, "reason": self.reason,
                "review_at": self.review_at.isoformat() if self.review_at else None,
                "grace_until": self.grace_until.isoformat() if self.grace_until else None}


@dataclass(frozen=True)
class ReviewCounts:
    reviewed: int = 0
    kept: int = 0
    grace_started: int = 0
    downgraded: int = 0


@dataclass(frozen=True)
class _Setup:
    policy: Policy
    levels: list[TierLevel]

    @property
    def plain_levels(self) -> list[Level]:
        return [_plain(level) for level in self.levels]

    def by_id(self, tier_id: int) -> TierLevel:
        return next(level for level in self.levels if level.id == tier_id)


# --- reading models -------------------------------------------------------------------------


def tier_read(level: TierLevel) -> TierRead:
    return TierRead(
        id=level.id, code=level.code, name=level.name, description=level.description, rank=level.rank,
        threshold=level.threshold, is_base=level.rank == 0,
        benefits=BenefitsRead(earn_multiplier=_plain_decimal(level.earn_multiplier),
                              free_shipping=level.free_shipping, exclusive_rewards=level.exclusive_rewards),
        translations={language: Translation.model_validate(text) for language, text in level.translations.items()},
        created_at=level.created_at, updated_at=level.updated_at,
    )


def _plain_decimal(value: Decimal) -> Decimal:
    """1.2500 as 1.25 and 10.0000 as 10 (never 1E+1): the multiplier as people write it."""
    normalized = Decimal(value).normalize()
    return normalized.quantize(Decimal(1)) if normalized == normalized.to_integral_value() else normalized


def _plain(level: TierLevel) -> Level:
    return Level(id=level.id, code=level.code, rank=level.rank, threshold=level.threshold)


def _policy_of(row: TierPolicy | None) -> Policy:
    if row is None:
        return DEFAULT_POLICY
    return Policy(measure=row.measure, window_kind=row.window_kind, window_days=row.window_days,
                  review_every_days=row.review_every_days, grace_days=row.grace_days,
                  one_level_at_a_time=row.one_level_at_a_time)


def _policy_values(policy: Policy) -> dict[str, Any]:
    return {"measure": policy.measure, "window_kind": policy.window_kind, "window_days": policy.window_days,
            "review_every_days": policy.review_every_days, "grace_days": policy.grace_days,
            "one_level_at_a_time": policy.one_level_at_a_time}


# A purchase asks for the setup several times (multiplier, activity, conditions): it is read
# once per unit of work, kept in memory across units until the program's configuration
# changes (config_cache), and forgotten whenever levels or the policy change in this unit.
_SETUP_MEMO = "loyalty.tiers.setup"


def _setup(session: Session, program_id: int) -> _Setup | None:
    """The program's levels and policy; None while it has no base level (tiers are off)."""
    memo: dict[int, _Setup | None] = session.info.setdefault(_SETUP_MEMO, {})
    if program_id not in memo:
        memo[program_id] = config_cache.cached(session, program_id, "tiers", lambda: _load_setup(session, program_id))
    return memo[program_id]


def _load_setup(session: Session, program_id: int) -> _Setup | None:
    levels = list(repository.levels(session, program_id=program_id))
    if not levels or levels[0].rank != 0:
        return None
    if not config_cache.is_changing(session, program_id):
        # Kept in memory: detached from this session, so its rollback never expires what other
        # units read. (A unit that changes levels keeps its own, attached to be flushed.)
        for level in levels:
            session.expunge(level)
    return _Setup(policy=_policy_of(repository.policy(session, program_id=program_id)), levels=levels)


def _forget_setup(session: Session, program_id: int) -> None:
    """Drop the memo and bump the program's config version (its row stays locked until commit).
    Called after the tier setup is locked: saves of rewards, rules and campaigns naming tier
    codes lock the setup first and the program row after, so the other order would deadlock."""
    session.info.pop(_SETUP_MEMO, None)
    config_cache.changed(session, program_id)


def _require_setup(session: Session, program_id: int) -> _Setup:
    setup = _setup(session, program_id)
    if setup is None:
        raise NotFound("This program has no tiers yet: create its base level (rank 0) first.",
                       code="tiers_not_configured")
    return setup


# --- levels ---------------------------------------------------------------------------------


def list_levels(*, session: Session, program_id: int, after_rank: int | None = None,
                limit: int = 50) -> Slice[TierRead]:
    """The program's levels, base level first, paged by rank (unique in a program)."""
    paging.check_limit(limit)
    rows = repository.levels(session, program_id=program_id, after_rank=after_rank, limit=limit + 1)
    return paging.slice_of(rows, limit, key=lambda level: level.rank).map(tier_read)


def _level(session: Session, *, program_id: int, tier_id: int) -> TierLevel:
    level = repository.level(session, program_id=program_id, tier_id=tier_id)
    if level is None:
        raise NotFound(f"Tier {tier_id} does not exist.", code="tier_not_found")
    return level


def get_level(*, session: Session, program_id: int, tier_id: int) -> TierRead:
    return tier_read(_level(session, program_id=program_id, tier_id=tier_id))


def lock_levels(*, session: Session, program_id: int) -> list[TierRead]:
    """The program's levels, with its tier setup locked until the transaction ends: no level is
    created, changed or deleted meanwhile (what another domain checks against them holds)."""
    return [tier_read(level) for level in _lock_levels(session, program_id)]


def _check_order(levels: Sequence[tuple[str, int, int]]) -> None:
    try:
        domain.check_levels(levels)
    except domain.LevelOrderError as error:
        raise Invalid(str(error), code="invalid_tier_order", field=error.field) from None


def _lock_levels(session: Session, program_id: int) -> list[TierLevel]:
    """Lock the program's tier setup (its policy row, created on first use) and read its levels."""
    repository.locked_policy(session, program_id=program_id, defaults=_policy_values(DEFAULT_POLICY), now=clock.now())
    return list(repository.levels(session, program_id=program_id))


def create_level(*, session: Session, program: Program, data: TierCreate, actor: str) -> TierRead:
    """A new level. The first must be the base level (rank 0, threshold 0); thresholds must rise
    with rank (422 `invalid_tier_order`); code and rank are unique (409 `tier_exists`,
    `tier_rank_taken`)."""
    existing = _lock_levels(session, program.id)
    _forget_setup(session, program.id)
    if any(level.code == data.code for level in existing):
        raise Conflict(f"This program already has a tier '{data.code}'.", code="tier_exists", field="code")
    if any(level.rank == data.rank for level in existing):
        raise Conflict(f"Another tier already has rank {data.rank}.", code="tier_rank_taken", field="rank")
    _check_order([*((level.code, level.rank, level.threshold) for level in existing),
                  (data.code, data.rank, data.threshold)])
    now = clock.now()
    level = TierLevel(
        program_id=program.id, code=data.code, name=data.name, description=data.description, rank=data.rank,
        threshold=data.threshold, earn_multiplier=data.benefits.earn_multiplier,
        free_shipping=data.benefits.free_shipping, exclusive_rewards=data.benefits.exclusive_rewards,
        translations={language: text.model_dump(exclude_none=True) for language, text in data.translations.items()},
        created_at=now, updated_at=now,
    )
    repository.add_level(session, level)
    events.record(session=session, program_id=program.id, type="tier_level.created", actor=actor,
                  payload={"tier_id": level.id, "code": level.code, "rank": level.rank, "threshold": level.threshold})
    return tier_read(level)


def update_level(*, session: Session, program: Program, tier_id: int, data: TierUpdate, actor: str) -> TierRead:
    """Change the fields sent. Members move only when they next earn (upgrades) or at their
    review (downgrades): a new threshold does not re-tier anyone on the spot."""
    existing = _lock_levels(session, program.id)
    _forget_setup(session, program.id)
    level = next((row for row in existing if row.id == tier_id), None)
    if level is None:
        raise NotFound(f"Tier {tier_id} does not exist.", code="tier_not_found")
    changes = data.model_dump(exclude_unset=True)
    for name in ("name", "rank", "threshold", "benefits"):
        if name in changes and changes[name] is None:
            raise Invalid(f"{name} cannot be null.", code="invalid_value", field=name)
    rank = data.rank if data.rank is not None else level.rank
    threshold = data.threshold if data.threshold is not None else level.threshold
    if rank != level.rank and any(row.rank == rank for row in existing):
        raise Conflict(f"Another tier already has rank {rank}.", code="tier_rank_taken", field="rank")
    _check_order([(row.code, rank, threshold) if row.id == level.id else (row.code, row.rank, row.threshold)
                  for row in existing])
    before = tier_read(level).model_dump()
    if "name" in changes:
        level.name = changes["name"]
    if "description" in changes:
        level.description = changes["description"]
    level.rank, level.threshold = rank, threshold
    if data.benefits is not None:
        level.earn_multiplier = data.benefits.earn_multiplier
        level.free_shipping = data.benefits.free_shipping
        level.exclusive_rewards = data.benefits.exclusive_rewards
    if data.translations is not None:
        level.translations = {language: text.model_dump(exclude_none=True)
                              for language, text in data.translations.items()}
    after = tier_read(level).model_dump()
    changed = [name for name in after if name not in ("updated_at",) and after[name] != before[name]]
    if changed:
        level.updated_at = clock.now()
        session.flush()
        events.record(session=session, program_id=program.id, type="tier_level.updated", actor=actor,
                      payload={"tier_id": level.id, "code": level.code, "changed": changed})
    return tier_read(level)


def delete_level(*, session: Session, program: Program, tier_id: int, actor: str) -> None:
    """Remove a level nobody is in; 409 `tier_in_use` (`details.in_use_by`: `members`, or
    `levels` for the base level while others exist) otherwise.

    Members' provisional upgrades whose floor (`previous_tier_id`, the level a refund in the
    return window may take them back to) is this level get the level below it as their floor:
    they are not in this level, and nothing else about them changes. The base level goes last,
    and deleting it turns tiers off: the rows of members stored at it (which say no more than
    no row does) go with it, while activity stays and counts again once a base level exists.
    Takes the program's tier setup lock (its policy row) first.

    Rewards (`eligible_tiers`), earning rules and voucher campaigns (`member.tier` conditions)
    that name the level are checked by `rewards.service.delete_tier_level` (those domains come
    after this one), which the API calls instead.
    """
    existing = _lock_levels(session, program.id)
    _forget_setup(session, program.id)
    level = next((row for row in existing if row.id == tier_id), None)
    if level is None:
        raise NotFound(f"Tier {tier_id} does not exist.", code="tier_not_found")
    if level.rank == 0 and len(existing) > 1:
        raise Conflict("The base level cannot be deleted while other levels exist; delete them first.",
                       code="tier_in_use", details={"in_use_by": "levels"})
    if level.rank > 0 and repository.level_has_members(session, tier_id=level.id):
        raise Conflict(f"Members are in tier '{level.code}' (GET /api/v1/tiers/{level.id}/members lists them); "
                       "move them to another level first.", code="tier_in_use", details={"in_use_by": "members"})
    if level.rank > 0:
        below = max((row for row in existing if row.rank < level.rank), key=lambda row: row.rank)
        repository.move_provisional_floors(session, from_tier_id=level.id, to_tier_id=below.id)
    else:
        repository.delete_members_at(session, tier_id=level.id)
    repository.delete_level(session, level)
    events.record(session=session, program_id=program.id, type="tier_level.deleted", actor=actor,
                  payload={"tier_id": tier_id, "code": level.code})


# --- policy ---------------------------------------------------------------------------------


def get_policy(*, session: Session, program_id: int) -> TierPolicyRead:
    """The program's policy, or the defaults (`updated_at` null) while it has no tiers and no policy."""
    row = repository.policy(session, program_id=program_id)
    policy = _policy_of(row)
    window: RollingWindow | CalendarYearWindow
    if policy.window_kind == "rolling":
        assert policy.window_days is not None
        window = RollingWindow(kind="rolling", days=policy.window_days)
    else:
        window = CalendarYearWindow(kind="calendar_year")
    return TierPolicyRead(measure=policy.measure,  # type: ignore[arg-type]
                          window=window, review_every_days=policy.review_every_days, grace_days=policy.grace_days,
                          one_level_at_a_time=policy.one_level_at_a_time,
                          updated_at=row.updated_at if row is not None else None)


def set_policy(*, session: Session, program: Program, data: TierPolicyWrite, actor: str) -> TierPolicyRead:
    """Replace the policy. Review dates already set stay; new ones follow the new policy."""
    if isinstance(data.window, CalendarYearWindow) and data.review_every_days is not None:
        raise Invalid("Calendar-year windows are reviewed at each year's end; review_every_days is for rolling "
                      "windows.", code="invalid_value", field="review_every_days")
    policy = Policy(
        measure=data.measure, window_kind=data.window.kind,
        window_days=data.window.days if isinstance(data.window, RollingWindow) else None,
        review_every_days=data.review_every_days, grace_days=data.grace_days,
        one_level_at_a_time=data.one_level_at_a_time,
    )
    row = repository.locked_policy(session, program_id=program.id, defaults=_policy_values(policy), now=clock.now())
    _forget_setup(session, program.id)
    for name, value in _policy_values(policy).items():
        setattr(row, name, value)
    row.updated_at = clock.now()
    session.flush()
    events.record(session=session, program_id=program.id, type="tier_policy.updated", actor=actor,
                  payload=_policy_values(policy))
    return get_policy(session=session, program_id=program.id)


# --- members' tiers -------------------------------------------------------------------------


def _state(session: Session, setup: _Setup, member_id: int) -> tuple[MemberState, MemberTier | None]:
    row = repository.member_tier(session, member_id=member_id)
    return _state_of(setup, row), row


def _state_of(setup: _Setup, row: Any | None) -> MemberState:
    """From a stored row (an ORM MemberTier or a row of its columns); the base level without one."""
    if row is None:
        return MemberState(tier=_plain(setup.levels[0]))
    return MemberState(
        tier=_plain(setup.by_id(row.tier_id)), since=row.since, review_at=row.review_at, grace_until=row.grace_until,
        manually_assigned=row.manually_assigned, provisional_until=row.provisional_until,
        previous_tier_id=row.previous_tier_id,
    )


def _measured(session: Session, policy: Policy, member_id: int, start: datetime, end: datetime | None) -> int:
    points, amount, purchases = repository.activity_sum(session, member_id=member_id, start=start, end=end)
    return domain.Activity(points=points, amount_minor=amount, purchases=purchases).measured(policy.measure)


def _persist(session: Session, *, program: Program, member_id: int, change: Change, stored: bool, value: int,
             policy: Policy, actor: str, now: datetime, note: str | None = None) -> TierChange:
    state = change.state
    values = {"tier_id": state.tier.id, "since": state.since or now, "review_at": state.review_at,
              "grace_until": state.grace_until, "manually_assigned": state.manually_assigned,
              "provisional_until": state.provisional_until, "previous_tier_id": state.previous_tier_id,
              "updated_at": now}
    if stored:
        repository.update_member_tier(session, member_id=member_id, values=values)
    else:
        repository.insert_member_tier(session, {"program_id": program.id, "member_id": member_id, **values})
    payload: dict[str, Any] = {
        "from": change.from_tier.code, "to": state.tier.code, "reason": change.reason, "measure": policy.measure,
        "value": value, "review_at": state.review_at.isoformat() if state.review_at else None,
        "grace_until": state.grace_until.isoformat() if state.grace_until else None,
    }
    if note is not None:
        payload["note"] = note
    if change.reason == domain.KEPT:
        events.record(session=session, program_id=program.id, member_id=member_id, type="tier.kept", actor=actor,
                      payload={"tier": state.tier.code, "measure": policy.measure, "value": value,
                               "review_at": payload["review_at"]})
    else:
        events.record(session=session, program_id=program.id, member_id=member_id, type="tier.changed", actor=actor,
                      payload=payload)
    return TierChange(member_id=member_id, reason=change.reason, from_code=change.from_tier.code,
                      to_code=state.tier.code, review_at=state.review_at, grace_until=state.grace_until)


def _lock(session: Session, program_id: int, member_id: int) -> None:
    if not repository.lock_member(session, program_id=program_id, member_id=member_id):
        raise NotFound(f"Member {member_id} does not exist.", code="member_not_found")


def record_activity(*, session: Session, program: Program, member_id: int, occurred_at: datetime, points: int,
                    amount_minor: int, purchases: int, source: str, actor: str) -> TierChange | None:
    """Append qualifying activity and upgrade at once when it crosses a higher threshold.

    Positive after a purchase; negative after a refund (points and amount taken back, and
    purchases -1 only when the whole purchase is refunded), dated like the purchase so it
    leaves the window the purchase counted in. A refund never downgrades, except an upgrade
    still within the program's return window (`pending_days`) that the refund leaves short
    (see domain.on_activity). Runs in the caller's transaction; the caller records each
    purchase and refund once (purchases are idempotent on their external id).
    """
    now = clock.now()
    activity = {
        "program_id": program.id, "member_id": member_id, "occurred_at": clock.as_utc(occurred_at),
        "points": points, "amount_minor": amount_minor, "purchases": purchases, "source": source[:64],
        "recorded_at": now,
    }
    setup = _setup(session, program.id)
    delta = 0 if setup is None else domain.Activity(points=points, amount_minor=amount_minor, purchases=purchases) \
        .measured(setup.policy.measure)
    if setup is None or delta == 0:
        repository.add_activity(session, activity)
        return None
    # The member's lock is taken with the insert, and the sum read after it (see the module doc).
    if not repository.add_activity_locking_member(session, activity):
        raise NotFound(f"Member {member_id} does not exist.", code="member_not_found")
    start, _ = domain.current_window(setup.policy, now, program.timezone)
    row, (points_sum, amount_sum, purchases_sum) = repository.state_and_activity(session, member_id=member_id,
                                                                                 start=start)
    state = _state_of(setup, row)
    value = domain.Activity(points=points_sum, amount_minor=amount_sum, purchases=purchases_sum).measured(
        setup.policy.measure)
    change = domain.on_activity(state, setup.plain_levels, value=value, increased=delta > 0, now=now,
                                policy=setup.policy, timezone=program.timezone,
                                return_window_days=program.pending_days)
    if change is None:
        return None
    return _persist(session, program=program, member_id=member_id, change=change, stored=row is not None,
                    value=value, policy=setup.policy, actor=actor, now=now)


def review_tiers(*, session: Session, program: Program, now: datetime | None = None,
                 actor: str = "job:tiers") -> ReviewCounts:
    """Review every member whose review date has passed: keep, start grace, or downgrade.

    Each review judges the window ending at its review date. Idempotent and safe to run
    concurrently: members are locked in id order and re-read after the lock, so one that
    another run reviewed meanwhile is no longer due and is skipped. A run that comes after
    several missed review dates catches up one review at a time.
    """
    now = now or clock.now()
    setup = _setup(session, program.id)
    if setup is None:
        return ReviewCounts()
    reviewed = kept = grace = downgraded = 0
    while True:
        due = repository.due_member_ids(session, program_id=program.id, now=now, limit=REVIEW_BATCH)
        if not due:
            break
        for member_id in due:
            _lock(session, program.id, member_id)
            state, row = _state(session, setup, member_id)
            if row is None or state.review_at is None or state.review_at > now:
                continue
            start, end = domain.review_window(setup.policy, state.review_at, program.timezone)
            value = _measured(session, setup.policy, member_id, start, end)
            change = domain.on_review(state, setup.plain_levels, value=value, now=now, policy=setup.policy,
                                      timezone=program.timezone)
            _persist(session, program=program, member_id=member_id, change=change, stored=True, value=value,
                     policy=setup.policy, actor=actor, now=now)
            reviewed += 1
            if change.reason in (domain.KEPT, domain.REQUALIFIED):
                kept += 1
            elif change.reason == domain.GRACE_STARTED:
                grace += 1
            else:
                downgraded += 1
    return ReviewCounts(reviewed=reviewed, kept=kept, grace_started=grace, downgraded=downgraded)


def assign_tier(*, session: Session, program: Program, member_id: int, data: TierAssign, actor: str) -> TierProgress:
    """Put a member in a level by hand, with a mandatory reason (in the `tier.changed` event,
    with the actor). The level holds until its review (`review_at`, or the usual schedule);
    activity may still upgrade the member above it."""
    members.get_member(session=session, program_id=program.id, member_id=member_id)
    setup = _require_setup(session, program.id)
    target = next((level for level in setup.levels if level.code == data.tier_code), None)
    if target is None:
        raise NotFound(f"This program has no tier '{data.tier_code}'.", code="tier_not_found", field="tier_code")
    now = clock.now()
    review_at = clock.as_utc(data.review_at) if data.review_at is not None else None
    if review_at is not None and target.rank == 0:
        raise Invalid("The base level is never reviewed; leave review_at out.", code="invalid_value",
                      field="review_at")
    if review_at is not None and review_at <= now:
        raise Invalid("review_at must be in the future.", code="invalid_value", field="review_at")
    _lock(session, program.id, member_id)
    state, row = _state(session, setup, member_id)
    change = domain.assigned(state, _plain(target), now=now, review_at=review_at, policy=setup.policy,
                             timezone=program.timezone)
    start, _ = domain.current_window(setup.policy, now, program.timezone)
    _persist(session, program=program, member_id=member_id, change=change, stored=row is not None,
             value=_measured(session, setup.policy, member_id, start, None), policy=setup.policy, actor=actor,
             now=now, note=data.reason)
    return progress(session=session, program=program, member_id=member_id, now=now)


def progress(*, session: Session, program: Program, member_id: int, now: datetime | None = None) -> TierProgress:
    """Where the member stands: the tier and its benefits, the measure in the current window,
    what the next level needs and until when (a calendar year's end; in a rolling window, when
    activity starts leaving it, with the next few drops), and what keeps the current level at
    its review. Reads only: a bounded number of statements, whatever the member's history."""
    now = now or clock.now()
    members.get_member(session=session, program_id=program.id, member_id=member_id)
    setup = _require_setup(session, program.id)
    policy = setup.policy
    state, row = _state(session, setup, member_id)
    start, end = domain.current_window(policy, now, program.timezone)
    value = _measured(session, policy, member_id, start, None)
    current = setup.by_id(state.tier.id)
    higher = domain.next_level(setup.plain_levels, state.tier)
    next_tier = None
    if higher is not None:
        leaving: list[LeavingActivity] = []
        by = end
        if policy.window_kind == "rolling":
            assert policy.window_days is not None
            window = timedelta(days=policy.window_days)
            leaving = [LeavingActivity(at=occurred_at + window, value=amount)
                       for occurred_at, amount in repository.activity_by_date(
                           session, member_id=member_id, start=start, measure=policy.measure, limit=LEAVING_SHOWN)]
            by = leaving[0].at if leaving else None
        next_tier = NextTier(tier=tier_read(setup.by_id(higher.id)), threshold=higher.threshold,
                             needed=max(0, higher.threshold - value), by=by, leaving=leaving)
    keep = None
    if state.tier.rank > 0 and state.review_at is not None:
        keep_start, keep_end = domain.review_window(policy, state.review_at, program.timezone)
        so_far = _measured(session, policy, member_id, keep_start, keep_end)
        keep = KeepTier(threshold=current.threshold, value=so_far, needed=max(0, current.threshold - so_far),
                        by=state.review_at, grace_until=state.grace_until)
    return TierProgress(
        member_id=member_id, tier=tier_read(current), since=state.since,
        manually_assigned=state.manually_assigned, measure=policy.measure,  # type: ignore[arg-type]
        window=WindowRead(kind=policy.window_kind,  # type: ignore[arg-type]
                          days=policy.window_days, starts_at=start, ends_at=end),
        value=value, next=next_tier, keep=keep,
    )


def member_tier(*, session: Session, program_id: int, member_id: int) -> TierRead | None:
    """The level the member is in; the base level for a member never moved; None when the
    program has no tiers. No check that the member exists (a hot-path read)."""
    level = _member_level(session, program_id, member_id)
    return None if level is None else tier_read(level)


def member_tiers(*, session: Session, program_id: int, member_ids: Sequence[int]) -> dict[int, TierRead | None]:
    """`member_tier` for a batch of members, in one query (None for each when the program has no tiers)."""
    setup = _setup(session, program_id)
    if setup is None:
        return {member_id: None for member_id in member_ids}
    stored = repository.member_tier_ids(session, program_id=program_id, member_ids=member_ids)
    reads: dict[int, TierRead] = {}
    result: dict[int, TierRead | None] = {}
    for member_id in member_ids:
        tier_id = stored.get(member_id)
        level = setup.levels[0] if tier_id is None else next((lv for lv in setup.levels if lv.id == tier_id), None)
        if level is None:  # a level created since the cached setup was read
            result[member_id] = member_tier(session=session, program_id=program_id, member_id=member_id)
            continue
        if level.id not in reads:
            reads[level.id] = tier_read(level)
        result[member_id] = reads[level.id]
    return result


def member_multiplier(*, session: Session, program_id: int, member_id: int) -> tuple[str, Decimal] | None:
    """The name of the member's level and what it multiplies purchase points by (as people
    write it: 1.25, not 1.2500); None without tiers. For every purchase: builds no read model."""
    level = _member_level(session, program_id, member_id)
    return None if level is None else (level.name, _plain_decimal(level.earn_multiplier))


def _member_level(session: Session, program_id: int, member_id: int) -> TierLevel | None:
    setup = _setup(session, program_id)
    if setup is None:
        return None
    tier_id = repository.member_tier_id(session, program_id=program_id, member_id=member_id)
    if tier_id is None:
        return setup.levels[0]
    level = next((level for level in setup.levels if level.id == tier_id), None)
    if level is None:  # a level created since this unit of work checked the cached setup
        level = repository.member_level(session, program_id=program_id, member_id=member_id)
    return level if level is not None else setup.levels[0]


def member_tier_code(*, session: Session, program_id: int, member_id: int) -> str | None:
    """The code of the member's level (`member.tier` in conditions); None without tiers."""
    level = repository.member_level(session, program_id=program_id, member_id=member_id)
    if level is not None:
        return level.code
    levels = repository.levels(session, program_id=program_id)
    return levels[0].code if levels and levels[0].rank == 0 else None


def member_tier_codes(*, session: Session, program_id: int, member_ids: Sequence[int]) -> dict[int, str | None]:
    """`member_tier_code` of many members in two reads (their stored levels, and the program's
    base level for those with none)."""
    if not member_ids:
        return {}
    stored = repository.member_tier_codes(session, program_id=program_id, member_ids=sorted(set(member_ids)))
    base: str | None = None
    if len(stored) < len(set(member_ids)):
        levels = repository.levels(session, program_id=program_id)
        base = levels[0].code if levels and levels[0].rank == 0 else None
    return {member_id: stored.get(member_id, base) for member_id in member_ids}


def earn_multiplier(*, session: Session, program_id: int, member_id: int) -> Decimal:
    """What the member's level multiplies purchase points by; 1 without tiers."""
    level = member_multiplier(session=session, program_id=program_id, member_id=member_id)
    return Decimal(1) if level is None else level[1]


def level_members(*, session: Session, program_id: int, tier_id: int, after_member_id: int | None = None,
                  limit: int = 50) -> Slice[TierMemberRead]:
    """Members in a level, by member id; the base level includes members who never left it."""
    paging.check_limit(limit)
    level = _level(session, program_id=program_id, tier_id=tier_id)
    if level.rank == 0:
        rows = repository.base_level_members(session, program_id=program_id, base_tier_id=level.id,
                                             after_member_id=after_member_id, limit=limit + 1)
    else:
        rows = repository.level_members(session, tier_id=level.id, after_member_id=after_member_id,
                                        limit=limit + 1)
    return paging.slice_of(rows, limit, key=lambda row: row.member_id).map(lambda row: TierMemberRead(
        member_id=row.member_id, since=row.since, review_at=row.review_at, grace_until=row.grace_until,
        manually_assigned=bool(row.manually_assigned)))


def member_data(*, session: Session, program_id: int, member_id: int) -> dict[str, Any]:
    """What tiers keep about the member (their data export): the tier held now (since when, until
    when it is reviewed, any grace) and every activity the tier measure counted. Two statements."""
    held = repository.member_tier_row(session, program_id=program_id, member_id=member_id)
    tier = None if held is None else row_values(
        held[0], ("since", "review_at", "grace_until", "manually_assigned", "provisional_until", "updated_at"),
        tier=held[1], previous_tier=held[2])
    activity = repository.member_activity_rows(session, program_id=program_id, member_id=member_id)
    return {"tier": tier, "tier_activity": [row_values(row, (
        "occurred_at", "points", "amount_minor", "purchases", "source", "recorded_at")) for row in activity]}
