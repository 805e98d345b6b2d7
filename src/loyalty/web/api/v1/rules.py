"""Earning rules: define them, version them, switch them on and off, and try them on a receipt."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from loyalty.auth.scopes import grants
from loyalty.kernel import clock
from loyalty.kernel.errors import Forbidden
from loyalty.members import service as members
from loyalty.members.schemas import MAX_ID
from loyalty.rules import service
from loyalty.rules.domain import LineFacts
from loyalty.rules.schemas import (
    DryRunRead,
    DryRunRequest,
    DryRunRuleRead,
    LinePoints,
    RuleCreate,
    RuleDetailRead,
    RuleRead,
    RuleUpdate,
)
from loyalty.web.deps import ApiContext, require
from loyalty.web.errors import declared
from loyalty.web.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, cursor_key

router = APIRouter(tags=["earning rules"])
Reader = Annotated[ApiContext, Depends(require("rules:read"))]
Writer = Annotated[ApiContext, Depends(require("rules:write"))]
RuleId = Annotated[int, Path(ge=1, le=MAX_ID, description="The rule's id.")]


# What a rule is refused for, created or changed.
RULE_REFUSALS = (
    '422 `invalid_condition`: the condition tree is not valid (the path is in `field`)',
    '422 `unknown_tier`: a condition names a tier level the program lacks (`details.known`)',
    '422 `unknown_unit`: the effect names a unit the program lacks',
    '422 `invalid_rule`: the rule does not hold together (`message` says why)',
    '422 `invalid_effect`: the effect is not valid for the rule',
)


@router.post("/rules", response_model=RuleRead, status_code=201, responses=declared(*RULE_REFUSALS))
def create_rule(body: RuleCreate, context: Writer) -> RuleRead:
    """A new rule, active at once, at version 1. A condition or effect that does not fit the
    trigger is 422 naming the bad part (`condition.all[1].op`, `effect.per_minor`).
    A `member.tier` comparison naming a code the program has no tier level for is 422
    `unknown_tier` (the value's path in `field`, the program's codes in `details.known`)."""
    with context.write() as session:
        rule = service.create_rule(session=session, program=context.program, data=body, actor=context.actor)
        return service.rule_read(session=session, rule=rule)


class RulePage(Page[RuleRead]):
    """Earning rules, oldest first."""


@router.get("/rules", response_model=RulePage)
def list_rules(context: Reader, is_active: bool | None = None, cursor: Cursor = None,
               limit: Limit = DEFAULT_LIMIT) -> RulePage:
    """The program's rules with their current versions, oldest first; `is_active` filters."""
    with context.read() as session:
        rules = service.list_rules(session=session, program_id=context.program_id, is_active=is_active,
                                   after_id=cursor_key(cursor), limit=limit)
        return RulePage.of(rules.map_all(lambda page: service.rule_reads(session=session, rules=page)))


@router.post("/rules/dry-run", response_model=DryRunRead, responses={**declared(
        '404 `member_not_found`: the member named is not in this program',
        "422 `invalid_condition`: a draft rule's condition tree is not valid",
        '422 `unknown_tier`: a draft rule names a tier level the program lacks',
        '422 `unknown_unit`: a draft rule names a unit the program lacks'),
    403: {"description": (
    "`missing_scope`: the key lacks `rules:read`, or names a `member` without `members:read` (the answer would "
    "tell whether someone is a member, and what their facts are).")}})
def dry_run_rules(body: DryRunRequest, context: Reader) -> DryRunRead:
    """Which active purchase rules a receipt would match and why, and the points each would
    give, in total and per line, after caps. Nothing is saved and no cap is used up. Naming a
    `member` also takes the `members:read` scope."""
    purchase = body.purchase
    if body.member is not None and not grants(list(context.scopes), "members:read"):
        raise Forbidden("A dry run for a member needs the 'members:read' scope too.", code="missing_scope",
                        field="member", details={"required_scope": "members:read"})
    with context.read() as session:
        member = None
        if body.member is not None:
            member = members.find_member(session=session, program_id=context.program_id, ref=body.member)
        facts = service.purchase_facts(
            context.program,
            lines=[LineFacts(line_no=number, sku=line.sku, name=line.name, category=line.category,
                             quantity=line.quantity, unit_price_minor=line.unit_price, amount_minor=line.amount)
                   for number, line in enumerate(purchase.lines, start=1)],
            total_minor=purchase.total_minor, channel=purchase.channel, store=purchase.store,
            occurred_at=purchase.occurred_at or clock.now(), is_first_purchase=purchase.is_first_purchase,
        )
        result = service.dry_run(session=session, program=context.program, member=member, facts=facts)
    return DryRunRead(
        rules=[DryRunRuleRead(
            rule_id=rule.rule_id, rule_version=rule.rule_version, name=rule.name, unit=rule.unit,
            matched=rule.matched, why=rule.why, points=rule.points, awarded=rule.awarded, capped_by=rule.capped_by,
            lines=[LinePoints(line_no=line_no, points=points)
                   for line_no, points in sorted(rule.line_allocations.items(), key=lambda item: item[0] or 0)],
        ) for rule in result.rules],
        totals=result.totals,
    )


@router.get("/rules/{rule_id:int}", response_model=RuleDetailRead)
def read_rule(rule_id: RuleId, context: Reader) -> RuleDetailRead:
    """The rule, its current fields, and every version it has had."""
    with context.read() as session:
        return service.rule_detail(session=session, program_id=context.program_id, rule_id=rule_id)


@router.patch("/rules/{rule_id:int}", response_model=RuleRead, responses=declared(*RULE_REFUSALS))
def update_rule(rule_id: RuleId, body: RuleUpdate, context: Writer) -> RuleRead:
    """Change any of the rule's fields: a new version, in force from now. Old versions stay as
    they were, and points already given keep naming the version that gave them.
    A `member.tier` comparison naming a code the program has no tier level for is 422
    `unknown_tier` (the value's path in `field`, the program's codes in `details.known`)."""
    with context.write() as session:
        rule = service.update_rule(session=session, program=context.program, rule_id=rule_id, data=body,
                                   actor=context.actor)
        return service.rule_read(session=session, rule=rule)


@router.post("/rules/{rule_id:int}/deactivate", response_model=RuleRead)
def deactivate_rule(rule_id: RuleId, context: Writer) -> RuleRead:
    """Stop the rule from giving anything (its history stays)."""
    with context.write() as session:
        rule = service.set_rule_active(session=session, program=context.program, rule_id=rule_id, is_active=False,
                                       actor=context.actor)
        return service.rule_read(session=session, rule=rule)


@router.post("/rules/{rule_id:int}/activate", response_model=RuleRead)
def activate_rule(rule_id: RuleId, context: Writer) -> RuleRead:
    """Put a deactivated rule back in force."""
    with context.write() as session:
        rule = service.set_rule_active(session=session, program=context.program, rule_id=rule_id, is_active=True,
                                       actor=context.actor)
        return service.rule_read(session=session, rule=rule)
