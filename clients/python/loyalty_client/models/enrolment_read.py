from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.enrolment_read_state import EnrolmentReadState

if TYPE_CHECKING:
    from ..models.visit_read import VisitRead


T = TypeVar("T", bound="EnrolmentRead")


@_attrs_define
class EnrolmentRead:
    """
    Attributes:
        id (int):
        journey_id (int):
        journey_name (str):
        version (int):
        member_id (int):
        current_step (None | str):
        state (EnrolmentReadState):
        wait_until (datetime.datetime | None):
        waiting_for (None | str):
        entered_at (datetime.datetime):
        finished_at (datetime.datetime | None):
        exit_reason (None | str):
        conversion_revenue (int | None):
        steps (list[VisitRead]):
    """

    id: int
    journey_id: int
    journey_name: str
    version: int
    member_id: int
    current_step: None | str
    state: EnrolmentReadState
    wait_until: datetime.datetime | None
    waiting_for: None | str
    entered_at: datetime.datetime
    finished_at: datetime.datetime | None
    exit_reason: None | str
    conversion_revenue: int | None
    steps: list[VisitRead]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        journey_id = self.journey_id

        journey_name = self.journey_name

        version = self.version

        member_id = self.member_id

        current_step: None | str
        current_step = self.current_step

        state = self.state.value

        wait_until: None | str
        if isinstance(self.wait_until, datetime.datetime):
            wait_until = self.wait_until.isoformat()
        else:
            wait_until = self.wait_until

        waiting_for: None | str
        waiting_for = self.waiting_for

        entered_at = self.entered_at.isoformat()

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        exit_reason: None | str
        exit_reason = self.exit_reason

        conversion_revenue: int | None
        conversion_revenue = self.conversion_revenue

        steps = []
        for steps_item_data in self.steps:
            steps_item = steps_item_data.to_dict()
            steps.append(steps_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "journey_id": journey_id,
                "journey_name": journey_name,
                "version": version,
                "member_id": member_id,
                "current_step": current_step,
                "state": state,
                "wait_until": wait_until,
                "waiting_for": waiting_for,
                "entered_at": entered_at,
                "finished_at": finished_at,
                "exit_reason": exit_reason,
                "conversion_revenue": conversion_revenue,
                "steps": steps,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.visit_read import VisitRead  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        journey_id = d.pop("journey_id")

        journey_name = d.pop("journey_name")

        version = d.pop("version")

        member_id = d.pop("member_id")

        def _parse_current_step(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        current_step = _parse_current_step(d.pop("current_step"))

        state = EnrolmentReadState(d.pop("state"))

        def _parse_wait_until(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                wait_until_type_0 = datetime.datetime.fromisoformat(data)

                return wait_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        wait_until = _parse_wait_until(d.pop("wait_until"))

        def _parse_waiting_for(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        waiting_for = _parse_waiting_for(d.pop("waiting_for"))

        entered_at = datetime.datetime.fromisoformat(d.pop("entered_at"))

        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))

        def _parse_exit_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        exit_reason = _parse_exit_reason(d.pop("exit_reason"))

        def _parse_conversion_revenue(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        conversion_revenue = _parse_conversion_revenue(d.pop("conversion_revenue"))

        steps = []
        _steps = d.pop("steps")
        for steps_item_data in _steps:
            steps_item = VisitRead.from_dict(steps_item_data)

            steps.append(steps_item)

        enrolment_read = cls(
            id=id,
            journey_id=journey_id,
            journey_name=journey_name,
            version=version,
            member_id=member_id,
            current_step=current_step,
            state=state,
            wait_until=wait_until,
            waiting_for=waiting_for,
            entered_at=entered_at,
            finished_at=finished_at,
            exit_reason=exit_reason,
            conversion_revenue=conversion_revenue,
            steps=steps,
        )

        enrolment_read.additional_properties = d
        return enrolment_read

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
