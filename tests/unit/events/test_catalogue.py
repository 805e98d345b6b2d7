"""The catalogue of event types: unknown types refused, payloads checked, the reference current."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from loyalty.events import catalogue
from loyalty.events import service as events

ROOT = Path(__file__).resolve().parents[3]
REFERENCE = ROOT / "docs" / "events.md"
SOURCES = ROOT / "src" / "loyalty"


def test_recording_an_unknown_type_is_refused_before_anything_is_queued() -> None:
    # No session is needed to refuse: the check comes before the unit of work is touched.
    with pytest.raises(ValueError, match="Unknown event type 'points.earnt'.*catalogue.py"):
        events.record(session=None, program_id=1, type="points.earnt", actor="test")  # type: ignore[arg-type]
    with pytest.raises(catalogue.UnknownEventType) as refused:
        events.record_many(session=None, rows=[  # type: ignore[arg-type]
            {"program_id": 1, "type": "points.earned", "actor": "test"},
            {"program_id": 1, "type": "member.deleted", "actor": "test"},
        ])
    assert refused.value.name == "member.deleted"


def test_get_names_an_unknown_type_and_finds_a_known_one() -> None:
    assert catalogue.get("points.expired").payload is catalogue.PointsExpired
    with pytest.raises(catalogue.UnknownEventType, match="'nothing.happened'"):
        catalogue.get("nothing.happened")


def test_a_payload_that_drifted_from_its_model_is_caught() -> None:
    good: dict[str, Any] = {"transaction_id": 7, "unit": "points", "points": 40, "balance_after": 60}
    catalogue.validate("points.expired", good, member_id=3)

    with pytest.raises(ValidationError, match="balance_after"):
        catalogue.validate("points.expired", {**good, "balance_after": None}, member_id=3)
    with pytest.raises(ValidationError, match="balance_after"):
        catalogue.validate("points.expired", {key: value for key, value in good.items() if key != "balance_after"})
    with pytest.raises(ValidationError, match="lot_id"):  # a closed payload takes no new key unannounced
        catalogue.validate("points.expired", {**good, "lot_id": 5})
    with pytest.raises(ValueError, match="program's own"):
        catalogue.validate("reward.created", {"reward_id": 1, "kind": "physical", "points_price": 10}, member_id=3)
    # An open payload lists what is known and lets more through.
    catalogue.validate("points.spent", {**good, "reason": None, "reward_id": 4, "order": "A-1"}, member_id=3)


def test_datetimes_are_checked_as_they_are_stored_iso_strings() -> None:
    catalogue.validate("tier.kept", {"tier": "gold", "measure": "points_earned", "value": 1200,
                                     "review_at": "2027-01-01T00:00:00+00:00"}, member_id=1)


def test_define_refuses_a_second_definition_and_a_name_that_is_not_noun_past_verb() -> None:
    with pytest.raises(ValueError, match="already defined"):
        catalogue.define("points.expired", payload=catalogue.PointsExpired, description="Again.")
    with pytest.raises(ValueError, match="noun.past_verb"):
        catalogue.define("PointsExpired", payload=catalogue.PointsExpired, description="Camel.")


def test_every_literal_type_a_service_records_is_in_the_catalogue() -> None:
    """Call sites no test reaches are still covered for their names (the payloads are checked
    by tests/conftest.py wherever a test reaches them). The faces record none themselves (and
    their ASGI messages have dotted types too)."""
    literal = re.compile(r'(?:\btype=\s*|"type":\s*)"([a-z][a-z0-9_]*\.[a-z0-9_.]+)"')
    found = {name for path in SOURCES.rglob("*.py") if "web" not in path.relative_to(SOURCES).parts
             for name in literal.findall(path.read_text(encoding="utf-8"))}
    assert len(found) > 40
    assert sorted(name for name in found if not catalogue.is_defined(name)) == []


def test_docs_events_md_is_the_catalogue_as_it_is() -> None:
    assert REFERENCE.read_text(encoding="utf-8") == catalogue.render_markdown(), \
        "docs/events.md is out of date: run `python -m loyalty.events.catalogue > docs/events.md`"
