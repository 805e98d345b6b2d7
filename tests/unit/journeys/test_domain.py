"""The journey state machine and graph checks, with no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from loyalty.journeys import domain
from loyalty.journeys.domain import Clock, Enter, EventArrived, GraphInvalid, PastEnrolment, TimerFired

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # 11:00 in Warsaw
CLOCK = Clock(now=NOW, timezone="Europe/Warsaw")


def graph(*steps: dict[str, Any], start: str | None = None, **top: Any) -> domain.JourneyGraph:
    document = {"entry": {"type": "event", "event_type": "purchase.recorded"}, "start": start or steps[0]["id"],
                "steps": list(steps), **top}
    return domain.parse_graph(document)


def problems(document: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(GraphInvalid) as caught:
        domain.parse_graph(document)
    return {problem.field: problem.message for problem in caught.value.problems}


PRODUCT_PATH = graph(
    {"id": "welcome", "type": "send_message", "template_key": "welcome", "next": "wait7"},
    {"id": "wait7", "type": "wait", "duration": {"days": 7}, "next": "content"},
    {"id": "content", "type": "send_message", "template_key": "content", "channel_attribute": "preferred_channel",
     "next": "wait2"},
    {"id": "wait2", "type": "wait", "duration": {"days": 2}, "next": "clicked"},
    {"id": "clicked", "type": "branch",
     "condition": {"field": "engagement.content.clicked", "op": "contains", "value": "accessories"},
     "exits": {"yes": "discount", "no": None}},
    {"id": "discount", "type": "issue_coupon", "voucher_campaign_id": 7, "next": "done"},
    {"id": "done", "type": "exit"},
)


# --- walking ------------------------------------------------------------------------------------


def test_entering_runs_the_first_actions_and_stops_at_the_first_wait() -> None:
    outcome = domain.advance(PRODUCT_PATH, current_step=None, given=Enter(), facts={}, clock=CLOCK)

    assert outcome is not None
    assert outcome.state == "waiting" and outcome.step_id == "wait7"
    assert outcome.wait_until == NOW + timedelta(days=7) and outcome.waiting_for is None
    assert [(a.step_id, a.kind, a.params["template_key"]) for a in outcome.actions] == [
        ("welcome", "send_message", "welcome")]
    assert [(v.step_id, v.exit) for v in outcome.visits] == [("welcome", "next"), ("wait7", None)]


def test_an_event_does_not_move_a_member_waiting_for_time() -> None:
    assert domain.advance(PRODUCT_PATH, current_step="wait7", given=EventArrived("purchase.recorded"), facts={},
                          clock=CLOCK) is None


def test_the_timer_sends_the_content_on_the_members_preferred_channel() -> None:
    outcome = domain.advance(PRODUCT_PATH, current_step="wait7", given=TimerFired(),
                             facts={"member.attributes.preferred_channel": "sms"}, clock=CLOCK)

    assert outcome is not None and outcome.step_id == "wait2"
    assert [(a.step_id, a.params["channel"]) for a in outcome.actions] == [("content", "sms")]
    assert outcome.visits[0] == domain.Visit("wait7", "wait", "next")


def test_an_unknown_preferred_channel_falls_back_to_the_steps_channel() -> None:
    outcome = domain.advance(PRODUCT_PATH, current_step="wait7", given=TimerFired(),
                             facts={"member.attributes.preferred_channel": "pigeon"}, clock=CLOCK)

    assert outcome is not None and outcome.actions[0].params["channel"] == "email"


def test_a_member_who_clicked_accessories_gets_the_discount_and_exits() -> None:
    facts = domain.engagement_facts({"content": domain.Engagement(clicked=("accessories",))})

    outcome = domain.advance(PRODUCT_PATH, current_step="wait2", given=TimerFired(), facts=facts, clock=CLOCK)

    assert outcome is not None and outcome.state == "exited" and outcome.step_id == "done"
    assert [(a.step_id, a.params) for a in outcome.actions] == [("discount", {"voucher_campaign_id": 7})]
    assert [(v.step_id, v.exit) for v in outcome.visits] == [
        ("wait2", "next"), ("clicked", "yes"), ("discount", "next"), ("done", None)]


@pytest.mark.parametrize("engagement", [domain.Engagement(), domain.Engagement(opened=True),
                                        domain.Engagement(clicked=("shoes",))])
def test_a_member_who_did_not_click_accessories_gets_nothing_and_completes(engagement: domain.Engagement) -> None:
    facts = domain.engagement_facts({"content": engagement})

    outcome = domain.advance(PRODUCT_PATH, current_step="wait2", given=TimerFired(), facts=facts, clock=CLOCK)

    assert outcome is not None and outcome.state == "completed" and outcome.actions == ()
    assert outcome.visits[-1] == domain.Visit("clicked", "branch", "no")


def test_a_click_counts_as_an_open() -> None:
    facts = domain.engagement_facts({"a": domain.Engagement(clicked=("x",)), "b": domain.Engagement()})

    assert facts == {"engagement.a.opened": True, "engagement.a.clicked": ["x"],
                     "engagement.b.opened": False, "engagement.b.clicked": []}


SURVEY = graph(
    {"id": "ask", "type": "send_message", "template_key": "survey", "next": "answer"},
    {"id": "answer", "type": "wait_for_event", "event_type": "custom_event.received",
     "condition": {"field": "event.payload.type", "op": "eq", "value": "survey.answered"},
     "timeout": {"days": 3}, "exits": {"event": "save", "timeout": "remind"}},
    {"id": "save", "type": "set_attribute", "name": "preferred_channel",
     "value_from": "event.payload.payload.channel", "next": "thank"},
    {"id": "thank", "type": "branch",
     "condition": {"field": "member.attributes.preferred_channel", "op": "eq", "value": "sms"},
     "exits": {"yes": "sms_fan"}},
    {"id": "sms_fan", "type": "tag", "tag": "sms-fan"},
    {"id": "remind", "type": "send_message", "template_key": "survey_reminder"},
)


def test_waiting_for_an_event_sets_its_type_and_timeout() -> None:
    outcome = domain.advance(SURVEY, current_step=None, given=Enter(), facts={}, clock=CLOCK)

    assert outcome is not None and outcome.state == "waiting" and outcome.step_id == "answer"
    assert outcome.waiting_for == "custom_event.received" and outcome.wait_until == NOW + timedelta(days=3)


def test_the_awaited_event_takes_the_event_exit_and_its_answer_becomes_an_attribute() -> None:
    facts = {"event.payload.type": "survey.answered", "event.payload.payload.channel": "sms"}

    outcome = domain.advance(SURVEY, current_step="answer", given=EventArrived("custom_event.received"),
                             facts=facts, clock=CLOCK)

    assert outcome is not None and outcome.state == "completed"
    assert [(a.kind, a.params) for a in outcome.actions] == [
        ("set_attribute", {"name": "preferred_channel", "value": "sms"}), ("tag", {"tag": "sms-fan"})]
    assert outcome.visits[0] == domain.Visit("answer", "wait_for_event", "event")


def test_an_event_failing_the_waits_condition_moves_nothing() -> None:
    facts = {"event.payload.type": "something.else"}

    assert domain.advance(SURVEY, current_step="answer", given=EventArrived("custom_event.received"),
                          facts=facts, clock=CLOCK) is None
    assert domain.advance(SURVEY, current_step="answer", given=EventArrived("purchase.recorded"),
                          facts={"event.payload.type": "survey.answered"}, clock=CLOCK) is None


def test_the_timeout_takes_the_timeout_exit() -> None:
    outcome = domain.advance(SURVEY, current_step="answer", given=TimerFired(), facts={}, clock=CLOCK)

    assert outcome is not None and outcome.state == "completed"
    assert [a.params["template_key"] for a in outcome.actions] == ["survey_reminder"]
    assert outcome.visits[0].exit == "timeout"


def test_a_missing_answer_sets_no_attribute() -> None:
    outcome = domain.advance(SURVEY, current_step="answer", given=EventArrived("custom_event.received"),
                             facts={"event.payload.type": "survey.answered"}, clock=CLOCK)

    assert outcome is not None and outcome.actions == ()


def test_untag_removes_the_tag_from_the_facts_a_later_branch_sees() -> None:
    journey = graph({"id": "t", "type": "untag", "tag": "lapsed", "next": "b"},
                    {"id": "b", "type": "branch",
                     "condition": {"field": "member.attributes.tags", "op": "contains", "value": "lapsed"},
                     "exits": {"yes": "still"}},
                    {"id": "still", "type": "award_points", "points": 5})

    outcome = domain.advance(journey, current_step=None, given=Enter(),
                             facts={"member.attributes.tags": ["lapsed", "vip"]}, clock=CLOCK)

    assert outcome is not None and [a.kind for a in outcome.actions] == ["untag"]


def test_every_action_kind_carries_its_parameters() -> None:
    journey = graph({"id": "a", "type": "award_points", "points": 50, "unit": "stars", "next": "c"},
                    {"id": "c", "type": "issue_coupon", "voucher_campaign_id": 3, "next": "h"},
                    {"id": "h", "type": "call_webhook", "payload": {"kind": "gift"}, "next": "s"},
                    {"id": "s", "type": "set_attribute", "name": "vip", "value": True})

    outcome = domain.advance(journey, current_step=None, given=Enter(), facts={}, clock=CLOCK)

    assert outcome is not None and outcome.state == "completed" and outcome.step_id == "s"
    assert [(a.kind, a.params) for a in outcome.actions] == [
        ("award_points", {"points": 50, "unit": "stars", "reason": None}),
        ("issue_coupon", {"voucher_campaign_id": 3}), ("call_webhook", {"payload": {"kind": "gift"}}),
        ("set_attribute", {"name": "vip", "value": True})]


# --- waits in local time --------------------------------------------------------------------------


def _wait(**fields: Any) -> domain.WaitStep:
    return domain.WaitStep.model_validate({"id": "w", "type": "wait", **fields})


def test_a_time_of_day_still_ahead_today_waits_until_today() -> None:
    assert domain.wait_until(_wait(until_time="18:30"), CLOCK) == datetime(2026, 3, 2, 17, 30, tzinfo=UTC)


def test_a_time_of_day_already_past_waits_until_tomorrow() -> None:
    assert domain.wait_until(_wait(until_time="09:00"), CLOCK) == datetime(2026, 3, 3, 8, 0, tzinfo=UTC)


def test_a_date_waits_until_its_local_midnight_or_given_time_across_summer_time() -> None:
    assert domain.wait_until(_wait(until_date="2026-04-01"), CLOCK) == datetime(2026, 3, 31, 22, 0, tzinfo=UTC)
    assert (domain.wait_until(_wait(until_date="2026-04-01", until_time="09:00"), CLOCK)
            == datetime(2026, 4, 1, 7, 0, tzinfo=UTC))


def test_a_date_already_past_does_not_wait() -> None:
    journey = graph({"id": "w", "type": "wait", "until_date": "2026-01-01", "next": "p"},
                    {"id": "p", "type": "award_points", "points": 1})

    outcome = domain.advance(journey, current_step=None, given=Enter(), facts={}, clock=CLOCK)

    assert outcome is not None and outcome.state == "completed" and [a.kind for a in outcome.actions] == [
        "award_points"]


def test_the_timer_of_a_step_that_is_not_a_wait_is_a_bug() -> None:
    with pytest.raises(ValueError, match="not a wait"):
        domain.advance(PRODUCT_PATH, current_step="welcome", given=TimerFired(), facts={}, clock=CLOCK)


def test_a_daily_schedule_runs_once_a_day_after_its_local_time() -> None:
    entry = domain.ScheduleEntry(type="schedule", time="10:30")  # type: ignore[arg-type]

    assert domain.schedule_due(entry, now=NOW, timezone="Europe/Warsaw", last_run_on=None) == date(2026, 3, 2)
    assert domain.schedule_due(entry, now=NOW, timezone="Europe/Warsaw", last_run_on=date(2026, 3, 2)) is None
    assert domain.schedule_due(entry, now=NOW, timezone="America/New_York", last_run_on=None) is None


# --- entry, goal, re-entry -----------------------------------------------------------------------


def test_entry_matches_its_event_type_and_condition() -> None:
    journey = domain.parse_graph({
        "entry": {"type": "event", "event_type": "purchase.recorded",
                  "condition": {"field": "event.payload.total", "op": "gte", "value": 5000}},
        "start": "x", "steps": [{"id": "x", "type": "exit"}]})

    assert domain.entry_matches(journey, event_type="purchase.recorded", facts={"event.payload.total": 6000})
    assert not domain.entry_matches(journey, event_type="purchase.recorded", facts={"event.payload.total": 100})
    assert not domain.entry_matches(journey, event_type="member.enrolled", facts={"event.payload.total": 6000})


def test_the_goal_and_its_revenue() -> None:
    journey = graph({"id": "x", "type": "exit"}, goal={"event_type": "purchase.recorded"})

    assert domain.goal_reached(journey, event_type="purchase.recorded", facts={})
    assert not domain.goal_reached(journey, event_type="member.updated", facts={})
    assert domain.goal_revenue(journey, {"total": 12900}) == 12900
    assert domain.goal_revenue(journey, {"total": "lots"}) is None
    assert not domain.goal_reached(graph({"id": "x", "type": "exit"}), event_type="purchase.recorded", facts={})


def _past(state: str, days_ago: int) -> PastEnrolment:
    return PastEnrolment(state=state, entered_at=NOW - timedelta(days=days_ago))


@pytest.mark.parametrize(("policy", "past", "allowed"), [
    ({"policy": "never"}, [], True),
    ({"policy": "never"}, [_past("completed", 400)], False),
    ({"policy": "always"}, [_past("converted", 0)], True),
    ({"policy": "always"}, [_past("waiting", 10)], False),
    ({"policy": "after_days", "days": 30}, [_past("completed", 29)], False),
    ({"policy": "after_days", "days": 30}, [_past("completed", 30), _past("exited", 90)], True),
    ({"policy": "after_days", "days": 30}, [_past("active", 300)], False),
])
def test_reentry_policy(policy: dict[str, Any], past: list[PastEnrolment], allowed: bool) -> None:
    assert domain.may_enter(domain.Reentry.model_validate(policy), past, now=NOW) is allowed


# --- refusing a graph, by field ----------------------------------------------------------------


BASE: dict[str, Any] = {"entry": {"type": "event", "event_type": "purchase.recorded"}, "start": "a"}


def test_unknown_step_ids_are_named_where_they_are_used() -> None:
    found = problems({**BASE, "steps": [
        {"id": "a", "type": "branch", "condition": {"field": "member.age", "op": "gt", "value": 30},
         "exits": {"yes": "b", "no": "nowhere"}},
        {"id": "b", "type": "wait", "duration": {"hours": 1}, "next": "gone"}]})

    assert found == {"steps[0].exits.no": "no step has id 'nowhere'", "steps[1].next": "no step has id 'gone'"}


def test_a_loop_and_an_unreachable_step_are_refused() -> None:
    found = problems({**BASE, "steps": [
        {"id": "a", "type": "wait", "duration": {"days": 1}, "next": "b"},
        {"id": "b", "type": "award_points", "points": 1, "next": "a"},
        {"id": "c", "type": "exit"}]})

    assert found["steps[0]"] == "the steps loop back: a → b → a (a journey must not revisit a step)"
    assert found["steps[2].id"] == "step 'c' cannot be reached from the start 'a'"


def test_field_errors_of_the_format_are_named_by_path() -> None:
    found = problems({"entry": {"type": "event"}, "start": "a", "reentry": {"policy": "after_days"}, "steps": [
        {"id": "a", "type": "wait", "next": "b"},
        {"id": "b", "type": "send_message", "template_key": "x", "channel": "fax"},
        {"id": "B!", "type": "exit"}]})

    assert found["entry.event_type"] == "Field required"
    assert found["reentry"] == "policy 'after_days' needs 'days'"
    assert found["steps[0]"].startswith("give exactly one of 'duration'")
    assert "steps[1].channel" in found and "steps[2].id" in found


def test_conditions_are_checked_against_what_each_place_can_see() -> None:
    found = problems({**BASE, "entry": {"type": "event", "event_type": "purchase.recorded",
                                        "condition": {"field": "engagement.a.opened", "op": "eq", "value": True}},
                      "steps": [{"id": "a", "type": "send_message", "template_key": "t", "next": "b"},
                                {"id": "b", "type": "branch", "exits": {},
                                 "condition": {"all": [{"field": "engagement.a.opened", "op": "eq", "value": True},
                                                       {"field": "engagement.zz.clicked", "op": "contains",
                                                        "value": "x"},
                                                       {"field": "member.agee", "op": "gt", "value": 1}]}}]})

    assert found["entry.condition.field"].startswith("unknown field 'engagement.a.opened'")
    assert found["steps[1].condition.all[2].field"] == "unknown field 'member.agee' (did you mean 'member.age'?)"


def test_engagement_must_name_a_message_step() -> None:
    found = problems({**BASE, "steps": [
        {"id": "a", "type": "award_points", "points": 1, "next": "b"},
        {"id": "b", "type": "branch", "exits": {},
         "condition": {"field": "engagement.a.clicked", "op": "contains", "value": "x"}}]})

    assert found == {"steps[1].condition": "'engagement.a.clicked': no send_message step has id 'a'"}


def test_duplicate_step_ids_and_a_missing_start_are_refused() -> None:
    assert problems({**BASE, "start": "zz", "steps": [{"id": "a", "type": "exit"}]}) == {
        "start": "no step has id 'zz'"}
    assert "steps" in problems({**BASE, "steps": [{"id": "a", "type": "exit"}, {"id": "a", "type": "exit"}]})


def test_a_valid_graph_round_trips_through_its_json() -> None:
    document = PRODUCT_PATH.model_dump(mode="json", exclude_none=True)

    assert domain.parse_graph(document) == PRODUCT_PATH
    assert domain.engagement_steps_used(PRODUCT_PATH) == {"content"}


def test_event_types_the_journeys_do_not_react_to_are_refused() -> None:
    found = problems({"entry": {"type": "event", "event_type": "purchase.recorde"}, "start": "a",
                      "goal": {"event_type": "purchase.recorded"},
                      "steps": [{"id": "a", "type": "wait_for_event", "event_type": "journey.step",
                                 "timeout": {"days": 1}}]})

    assert found["entry.event_type"].startswith("journeys do not react to 'purchase.recorde' "
                                                "(did you mean 'purchase.recorded'?)")
    assert "steps[0].event_type" in found and "goal.event_type" not in found


def test_the_control_group_is_the_shares_part_of_the_members_and_always_the_same_one() -> None:
    graph = domain.parse_graph({
        "entry": {"type": "api"}, "goal": {"event_type": "purchase.recorded", "window": {"days": 7}},
        "holdout": {"share": 0.2}, "start": "end", "steps": [{"id": "end", "type": "exit"}]})

    held = [member_id for member_id in range(1, 10_001) if domain.held_out(graph, seed="abc", member_id=member_id)]

    assert 1800 <= len(held) <= 2200
    assert held == [m for m in range(1, 10_001) if domain.held_out(graph, seed="abc", member_id=m)]
    assert held != [m for m in range(1, 10_001) if domain.held_out(graph, seed="xyz", member_id=m)]
    no_holdout = graph.model_copy(update={"holdout": None})
    assert not any(domain.held_out(no_holdout, seed="abc", member_id=m) for m in held)
