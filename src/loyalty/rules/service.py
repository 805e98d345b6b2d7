"""Earning rules: versioned definitions, evaluation with caps, and the awards that are not
purchases (enrolment, birthdays, custom events).

Every function works in the caller's session and never commits. Rules are data with
versions: an update writes a new EarningRuleVersion and moves the rule's current_version;
old versions never change, and every award names the rule id and the version in force.

Caps are enforced by the statements that consume them (see `apply_caps`), so concurrent
awards never give more than a cap allows, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy.orm import Session

from loyalty.events import service as events
from loyalty.kernel import clock, paging
from loyalty.kernel.conditions import mentions
from loyalty.kernel.errors import NotFound
from loyalty.kernel.paging import Slice
from loyalty.ledger import service as ledger
from loyalty.ledger.service import EarnAward, EarnPosting
from loyalty.members import service as members
from loyalty.members.models import Member
from loyalty.programs import config_cache
from loyalty.programs.models import Program
from loyalty.rules import domain, repository
from loyalty.rules.domain import (
    Evaluation,
    EventFacts,
    Facts,
    LineFacts,
    LineKey,
    MemberFacts,
    PurchaseFacts,
    RuleResult,
    RuleSpec,
)
from loyalty.rules.models import EarningRule, EarningRuleVersion
from loyalty.rules.schemas import RuleCreate, RuleDetailRead, RuleRead, RuleUpdate, RuleVersionRead, parse_effect
from loyalty.segment_membership.lookup import SEGMENTS_FIELD, check_segment_mentions, member_segment_ids
from loyalty.tiers import service as tiers

# An award after caps is what the ledger posts.
Award = EarnAward

VERSION_FIELDS = ("name", "description", "trigger", "event_type", "condition", "effect", "unit", "priority",
                  "is_exclusive", "starts_at", "ends_at", "cap_per_member_per_day", "cap_total", "once_per")
BIRTHDAY_PAGE = 500


# --- defining rules ------------------------------------------------------------------------


def _checked_fields(raw: Mapping[str, Any], program: Program) -> dict[str, Any]:
    fields = {name: raw.get(name) for name in VERSION_FIELDS}
    fields["effect"] = parse_effect(raw.get("effect"))
    domain.check_rule(fields, units=program.units)
    return fields


# The version fields that hold conditions, and so may name tier codes.
CONDITION_FIELDS = ("condition", "effect")


def check_tier_mentions(*, session: Session, program: Program, mentions: Sequence[domain.TierMention]) -> None:
    """Every tier code a condition names (a rule's, a voucher campaign's) is one of the program's
    levels (422 `unknown_tier` naming the path otherwise). Only when one is named: the tier
    setup is then locked until commit, so the level cannot be deleted in between (see
    `rewards.service.delete_tier_level`); a program without tiers whose conditions name none
    never gets a tier setup row."""
    if mentions:
        known = [level.code for level in tiers.lock_levels(session=session, program_id=program.id)]
        domain.check_tier_codes(mentions, known)


def _check_tier_codes(session: Session, program: Program, fields: Mapping[str, Any]) -> None:
    check_tier_mentions(session=session, program=program, mentions=domain.rule_tier_mentions(fields))
    for name in CONDITION_FIELDS:
        check_segment_mentions(session, program_id=program.id, tree=fields.get(name), field=name)


def create_rule(*, session: Session, program: Program, data: RuleCreate, actor: str) -> EarningRule:
    """A new rule at version 1, active at once. Invalid (naming the bad part) when its parts do not
    fit or its conditions name a tier code the program has no level for (`unknown_tier`)."""
    fields = _checked_fields(data.model_dump(), program)
    _check_tier_codes(session, program, fields)
    now = clock.now()
    rule = EarningRule(program_id=program.id, name=fields["name"], current_version=1, is_active=True,
                       awarded_total=0, created_at=now, updated_at=now)
    version = EarningRuleVersion(program_id=program.id, version=1, created_at=now, created_by=actor, **fields)
    repository.add_rule(session, rule, version)
    config_cache.changed(session, program.id)
    events.record(session=session, program_id=program.id, type="rule.created", actor=actor,
                  payload={"rule_id": rule.id, "version": 1, "name": rule.name, "trigger": fields["trigger"]})
    return rule


def update_rule(*, session: Session, program: Program, rule_id: int, data: RuleUpdate, actor: str) -> EarningRule:
    """A new version with the fields sent changed (null clears an optional one).

    The rule row is locked first, so two concurrent updates build on each other instead of
    both writing the same version number. An update that changes nothing writes no version.
    An update sending `condition` or `effect` has the tier codes they name checked as on
    create (`unknown_tier`); one that sends neither keeps the conditions as they are.
    """
    rule = _rule(session, program_id=program.id, rule_id=rule_id, lock=True)
    current = repository.get_version(session, rule_id=rule.id, version=rule.current_version)
    assert current is not None
    before = {name: getattr(current, name) for name in VERSION_FIELDS}
    sent = data.model_dump(exclude_unset=True)
    fields = _checked_fields({**before, **sent}, program)
    if any(name in sent for name in CONDITION_FIELDS):
        _check_tier_codes(session, program, fields)
    changed = [name for name in VERSION_FIELDS if fields[name] != before[name]]
    if not changed:
        return rule
    now = clock.now()
    rule.current_version += 1
    rule.name = fields["name"]
    rule.updated_at = now
    repository.add_version(session, EarningRuleVersion(
        program_id=program.id, rule_id=rule.id, version=rule.current_version, created_at=now, created_by=actor,
        **fields))
    config_cache.changed(session, program.id)
    events.record(session=session, program_id=program.id, type="rule.updated", actor=actor,
                  payload={"rule_id": rule.id, "version": rule.current_version, "changed": changed})
    return rule


def set_rule_active(*, session: Session, program: Program, rule_id: int, is_active: bool, actor: str) -> EarningRule:
    """Switch a rule on or off (idempotent: no event when it already was)."""
    rule = _rule(session, program_id=program.id, rule_id=rule_id, lock=True)
    if rule.is_active == is_active:
        return rule
    rule.is_active = is_active
    rule.updated_at = clock.now()
    session.flush()
    config_cache.changed(session, program.id)
    events.record(session=session, program_id=program.id, actor=actor,
                  type="rule.activated" if is_active else "rule.deactivated",
                  payload={"rule_id": rule.id, "version": rule.current_version})
    return rule


def _rule(session: Session, *, program_id: int, rule_id: int, lock: bool = False) -> EarningRule:
    rule = repository.get_rule(session, program_id=program_id, rule_id=rule_id, lock=lock)
    if rule is None:
        raise NotFound(f"Earning rule {rule_id} does not exist.", code="rule_not_found")
    return rule


def get_rule(*, session: Session, program_id: int, rule_id: int) -> EarningRule:
    """The rule (another program's rules are invisible: NotFound `rule_not_found`)."""
    return _rule(session, program_id=program_id, rule_id=rule_id)


def list_rules(*, session: Session, program_id: int, is_active: bool | None = None, after_id: int | None = None,
               limit: int = 50) -> Slice[EarningRule]:
    """The program's rules, oldest first, paged by id."""
    paging.check_limit(limit)
    rows = repository.list_rules(session, program_id=program_id, is_active=is_active, after_id=after_id,
                                 limit=limit + 1)
    return paging.slice_of(rows, limit, key=lambda rule: rule.id)


def rule_versions(*, session: Session, program_id: int, rule_id: int) -> list[EarningRuleVersion]:
    """Every version of the rule, oldest first."""
    rule = _rule(session, program_id=program_id, rule_id=rule_id)
    return list(repository.versions(session, rule_id=rule.id))


def rules_naming_tier(*, session: Session, program_id: int, code: str) -> list[tuple[int, str]]:
    """(id, name) of the program's rules, active or not, whose current version names the tier
    `code` in its conditions (`rule_tier_mentions`), by id. Reads every rule of the program and
    its current version (two statements): for the rare deletion of a tier level."""
    every_rule = repository.list_rules(session, program_id=program_id, is_active=None)
    current = repository.current_versions(session, every_rule)
    return [(rule.id, rule.name) for rule in every_rule
            if any(mention.code == code for mention in domain.rule_tier_mentions(
                {"condition": current[rule.id].condition, "effect": current[rule.id].effect}))]


def rule_reads(*, session: Session, rules: Sequence[EarningRule]) -> list[RuleRead]:
    """Read models of rules with their current versions' fields (one query for the versions)."""
    current = repository.current_versions(session, rules)
    return [_read(rule, current[rule.id]) for rule in rules]


def rule_read(*, session: Session, rule: EarningRule) -> RuleRead:
    return rule_reads(session=session, rules=[rule])[0]


def rule_detail(*, session: Session, program_id: int, rule_id: int) -> RuleDetailRead:
    """The rule, its current fields, and every version."""
    rule = _rule(session, program_id=program_id, rule_id=rule_id)
    history = repository.versions(session, rule_id=rule.id)
    current = next(version for version in history if version.version == rule.current_version)
    return RuleDetailRead(**_read(rule, current).model_dump(),
                          versions=[RuleVersionRead.model_validate(version) for version in history])


def _read(rule: EarningRule, version: EarningRuleVersion) -> RuleRead:
    return RuleRead(
        id=rule.id, name=rule.name, is_active=rule.is_active, current_version=rule.current_version,
        awarded_total=rule.awarded_total, created_at=rule.created_at, updated_at=rule.updated_at,
        **{name: getattr(version, name) for name in VERSION_FIELDS if name != "name"},
    )


# --- evaluating --------------------------------------------------------------------------


def active_specs(*, session: Session, program_id: int, trigger: str, event_type: str | None = None) -> list[RuleSpec]:
    """The active rules of a trigger at their current versions (runs on every purchase: kept in
    memory until the program's rules change)."""
    return list(config_cache.cached(session, program_id, f"rules:{trigger}:{event_type}",
                                    lambda: _load_specs(session, program_id, trigger, event_type)))


def _load_specs(session: Session, program_id: int, trigger: str, event_type: str | None) -> list[RuleSpec]:
    return [
        RuleSpec(rule_id=row.rule_id, version=row.version, name=row.name, trigger=row.trigger, effect=row.effect,
                 unit=row.unit, condition=row.condition, event_type=row.event_type, priority=row.priority,
                 is_exclusive=row.is_exclusive, starts_at=row.starts_at, ends_at=row.ends_at,
                 cap_per_member_per_day=row.cap_per_member_per_day, cap_total=row.cap_total, once_per=row.once_per)
        for row in repository.active_versions(session, program_id=program_id, trigger=trigger, event_type=event_type)
    ]


def member_facts(member: Member, program: Program, at: datetime, *, session: Session | None = None,
                 segments_session: Session | None = None) -> MemberFacts:
    """What rules may know about a member at `at` (age and days since enrolment in the program's timezone).

    With `session`, `member.tier` holds the member's tier code; without it, it is missing.
    With `segments_session`, `member.segments` holds the ids of the member's segments (one
    index read); without it, it is missing.
    """
    tier = None
    if session is not None:
        tier = tiers.member_tier_code(session=session, program_id=program.id, member_id=member.id)
    segment_ids = None
    if segments_session is not None:
        segment_ids = member_segment_ids(segments_session, program_id=program.id, member_id=member.id)
    return domain.build_member_facts(
        timezone=program.timezone, at=at, enrolled_at=member.enrolled_at, enrolment_channel=member.enrolment_channel,
        birth_date=member.birth_date, preferred_language=member.preferred_language,
        has_email=member.email is not None, attributes=member.attributes, tier=tier, segments=segment_ids,
    )


def purchase_facts(program: Program, *, lines: Sequence[LineFacts], total_minor: int, channel: str,
                   store: str | None, occurred_at: datetime, is_first_purchase: bool) -> PurchaseFacts:
    """A purchase as rules see it; local date, weekday and hour are in the program's timezone."""
    return domain.build_purchase_facts(timezone=program.timezone, lines=lines, total_minor=total_minor,
                                       channel=channel, store=store, occurred_at=occurred_at,
                                       is_first_purchase=is_first_purchase)


def evaluate(*, program: Program, specs: Sequence[RuleSpec], facts: Facts, with_reasons: bool = True) -> Evaluation:
    """domain.evaluate with the program's point value and currency."""
    return domain.evaluate(specs, facts, point_value=Decimal(program.point_value), currency=program.currency,
                           with_reasons=with_reasons)


# --- caps ----------------------------------------------------------------------------------


class _Caps(Protocol):
    def claim(self, rule: RuleSpec, keys: Sequence[str]) -> bool: ...
    def release(self, rule: RuleSpec, keys: Sequence[str]) -> None: ...
    def take_daily(self, rule: RuleSpec, cap: int, points: int) -> int: ...
    def give_back_daily(self, rule: RuleSpec, points: int) -> None: ...
    def take_total(self, rule: RuleSpec, cap: int, points: int) -> int: ...


@dataclass(frozen=True)
class _ConsumingCaps:
    """Caps used up for real, each by the statement that checks it."""

    session: Session
    program_id: int
    member_id: int
    day: date
    now: datetime

    def claim(self, rule: RuleSpec, keys: Sequence[str]) -> bool:
        claimed: list[str] = []
        for key in keys:
            if not repository.add_grant(self.session, program_id=self.program_id, rule_id=rule.rule_id,
                                        member_id=self.member_id, grant_key=key, now=self.now):
                self.release(rule, claimed)
                return False
            claimed.append(key)
        return True

    def release(self, rule: RuleSpec, keys: Sequence[str]) -> None:
        if keys:
            repository.remove_grants(self.session, rule_id=rule.rule_id, member_id=self.member_id, grant_keys=keys)

    def take_daily(self, rule: RuleSpec, cap: int, points: int) -> int:
        used = repository.add_daily_usage(self.session, program_id=self.program_id, rule_id=rule.rule_id,
                                          member_id=self.member_id, day=self.day, points=points)
        allowed = max(0, min(points, cap - (used - points)))
        self.give_back_daily(rule, points - allowed)
        return allowed

    def give_back_daily(self, rule: RuleSpec, points: int) -> None:
        if points > 0:
            repository.give_back_daily_usage(self.session, rule_id=rule.rule_id, member_id=self.member_id,
                                              day=self.day, points=points)

    def take_total(self, rule: RuleSpec, cap: int, points: int) -> int:
        wanted = points
        # Each failed attempt means another award took some of the cap meanwhile, so this ends.
        while wanted > 0:
            if repository.add_to_awarded_total(self.session, rule_id=rule.rule_id, points=wanted, cap_total=cap):
                return wanted
            wanted = min(points, cap - repository.awarded_total(self.session, rule_id=rule.rule_id))
        return 0


@dataclass(frozen=True)
class _PeekingCaps:
    """Caps read but not used up, for dry runs."""

    session: Session
    member_id: int | None
    day: date

    def claim(self, rule: RuleSpec, keys: Sequence[str]) -> bool:
        if self.member_id is None:
            return True
        return not repository.existing_grants(self.session, rule_id=rule.rule_id, member_id=self.member_id,
                                              grant_keys=keys)

    def release(self, rule: RuleSpec, keys: Sequence[str]) -> None:
        return None

    def take_daily(self, rule: RuleSpec, cap: int, points: int) -> int:
        used = 0 if self.member_id is None else repository.daily_usage(
            self.session, rule_id=rule.rule_id, member_id=self.member_id, day=self.day)
        return max(0, min(points, cap - used))

    def give_back_daily(self, rule: RuleSpec, points: int) -> None:
        return None

    def take_total(self, rule: RuleSpec, cap: int, points: int) -> int:
        return max(0, min(points, cap - repository.awarded_total(self.session, rule_id=rule.rule_id)))


@dataclass(frozen=True)
class CappedResult:
    result: RuleResult
    points: int
    line_allocations: dict[LineKey, int]
    capped_by: tuple[str, ...] = ()


def _cap_results(evaluation: Evaluation, caps: _Caps, grant_keys: Sequence[str]) -> list[CappedResult]:
    """Each result after its caps. Multipliers are recomputed on the capped base, so a capped
    base rule is not doubled back up to its uncapped amount."""
    capped: list[CappedResult] = []
    base: dict[str, dict[LineKey, int]] = defaultdict(lambda: defaultdict(int))
    for result in evaluation.results:
        rule = result.rule
        if not result.matched:
            capped.append(CappedResult(result, 0, {}))
            continue
        notes: list[str] = []
        if rule.is_multiplier:
            points, allocations = domain.multiply(Decimal(str(rule.effect["factor"])), base[rule.unit])
            if points != result.points:
                notes.append(f"base after caps: {sum(base[rule.unit].values())} {rule.unit}")
        else:
            points, allocations = result.points, dict(result.line_allocations)
        granted = _consume(caps, result, points, grant_keys, notes) if points > 0 else 0
        allocations = domain.scale(allocations, granted)
        if not rule.is_multiplier:
            for line, line_points in allocations.items():
                base[rule.unit][line] += line_points
        capped.append(CappedResult(result, granted, allocations, tuple(notes)))
    return capped


def _consume(caps: _Caps, result: RuleResult, points: int, grant_keys: Sequence[str], notes: list[str]) -> int:
    """Once-only grants first (a repeat gives nothing), then the member's daily cap, then the
    total cap; whatever a later cap refuses is given back to the earlier ones."""
    rule = result.rule
    keys = [*grant_keys, *([result.grant_key] if result.grant_key else [])]
    if keys and not caps.claim(rule, keys):
        notes.append(f"once only: already given for {' and '.join(keys)}")
        return 0
    granted = points
    if rule.cap_per_member_per_day is not None:
        granted = caps.take_daily(rule, rule.cap_per_member_per_day, points)
        if granted < points:
            notes.append(f"daily cap {rule.cap_per_member_per_day} per member: {granted} left today")
    if granted > 0 and rule.cap_total is not None:
        within_total = caps.take_total(rule, rule.cap_total, granted)
        if within_total < granted:
            notes.append(f"total cap {rule.cap_total}: {within_total} left")
            if rule.cap_per_member_per_day is not None:
                caps.give_back_daily(rule, granted - within_total)
            granted = within_total
    if granted == 0 and keys:
        caps.release(rule, keys)
    return granted


def apply_caps(*, session: Session, program: Program, member_id: int, evaluation: Evaluation, occurred_at: datetime,
               grant_keys: Sequence[str] = ()) -> list[Award]:
    """The awards the matched results become once caps are used up.

    - once_per (and every key in `grant_keys`, e.g. "birthday:2026"): INSERT … ON CONFLICT
      DO NOTHING into rule_grants; a grant that existed skips the rule. A rule that ends up
      giving nothing releases its grants, so a cap reached today does not burn the value.
    - cap_per_member_per_day: an upsert of the member's usage for the local day (program
      timezone of `occurred_at`), which locks that row; only what is left under the cap is
      awarded and the rest given back.
    - cap_total: UPDATE earning_rules SET awarded_total = awarded_total + p WHERE
      awarded_total + p <= cap_total; when it does not fit, the remainder is taken with the
      same guarded statement. Nothing is read and then written unguarded.
    Line allocations shrink in proportion when a cap cuts the points.
    """
    caps = _ConsumingCaps(session=session, program_id=program.id, member_id=member_id,
                          day=clock.local_date(occurred_at, program.timezone), now=clock.now())
    return [
        Award(unit=item.result.unit, points=item.points, rule_id=item.result.rule_id,
              rule_version=item.result.rule.version, line_allocations=item.line_allocations)
        for item in _cap_results(evaluation, caps, grant_keys) if item.points > 0
    ]


# --- purchases ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NamedAward:
    """An award with the name of the rule that gave it, for receipts and their responses."""

    award: Award
    rule_name: str


def _any_mentions(specs: Sequence[RuleSpec], field: str) -> bool:
    return any(mentions(spec.condition, field) or mentions(spec.effect, field) for spec in specs)


def earn_for_purchase(*, session: Session, program: Program, member: Member, lines: Sequence[LineFacts],
                      total_minor: int, channel: str, store: str | None, occurred_at: datetime,
                      is_first_purchase: Callable[[], bool]) -> list[NamedAward]:
    """The awards the active purchase rules give `member` for a receipt, after caps (used up
    here, in the caller's transaction). The caller posts them to the ledger with the purchase
    and keeps the per-line allocations for refunds. `is_first_purchase` is asked only when a
    rule's condition or line condition mentions it (it costs a query)."""
    specs = active_specs(session=session, program_id=program.id, trigger="purchase")
    if not specs:
        return []
    # Both cost a query, so they are looked up only when a rule asks for them (known per rule set).
    asks_first, asks_tier, asks_segments = config_cache.cached(session, program.id, "rules:purchase:asks", lambda: (
        _any_mentions(specs, "purchase.is_first_purchase"), _any_mentions(specs, "member.tier"),
        _any_mentions(specs, SEGMENTS_FIELD)))
    first = asks_first and is_first_purchase()
    tier_session = session if asks_tier else None
    facts = Facts(occurred_at=occurred_at, member=member_facts(member, program, occurred_at, session=tier_session,
                                                               segments_session=session if asks_segments else None),
                  purchase=purchase_facts(program, lines=lines, total_minor=total_minor, channel=channel, store=store,
                                          occurred_at=occurred_at, is_first_purchase=first))
    evaluation = evaluate(program=program, specs=specs, facts=facts, with_reasons=False)
    names = {spec.rule_id: spec.name for spec in specs}
    awards = apply_caps(session=session, program=program, member_id=member.id, evaluation=evaluation,
                        occurred_at=occurred_at)
    return [NamedAward(award=award, rule_name=names[award.rule_id or 0]) for award in awards]


# --- dry run -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DryRunRule:
    rule_id: int
    rule_version: int
    name: str
    unit: str
    matched: bool
    why: list[str]
    points: int
    awarded: int
    capped_by: list[str]
    line_allocations: dict[LineKey, int]


@dataclass(frozen=True)
class DryRun:
    rules: list[DryRunRule]
    totals: dict[str, int] = field(default_factory=dict)


def dry_run(*, session: Session, program: Program, member: Member | None, facts: PurchaseFacts) -> DryRun:
    """What the active purchase rules would give for `facts` now: each rule, whether it matched
    and why, its points before and after caps (read, never used up), and per line. Without a
    member, member fields are missing and per-member caps are not counted."""
    specs = active_specs(session=session, program_id=program.id, trigger="purchase")
    member_part = member_facts(member, program, facts.occurred_at, session=session, segments_session=session) \
        if member is not None else None
    evaluation = evaluate(program=program, specs=specs,
                          facts=Facts(occurred_at=facts.occurred_at, member=member_part, purchase=facts))
    caps = _PeekingCaps(session=session, member_id=member.id if member is not None else None,
                        day=clock.local_date(facts.occurred_at, program.timezone))
    rules = []
    totals: dict[str, int] = defaultdict(int)
    for item in _cap_results(evaluation, caps, ()):
        result = item.result
        rules.append(DryRunRule(
            rule_id=result.rule_id, rule_version=result.rule.version, name=result.rule.name, unit=result.unit,
            matched=result.matched, why=list(result.why), points=result.points, awarded=item.points,
            capped_by=list(item.capped_by), line_allocations=item.line_allocations,
        ))
        if item.points:
            totals[result.unit] += item.points
    return DryRun(rules=rules, totals=dict(totals))


# --- awards for enrolment, birthdays and custom events --------------------------------------

TRIGGER_REASONS = {"enrolment": "enrolment", "birthday": "birthday"}


@dataclass(frozen=True)
class TriggerResult:
    awards: list[Award]
    posting: EarnPosting
    evaluation: Evaluation

    @property
    def transaction_id(self) -> int | None:
        return self.posting.transaction_id


def award_trigger(*, session: Session, program: Program, member: Member, trigger: str, facts: Facts,
                  occurred_at: datetime, actor: str, event_type: str | None = None,
                  grant_key: str | None = None) -> TriggerResult:
    """Evaluate the trigger's active rules for the member, apply caps, and post the awards as
    one ledger transaction, available at once (no purchase, so no return window). `grant_key`
    ("birthday:2026") makes the award once-only per member and rule: a second call with the
    same key gives nothing."""
    specs = active_specs(session=session, program_id=program.id, trigger=trigger, event_type=event_type)
    evaluation = evaluate(program=program, specs=specs, facts=facts)
    awards = apply_caps(session=session, program=program, member_id=member.id, evaluation=evaluation,
                        occurred_at=occurred_at, grant_keys=[grant_key] if grant_key else [])
    reason = TRIGGER_REASONS.get(trigger, f"{trigger}: {event_type}" if event_type else trigger)
    posting = ledger.earn(session=session, program=program, member_id=member.id, awards=awards,
                          occurred_at=occurred_at, actor=actor, purchase_id=None, reason=reason)
    return TriggerResult(awards=awards, posting=posting, evaluation=evaluation)


def award_enrolment(*, session: Session, program: Program, member: Member, actor: str) -> TriggerResult:
    """The enrolment rules' awards for a member just enrolled; once per member and rule."""
    at = member.enrolled_at
    return award_trigger(session=session, program=program, member=member, trigger="enrolment",
                         facts=Facts(occurred_at=at, member=member_facts(member, program, at, session=session)),
                         occurred_at=at, actor=actor, grant_key="enrolment")


def award_birthdays(*, session: Session, program: Program, on: date, actor: str) -> int:
    """Birthday awards for the active members born on `on` (the program's local date; Feb 29
    birthdays count on Feb 28 in common years); the number of members awarded.

    Once per member, rule and year (grant "birthday:YYYY"): running it again, or twice at the
    same time, gives nothing more.
    """
    specs = active_specs(session=session, program_id=program.id, trigger="birthday")
    if not specs:
        return 0
    grant_key = f"birthday:{on.year}"
    tier_session = session if _any_mentions(specs, "member.tier") else None
    segments_session = session if _any_mentions(specs, SEGMENTS_FIELD) else None
    awarded = 0
    after_id = 0
    while True:
        page = repository.members_with_birthday(session, program_id=program.id,
                                                month_days=domain.birthday_month_days(on), after_id=after_id,
                                                limit=BIRTHDAY_PAGE)
        for member in page:
            at = clock.now()
            evaluation = evaluate(program=program, specs=specs, with_reasons=False,
                                  facts=Facts(occurred_at=at, member=member_facts(
                                      member, program, at, session=tier_session,
                                      segments_session=segments_session)))
            awards = apply_caps(session=session, program=program, member_id=member.id, evaluation=evaluation,
                                occurred_at=at, grant_keys=[grant_key])
            if awards:
                ledger.earn(session=session, program=program, member_id=member.id, awards=awards, occurred_at=at,
                            actor=actor, reason="birthday")
                awarded += 1
        if len(page) < BIRTHDAY_PAGE:
            return awarded
        after_id = page[-1].id


def record_custom_event(*, session: Session, program: Program, member: Member, event_type: str,
                        occurred_at: datetime | None, payload: Mapping[str, Any], actor: str) -> TriggerResult:
    """A custom event on the member's timeline (`custom_event.received`) and the awards of the
    custom_event rules answering its type. A blocked member's events are refused."""
    members.ensure_active(member)
    at = occurred_at or clock.now()
    events.record(session=session, program_id=program.id, member_id=member.id, type="custom_event.received",
                  actor=actor, occurred_at=at, payload={"type": event_type, "payload": dict(payload)})
    asks_segments = _any_mentions(active_specs(session=session, program_id=program.id, trigger="custom_event",
                                               event_type=event_type), SEGMENTS_FIELD)
    facts = Facts(occurred_at=at, member=member_facts(member, program, at, session=session,
                                                      segments_session=session if asks_segments else None),
                  event=EventFacts(type=event_type, occurred_at=at, payload=dict(payload)))
    return award_trigger(session=session, program=program, member=member, trigger="custom_event",
                         event_type=event_type, facts=facts, occurred_at=at, actor=actor)
