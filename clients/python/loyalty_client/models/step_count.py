from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="StepCount")


@_attrs_define
class StepCount:
    """
    Attributes:
        step_id (str):
        step_type (str):
        label (None | str):
        now_at (int): Members standing at this step now (waiting).
        reached (int): Enrolments that ever reached this step.
        exits (list[list[None | str]]): The step's exits: [name, next step id or null].
    """

    step_id: str
    step_type: str
    label: None | str
    now_at: int
    reached: int
    exits: list[list[None | str]]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        step_id = self.step_id

        step_type = self.step_type

        label: None | str
        label = self.label

        now_at = self.now_at

        reached = self.reached

        exits = []
        for exits_item_data in self.exits:
            exits_item = []
            for exits_item_item_data in exits_item_data:
                exits_item_item: None | str
                exits_item_item = exits_item_item_data
                exits_item.append(exits_item_item)

            exits.append(exits_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "step_id": step_id,
                "step_type": step_type,
                "label": label,
                "now_at": now_at,
                "reached": reached,
                "exits": exits,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        step_id = d.pop("step_id")

        step_type = d.pop("step_type")

        def _parse_label(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        label = _parse_label(d.pop("label"))

        now_at = d.pop("now_at")

        reached = d.pop("reached")

        exits = []
        _exits = d.pop("exits")
        for exits_item_data in _exits:
            exits_item = []
            _exits_item = exits_item_data
            for exits_item_item_data in _exits_item:

                def _parse_exits_item_item(data: object) -> None | str:
                    if data is None:
                        return data
                    return cast(None | str, data)

                exits_item_item = _parse_exits_item_item(exits_item_item_data)

                exits_item.append(exits_item_item)

            exits.append(exits_item)

        step_count = cls(
            step_id=step_id,
            step_type=step_type,
            label=label,
            now_at=now_at,
            reached=reached,
            exits=exits,
        )

        step_count.additional_properties = d
        return step_count

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
