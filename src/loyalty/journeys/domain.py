"""Journeys: the graph format and the state machine that walks it, with no database.

A journey's graph is JSON validated by `JourneyGraph` (Pydantic) and then by `check_graph`
(references, cycles, conditions), both reporting the field at fault (`steps[2].exits.yes`).

`advance` is the whole state machine: given a graph, the step an enrolment stands on and an
input (it enters, its wait's timer fired, an event arrived), it walks every step that needs no
waiting — actions, branches — until it reaches a wait or the end, and returns the steps it
passed, the actions to carry out in order, and where the enrolment now stands. The service
feeds it facts and persists the outcome; this module never reads a clock or a table.

The graph must be acyclic: an enrolment then passes each step at most once, so "enrolment and
step" names one action, which is how sending, awarding and issuing stay idempotent.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from loyalty.campaigns.domain import is_control
from loyalty.kernel import conditions
from loyalty.kernel.conditions import ANY, BOOL, LIST, FieldCatalog, FieldSpec
from loyalty.kernel.errors import Invalid
from loyalty.rules.domain import MEMBER_FIELDS, MEMBER_PREFIX

CHANNELS = ("email", "sms", "push", "inbox")
STEP_ID = r"^[a-z0-9][a-z0-9_-]{0,39}$"
MAX_STEPS = 100
TAGS_ATTRIBUTE = "tags"
MAX_CONTROL_SHARE = 0.9

ENTRY_PREFIX = "entry.payload."
EVENT_PREFIX = "event.payload."
ENGAGEMENT_PREFIX = "engagement."

# The member events a journey may enter on, wait for or take as its goal: the worker's
# "journeys" subscriber asks for exactly these, so a graph naming another type is refused.
JOURNEY_EVENT_TYPES = (
    "purchase.recorded", "purchase.refunded", "purchase.claimed", "member.enrolled", "member.updated",
    "member.birthday", "member.lapsed", "member.anniversary", "points.expiring_soon", "cart.updated",
    "cart.abandoned", "points.earned", "points.spent", "points.expired", "tier.changed", "reward.redeemed",
    "voucher.published", "voucher.redeemed", "referral.linked", "referral.rewarded",
    "custom_event.received", "card.registered", "consent.changed", "message.sent", "message.skipped",
    "message.delivered", "message.opened", "message.clicked", "segment.entered", "segment.left",
    "survey.answered", "review.submitted", "review.approved",
)

# Open states hold a place in the journey; the others are final.
ACTIVE, WAITING, COMPLETED, EXITED, CONVERTED = "active", "waiting", "completed", "exited", "converted"
OPEN_STATES = (ACTIVE, WAITING)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Duration(_Strict):
    days: int = Field(0, ge=0, le=3650)
    hours: int = Field(0, ge=0, le=10_000)
    minutes: int = Field(0, ge=0, le=100_000)
    seconds: int = Field(0, ge=0, le=1_000_000)

    @model_validator(mode="after")
    def _not_zero(self) -> Duration:
        if not self.delta:
            raise ValueError("a duration needs at least one of days, hours, minutes or seconds above 0")
        return self

    @property
    def delta(self) -> timedelta:
        return timedelta(days=self.days, hours=self.hours, minutes=self.minutes, seconds=self.seconds)


Condition = dict[str, Any]


# --- entry, re-entry, goal ------------------------------------------------------------------


class EventEntry(_Strict):
    type: Literal["event"]
    event_type: str = Field(min_length=1, max_length=100)
    condition: Condition | None = None


class ScheduleEntry(_Strict):
    """Every day at `time` (the program's timezone) each member whose fields satisfy `condition` enters."""

    type: Literal["schedule"]
    time: dt.time
    condition: Condition | None = None


class ApiEntry(_Strict):
    type: Literal["api"]


Entry = Annotated[EventEntry | ScheduleEntry | ApiEntry, Field(discriminator="type")]


class Reentry(_Strict):
    policy: Literal["never", "after_days", "always"] = "never"
    days: int | None = Field(None, ge=1, le=3650)

    @model_validator(mode="after")
    def _days_for_after_days(self) -> Reentry:
        if self.policy == "after_days" and self.days is None:
            raise ValueError("policy 'after_days' needs 'days'")
        if self.policy != "after_days" and self.days is not None:
            raise ValueError("'days' goes only with policy 'after_days'")
        return self


class Goal(_Strict):
    """An event that ends the enrolment as a conversion; `revenue_field` names the payload's
    amount in minor units (purchase.recorded's `total`).

    `window`, the attribution window, counts a conversion only when the goal comes within that
    time of the entry, and then also after the member finished the path (a member who completed
    a short journey and bought a week later converted; the control group, held out, is measured
    over the same window). Without it, only a member still in the journey converts."""

    event_type: str = Field(min_length=1, max_length=100)
    condition: Condition | None = None
    revenue_field: str | None = Field("total", max_length=100)
    window: Duration | None = None


class Holdout(_Strict):
    """The control group: `share` of the entrants (0 … 0.9) are held out — enrolled, but the
    journey does nothing to them — so that what it earned can be measured against them."""

    share: float = Field(0.0, ge=0, le=MAX_CONTROL_SHARE)


# --- steps ------------------------------------------------------------------------------------

StepId = Annotated[str, Field(pattern=STEP_ID)]


class _Step(_Strict):
    id: StepId
    label: str | None = Field(None, max_length=200)


class _Linear(_Step):
    next: StepId | None = None  # None: the journey ends here (completed)


class WaitStep(_Linear):
    """Wait for a duration, until a date (and time) or until the next time of day, in the program's timezone."""

    type: Literal["wait"]
    duration: Duration | None = None
    until_date: date | None = None
    until_time: time | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> WaitStep:
        given = [name for name in ("duration", "until_date") if getattr(self, name) is not None]
        if self.until_time is not None and self.until_date is None:
            given.append("until_time")
        if len(given) != 1:
            raise ValueError("give exactly one of 'duration', 'until_date' (optionally with 'until_time') "
                             "or 'until_time'")
        return self


class EventExits(_Strict):
    event: StepId | None = None
    timeout: StepId | None = None


class WaitForEventStep(_Step):
    type: Literal["wait_for_event"]
    event_type: str = Field(min_length=1, max_length=100)
    condition: Condition | None = None
    timeout: Duration
    exits: EventExits = EventExits()


class BranchExits(_Strict):
    yes: StepId | None = None
    no: StepId | None = None


class BranchStep(_Step):
    type: Literal["branch"]
    condition: Condition
    exits: BranchExits = BranchExits()


class SendMessageStep(_Linear):
    type: Literal["send_message"]
    channel: Literal["email", "sms", "push", "inbox"] = "email"
    # The member attribute naming their preferred channel; `channel` when it is unset or unknown.
    channel_attribute: str | None = Field(None, min_length=1, max_length=64)
    template_key: str = Field(min_length=1, max_length=100)
    context: dict[str, Any] = Field(default_factory=dict)


class AwardPointsStep(_Linear):
    type: Literal["award_points"]
    points: int = Field(ge=1, le=10_000_000)
    unit: str | None = Field(None, max_length=32)  # the program's first unit when None
    reason: str | None = Field(None, max_length=200)


class IssueCouponStep(_Linear):
    type: Literal["issue_coupon"]
    voucher_campaign_id: int = Field(ge=1)


class TagStep(_Linear):
    type: Literal["tag", "untag"]
    tag: str = Field(min_length=1, max_length=64)


class SetAttributeStep(_Linear):
    """Set member attribute `name` to `value`, or to the fact `value_from` names
    (`event.payload.answers.channel`: a survey's answer); a missing fact sets nothing."""

    type: Literal["set_attribute"]
    name: str = Field(min_length=1, max_length=64)
    value: Any = None
    value_from: str | None = Field(None, max_length=200)

    @model_validator(mode="after")
    def _one_source(self) -> SetAttributeStep:
        if (self.value is None) == (self.value_from is None):
            raise ValueError("give exactly one of 'value' and 'value_from'")
        return self


class CallWebhookStep(_Linear):
    type: Literal["call_webhook"]
    payload: dict[str, Any] = Field(default_factory=dict)


class ExitStep(_Step):
    type: Literal["exit"]


Step = Annotated[
    WaitStep | WaitForEventStep | BranchStep | SendMessageStep | AwardPointsStep | IssueCouponStep | TagStep
    | SetAttributeStep | CallWebhookStep | ExitStep,
    Field(discriminator="type"),
]
ACTION_TYPES = ("send_message", "award_points", "issue_coupon", "tag", "untag", "set_attribute", "call_webhook")


class JourneyGraph(_Strict):
    entry: Entry
    reentry: Reentry = Reentry()
    goal: Goal | None = None
    holdout: Holdout | None = None
    start: StepId
    steps: list[Step] = Field(min_length=1, max_length=MAX_STEPS)

    @field_validator("steps")
    @classmethod
    def _unique_ids(cls, steps: list[Any]) -> list[Any]:
        seen: set[str] = set()
        for step in steps:
            if step.id in seen:
                raise ValueError(f"step id '{step.id}' is used twice")
            seen.add(step.id)
        return steps

    def step(self, step_id: str) -> Any:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)


# --- checking a graph -------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str


class GraphInvalid(Invalid):
    """A graph that cannot be saved: every problem found, each with the field at fault."""

    code = "invalid_journey"

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        first = problems[0]
        super().__init__(f"{first.field}: {first.message}" if first.field else first.message, field=first.field,
                         details={"problems": [{"field": p.field, "message": p.message} for p in problems]})
        self.problems = list(problems)


def _member_catalog(*extra_prefixes: str, extra: Mapping[str, FieldSpec] | None = None) -> FieldCatalog:
    return FieldCatalog({**MEMBER_FIELDS, **(extra or {})}, (MEMBER_PREFIX, *extra_prefixes))


ENTRY_CATALOG = _member_catalog(EVENT_PREFIX, extra={"event.type": FieldSpec("string", "the event's type")})
SCHEDULE_CATALOG = _member_catalog()
BRANCH_CATALOG = _member_catalog(ENTRY_PREFIX, EVENT_PREFIX, ENGAGEMENT_PREFIX)


def parse_graph(document: Any) -> JourneyGraph:
    """The graph in `document` (parsed JSON), or GraphInvalid naming each field at fault."""
    try:
        graph = JourneyGraph.model_validate(document)
    except ValidationError as error:
        raise GraphInvalid([FieldProblem(_loc(err["loc"]), _message(err)) for err in error.errors()]) from None
    check_graph(graph)
    return graph


def _loc(loc: Sequence[Any]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part in ("event", "schedule", "api") and path == "entry":
            continue  # the discriminator's tag is not a field the user wrote
        elif re.fullmatch(r"[a-z_]+", str(part)) and str(part) in _STEP_TAGS and path.endswith("]"):
            continue
        else:
            path += f".{part}" if path else str(part)
    return path


_STEP_TAGS = {"wait", "wait_for_event", "branch", "send_message", "award_points", "issue_coupon", "tag", "untag",
              "set_attribute", "call_webhook", "exit"}


def _message(error: Mapping[str, Any]) -> str:
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def check_graph(graph: JourneyGraph) -> None:
    """References, reachability, no cycles, and each condition against its field catalog."""
    problems: list[FieldProblem] = []
    ids = {step.id: index for index, step in enumerate(graph.steps)}
    if graph.start not in ids:
        problems.append(FieldProblem("start", f"no step has id '{graph.start}'"))
    for index, step in enumerate(graph.steps):
        for exit_name, target in _exits(step):
            if target is not None and target not in ids:
                where = f"steps[{index}].{'next' if exit_name == 'next' else 'exits.' + exit_name}"
                problems.append(FieldProblem(where, f"no step has id '{target}'"))
    if not problems:
        cycle = _find_cycle(graph)
        if cycle:
            problems.append(FieldProblem(f"steps[{ids[cycle[0]]}]",
                                         "the steps loop back: " + " → ".join(cycle) + " (a journey must not "
                                         "revisit a step)"))
        reachable = _reachable(graph)
        for index, step in enumerate(graph.steps):
            if step.id not in reachable:
                problems.append(FieldProblem(f"steps[{index}].id", f"step '{step.id}' cannot be reached from "
                                                                    f"the start '{graph.start}'"))
    problems.extend(_event_type_problems(graph))
    if control_share(graph) > 0 and (graph.goal is None or graph.goal.window is None):
        problems.append(FieldProblem("holdout.share", "a control group needs a goal with a 'window' (the "
                                                      "attribution window both groups are measured over)"))
    message_steps = {step.id for step in graph.steps if step.type == "send_message"}
    checks: list[tuple[Any, FieldCatalog, str]] = []
    if isinstance(graph.entry, EventEntry | ScheduleEntry) and graph.entry.condition is not None:
        catalog = ENTRY_CATALOG if isinstance(graph.entry, EventEntry) else SCHEDULE_CATALOG
        checks.append((graph.entry.condition, catalog, "entry.condition"))
    if graph.goal is not None and graph.goal.condition is not None:
        checks.append((graph.goal.condition, ENTRY_CATALOG, "goal.condition"))
    for index, step in enumerate(graph.steps):
        if isinstance(step, BranchStep | WaitForEventStep) and step.condition is not None:
            catalog = BRANCH_CATALOG if isinstance(step, BranchStep) else ENTRY_CATALOG
            checks.append((step.condition, catalog, f"steps[{index}].condition"))
        if isinstance(step, SetAttributeStep) and step.value_from is not None:
            try:
                conditions.check_field(step.value_from, BRANCH_CATALOG, path=f"steps[{index}].value_from")
            except conditions.ConditionError as error:
                problems.append(FieldProblem(error.path, error.message))
    for tree, catalog, path in checks:
        try:
            conditions.validate(tree, catalog, path=path)
        except conditions.ConditionError as error:
            problems.append(FieldProblem(error.path, error.message))
            continue
        problems.extend(_engagement_problems(tree, path, message_steps))
    if problems:
        raise GraphInvalid(problems)


def _event_type_problems(graph: JourneyGraph) -> list[FieldProblem]:
    named: list[tuple[str, str]] = []
    if isinstance(graph.entry, EventEntry):
        named.append(("entry.event_type", graph.entry.event_type))
    if graph.goal is not None:
        named.append(("goal.event_type", graph.goal.event_type))
    named.extend((f"steps[{index}].event_type", step.event_type) for index, step in enumerate(graph.steps)
                 if isinstance(step, WaitForEventStep))
    found = []
    for path, event_type in named:
        if event_type not in JOURNEY_EVENT_TYPES:
            suggestion = difflib.get_close_matches(event_type, JOURNEY_EVENT_TYPES, n=1)
            hint = f" (did you mean '{suggestion[0]}'?)" if suggestion else ""
            found.append(FieldProblem(path, f"journeys do not react to '{event_type}'{hint}; "
                                            "the event types they know are listed in docs/journeys.md"))
    return found


def _engagement_problems(tree: Any, path: str, message_steps: set[str]) -> list[FieldProblem]:
    found: list[FieldProblem] = []
    for name in _fields(tree):
        if not name.startswith(ENGAGEMENT_PREFIX):
            continue
        parts = name[len(ENGAGEMENT_PREFIX):].split(".")
        if len(parts) != 2 or parts[1] not in ("opened", "clicked"):
            found.append(FieldProblem(path, f"'{name}': engagement fields are 'engagement.<step>.opened' "
                                            "(true/false) and 'engagement.<step>.clicked' (the links clicked)"))
        elif parts[0] not in message_steps:
            found.append(FieldProblem(path, f"'{name}': no send_message step has id '{parts[0]}'"))
    return found


def _fields(tree: Any) -> list[str]:
    if isinstance(tree, dict):
        names = [tree["field"]] if isinstance(tree.get("field"), str) else []
        return names + [name for value in tree.values() for name in _fields(value)]
    if isinstance(tree, list):
        return [name for item in tree for name in _fields(item)]
    return []


def _exits(step: Any) -> list[tuple[str, str | None]]:
    if isinstance(step, BranchStep):
        return [("yes", step.exits.yes), ("no", step.exits.no)]
    if isinstance(step, WaitForEventStep):
        return [("event", step.exits.event), ("timeout", step.exits.timeout)]
    if isinstance(step, ExitStep):
        return []
    return [("next", step.next)]


def exits_of(step: Any) -> list[tuple[str, str | None]]:
    """A step's named exits and where each leads (None: the journey ends there)."""
    return _exits(step)


def _reachable(graph: JourneyGraph) -> set[str]:
    seen: set[str] = set()
    todo = [graph.start]
    while todo:
        step_id = todo.pop()
        if step_id in seen:
            continue
        seen.add(step_id)
        todo.extend(target for _, target in _exits(graph.step(step_id)) if target is not None)
    return seen


def _find_cycle(graph: JourneyGraph) -> list[str]:
    colour: dict[str, int] = {}
    path: list[str] = []

    def visit(step_id: str) -> list[str]:
        colour[step_id] = 1
        path.append(step_id)
        for _, target in _exits(graph.step(step_id)):
            if target is None:
                continue
            if colour.get(target) == 1:
                return [*path[path.index(target):], target]
            if target not in colour:
                found = visit(target)
                if found:
                    return found
        path.pop()
        colour[step_id] = 2
        return []

    for step in graph.steps:
        if step.id not in colour:
            found = visit(step.id)
            if found:
                return found
    return []


# --- entering ---------------------------------------------------------------------------------


def entry_matches(graph: JourneyGraph, *, event_type: str, facts: Mapping[str, Any]) -> bool:
    entry = graph.entry
    if not isinstance(entry, EventEntry) or entry.event_type != event_type:
        return False
    return entry.condition is None or conditions.evaluate(entry.condition, facts)


def goal_reached(graph: JourneyGraph, *, event_type: str, facts: Mapping[str, Any]) -> bool:
    goal = graph.goal
    if goal is None or goal.event_type != event_type:
        return False
    return goal.condition is None or conditions.evaluate(goal.condition, facts)


def goal_revenue(graph: JourneyGraph, payload: Mapping[str, Any]) -> int | None:
    """The conversion's revenue in minor units, read from the goal event's payload."""
    if graph.goal is None or graph.goal.revenue_field is None:
        return None
    value: Any = payload
    for part in graph.goal.revenue_field.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def control_share(graph: JourneyGraph) -> float:
    return graph.holdout.share if graph.holdout is not None else 0.0


def held_out(graph: JourneyGraph, *, seed: str, member_id: int) -> bool:
    """Whether a member entering this version is in the control group: the place the journey's
    seed gives them (a hash, the same one campaigns use) is below the share. The seed never
    changes, so a member entering again lands in the same group while the share stays."""
    share = control_share(graph)
    return share > 0 and is_control(seed, member_id, share)


def conversion_deadline(graph: JourneyGraph, *, entered_at: datetime) -> datetime | None:
    """Until when a goal counts for an enrolment entered at `entered_at`: None without a window."""
    if graph.goal is None or graph.goal.window is None:
        return None
    return entered_at + graph.goal.window.delta


@dataclass(frozen=True)
class PastEnrolment:
    state: str
    entered_at: datetime


def may_enter(reentry: Reentry, past: Sequence[PastEnrolment], *, now: datetime) -> bool:
    """Whether a member with these enrolments (of any version) may enter again now.

    Never twice at once, whatever the policy; `never`: not after any earlier enrolment;
    `after_days`: not before `days` have passed since the latest entry."""
    if any(enrolment.state in OPEN_STATES for enrolment in past):
        return False
    if not past or reentry.policy == "always":
        return True
    if reentry.policy == "never":
        return False
    latest = max(enrolment.entered_at for enrolment in past)
    return now - latest >= timedelta(days=reentry.days or 0)


# --- the state machine ------------------------------------------------------------------------


@dataclass(frozen=True)
class Enter:
    """The member enters the journey at its start."""


@dataclass(frozen=True)
class TimerFired:
    """The wait the enrolment stands on is over (for wait_for_event: its timeout)."""


@dataclass(frozen=True)
class EventArrived:
    event_type: str


Input = Enter | TimerFired | EventArrived


@dataclass(frozen=True)
class Action:
    """Something to do on the way: `kind` is the step's type, `params` what it needs, resolved."""

    step_id: str
    kind: str
    params: dict[str, Any]


@dataclass(frozen=True)
class Visit:
    """A step the enrolment passed (or stopped at), and the exit it took (None while waiting)."""

    step_id: str
    step_type: str
    exit: str | None


@dataclass(frozen=True)
class Outcome:
    state: str  # waiting | completed | exited
    step_id: str | None  # the step it stands on (a wait) or the last it passed
    visits: tuple[Visit, ...] = ()
    actions: tuple[Action, ...] = ()
    wait_until: datetime | None = None
    waiting_for: str | None = None


@dataclass(frozen=True)
class Clock:
    now: datetime
    timezone: str


@dataclass
class _Walk:
    facts: dict[str, Any]
    visits: list[Visit] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


def advance(graph: JourneyGraph, *, current_step: str | None, given: Input, facts: Mapping[str, Any],
            clock: Clock) -> Outcome | None:
    """Where an enrolment goes on `given`, and the actions on the way.

    `current_step` is None only with Enter. An event that is not the one the current step waits
    for (or fails its condition) answers None: nothing moves. `facts` are the member's fields,
    `entry.payload.*`, `event.payload.*` (the event just arrived) and `engagement.<step>.*`.
    """
    walk = _Walk(facts=dict(facts))
    if isinstance(given, Enter):
        return _run(graph, graph.start, walk, clock)
    if current_step is None:
        raise ValueError("only Enter starts without a current step")
    step = graph.step(current_step)
    if isinstance(step, WaitStep):
        if not isinstance(given, TimerFired):
            return None
        walk.visits.append(Visit(step.id, step.type, "next"))
        return _run(graph, step.next, walk, clock)
    if isinstance(step, WaitForEventStep):
        if isinstance(given, TimerFired):
            exit_name, target = "timeout", step.exits.timeout
        elif given.event_type == step.event_type and (step.condition is None
                                                      or conditions.evaluate(step.condition, walk.facts)):
            exit_name, target = "event", step.exits.event
        else:
            return None
        walk.visits.append(Visit(step.id, step.type, exit_name))
        return _run(graph, target, walk, clock)
    raise ValueError(f"step '{current_step}' is not a wait: an enrolment cannot stand on it")


def _run(graph: JourneyGraph, step_id: str | None, walk: _Walk, clock: Clock) -> Outcome:
    last = walk.visits[-1].step_id if walk.visits else None
    for _ in range(len(graph.steps) + 1):  # acyclic: each step at most once
        if step_id is None:
            return _final(COMPLETED, last, walk)
        step = graph.step(step_id)
        last = step.id
        if isinstance(step, ExitStep):
            walk.visits.append(Visit(step.id, step.type, None))
            return _final(EXITED, step.id, walk)
        if isinstance(step, WaitStep):
            until = wait_until(step, clock)
            if until > clock.now:
                walk.visits.append(Visit(step.id, step.type, None))
                return _final(WAITING, step.id, walk, wait_until=until)
            walk.visits.append(Visit(step.id, step.type, "next"))  # a date already past waits for nothing
            step_id = step.next
            continue
        if isinstance(step, WaitForEventStep):
            walk.visits.append(Visit(step.id, step.type, None))
            return _final(WAITING, step.id, walk, wait_until=clock.now + step.timeout.delta,
                          waiting_for=step.event_type)
        if isinstance(step, BranchStep):
            holds = conditions.evaluate(step.condition, walk.facts)
            walk.visits.append(Visit(step.id, step.type, "yes" if holds else "no"))
            step_id = step.exits.yes if holds else step.exits.no
            continue
        action = _action(step, walk.facts)
        if action is not None:
            walk.actions.append(action)
        walk.visits.append(Visit(step.id, step.type, "next"))
        step_id = step.next
    raise ValueError("the graph loops")  # check_graph refuses such a graph; never reached for a saved one


def _final(state: str, step_id: str | None, walk: _Walk, *, wait_until: datetime | None = None,
           waiting_for: str | None = None) -> Outcome:
    return Outcome(state=state, step_id=step_id, visits=tuple(walk.visits), actions=tuple(walk.actions),
                   wait_until=wait_until, waiting_for=waiting_for)


def _action(step: Any, facts: dict[str, Any]) -> Action | None:
    """The step's action with its parameters resolved against the facts; a set_attribute or tag
    also changes the facts, so a branch further on sees the new value."""
    if isinstance(step, SendMessageStep):
        channel = step.channel
        if step.channel_attribute is not None:
            preferred = facts.get(MEMBER_PREFIX + step.channel_attribute)
            if preferred in CHANNELS:
                channel = preferred
        return Action(step.id, step.type, {"channel": channel, "template_key": step.template_key,
                                           "context": dict(step.context)})
    if isinstance(step, AwardPointsStep):
        return Action(step.id, step.type, {"points": step.points, "unit": step.unit, "reason": step.reason})
    if isinstance(step, IssueCouponStep):
        return Action(step.id, step.type, {"voucher_campaign_id": step.voucher_campaign_id})
    if isinstance(step, TagStep):
        tags = facts.get(MEMBER_PREFIX + TAGS_ATTRIBUTE)
        current = [tag for tag in tags if isinstance(tag, str)] if isinstance(tags, list) else []
        if step.type == "tag":
            updated = current if step.tag in current else [*current, step.tag]
        else:
            updated = [tag for tag in current if tag != step.tag]
        facts[MEMBER_PREFIX + TAGS_ATTRIBUTE] = updated
        return Action(step.id, step.type, {"tag": step.tag})
    if isinstance(step, SetAttributeStep):
        value = step.value if step.value_from is None else facts.get(step.value_from)
        if value is None:
            return None
        facts[MEMBER_PREFIX + step.name] = value
        return Action(step.id, step.type, {"name": step.name, "value": value})
    if isinstance(step, CallWebhookStep):
        return Action(step.id, step.type, {"payload": dict(step.payload)})
    raise ValueError(f"unknown step type {step.type}")


def wait_until(step: WaitStep, clock: Clock) -> datetime:
    """When a wait entered at `clock.now` ends; dates and times of day are the program's local ones."""
    if step.duration is not None:
        return clock.now + step.duration.delta
    zone = ZoneInfo(clock.timezone)
    if step.until_date is not None:
        at = step.until_time or time(0, 0)
        return datetime.combine(step.until_date, at, tzinfo=zone).astimezone(clock.now.tzinfo)
    assert step.until_time is not None
    local_now = clock.now.astimezone(zone)
    candidate = datetime.combine(local_now.date(), step.until_time, tzinfo=zone)
    if candidate <= local_now:
        candidate = datetime.combine(local_now.date() + timedelta(days=1), step.until_time, tzinfo=zone)
    return candidate.astimezone(clock.now.tzinfo)


def schedule_due(entry: ScheduleEntry, *, now: datetime, timezone: str, last_run_on: date | None) -> date | None:
    """The local date a daily schedule should run for now, or None when today's run is done or not yet due."""
    local_now = now.astimezone(ZoneInfo(timezone))
    if local_now.time() < entry.time or last_run_on == local_now.date():
        return None
    return local_now.date()


# --- facts ------------------------------------------------------------------------------------


def flatten(prefix: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """`{"a": {"b": 1}}` under "p." gives "p.a" (the object) and "p.a.b"."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        name = f"{prefix}{key}"
        out[name] = value
        if isinstance(value, Mapping):
            out.update(flatten(f"{name}.", value))
    return out


@dataclass(frozen=True)
class Engagement:
    """What the member did with the message one step sent."""

    opened: bool = False
    clicked: tuple[str, ...] = ()  # link names


def engagement_facts(by_step: Mapping[str, Engagement]) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    for step_id, engagement in by_step.items():
        # A click implies the message was opened, even when the open pixel was blocked.
        facts[f"{ENGAGEMENT_PREFIX}{step_id}.opened"] = engagement.opened or bool(engagement.clicked)
        facts[f"{ENGAGEMENT_PREFIX}{step_id}.clicked"] = list(engagement.clicked)
    return facts


def engagement_steps_used(graph: JourneyGraph) -> set[str]:
    """The send_message steps whose engagement some branch looks at: only those are looked up."""
    used: set[str] = set()
    for step in graph.steps:
        if isinstance(step, BranchStep):
            for name in _fields(step.condition):
                if name.startswith(ENGAGEMENT_PREFIX):
                    used.add(name[len(ENGAGEMENT_PREFIX):].split(".")[0])
    return used


def message_steps(graph: JourneyGraph) -> list[str]:
    return [step.id for step in graph.steps if isinstance(step, SendMessageStep)]


# Types for documentation and the editor's field list.
ENGAGEMENT_SPECS = {"opened": FieldSpec(BOOL, "the member opened (or clicked in) the message"),
                    "clicked": FieldSpec(LIST, "the names of the links the member clicked")}
PAYLOAD_SPEC = FieldSpec(ANY, "a field of the event's payload")
