from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.visit_read_result import VisitReadResult


T = TypeVar("T", bound="VisitRead")


@_attrs_define
class VisitRead:
    """
    Attributes:
        step_id (str):
        step_type (str):
        exit_ (None | str):
        at (datetime.datetime):
        result (VisitReadResult):
    """

    step_id: str
    step_type: str
    exit_: None | str
    at: datetime.datetime
    result: VisitReadResult
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        step_id = self.step_id

        step_type = self.step_type

        exit_: None | str
        exit_ = self.exit_

        at = self.at.isoformat()

        result = self.result.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "step_id": step_id,
                "step_type": step_type,
                "exit": exit_,
                "at": at,
                "result": result,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.visit_read_result import VisitReadResult  # noqa: PLC0415

        d = dict(src_dict)
        step_id = d.pop("step_id")

        step_type = d.pop("step_type")

        def _parse_exit_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        exit_ = _parse_exit_(d.pop("exit"))

        at = datetime.datetime.fromisoformat(d.pop("at"))

        result = VisitReadResult.from_dict(d.pop("result"))

        visit_read = cls(
            step_id=step_id,
            step_type=step_type,
            exit_=exit_,
            at=at,
            result=result,
        )

        visit_read.additional_properties = d
        return visit_read

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
