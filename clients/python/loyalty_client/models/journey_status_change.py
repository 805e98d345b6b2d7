from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.journey_status_change_status import JourneyStatusChangeStatus

T = TypeVar("T", bound="JourneyStatusChange")


@_attrs_define
class JourneyStatusChange:
    """
    Attributes:
        status (JourneyStatusChangeStatus):
    """

    status: JourneyStatusChangeStatus

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = JourneyStatusChangeStatus(d.pop("status"))

        journey_status_change = cls(
            status=status,
        )

        return journey_status_change
