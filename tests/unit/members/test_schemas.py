from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from loyalty.members.schemas import MemberCreate, MemberRef, MemberUpdate


def _error_fields(error: ValidationError) -> list[tuple[object, ...]]:
    return [tuple(problem["loc"]) for problem in error.errors()]


def test_member_ref_takes_exactly_one_identifier() -> None:
    assert MemberRef(email="Anna@Example.com").email == "anna@example.com"
    assert MemberRef(phone="+48 601 234 567").phone == "+48601234567"
    assert MemberRef(card_number="2790 0000 0000 0000").card_number == "2790000000000000"
    with pytest.raises(ValidationError, match=r"exactly one of .* \(got none\)"):
        MemberRef()
    with pytest.raises(ValidationError, match=r"\(got email, external_id\)"):
        MemberRef(email="a@example.com", external_id="X1")


def test_member_ref_refuses_unknown_fields_and_bad_phone() -> None:
    with pytest.raises(ValidationError) as unknown:
        MemberRef.model_validate({"email": "a@example.com", "name": "x"})
    assert _error_fields(unknown.value) == [("name",)]
    with pytest.raises(ValidationError) as phone:
        MemberRef(phone="601234567")
    assert _error_fields(phone.value) == [("phone",)]


def test_member_create_normalizes_and_defaults() -> None:
    data = MemberCreate.model_validate({"email": " Anna@Example.com ", "first_name": "  ",
                                        "address": {"country": "de"}})
    assert data.email == "anna@example.com"
    assert data.first_name is None
    assert data.address is not None and data.address.country == "DE"
    assert data.enrolment_channel == "api"
    assert data.attributes == {}


def test_member_create_refuses_future_enrolment_and_unknown_channel() -> None:
    with pytest.raises(ValidationError) as future:
        MemberCreate(email="a@example.com", enrolled_at=datetime.now(UTC) + timedelta(hours=1))
    assert _error_fields(future.value) == [("enrolled_at",)]
    with pytest.raises(ValidationError) as channel:
        MemberCreate.model_validate({"email": "a@example.com", "enrolment_channel": "fax"})
    assert _error_fields(channel.value) == [("enrolment_channel",)]
    with pytest.raises(ValidationError) as consent:
        MemberCreate.model_validate({"email": "a@example.com", "consents": {"fax": {"granted": True}}})
    assert _error_fields(consent.value) == [("consents", "fax")]


def test_naive_enrolment_time_is_read_as_utc() -> None:
    data = MemberCreate(email="a@example.com", enrolled_at=datetime(2020, 1, 1, 12, 0))
    assert data.enrolled_at == datetime(2020, 1, 1, 12, 0, tzinfo=UTC)


def test_member_update_null_clears_but_not_status_or_consents() -> None:
    assert MemberUpdate.model_validate({"email": None}).model_fields_set == {"email"}
    for field in ("status", "consents"):
        with pytest.raises(ValidationError) as error:
            MemberUpdate.model_validate({field: None})
        assert _error_fields(error.value) == [(field,)]
