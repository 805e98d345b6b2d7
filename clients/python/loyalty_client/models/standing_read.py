from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="StandingRead")


@_attrs_define
class StandingRead:
    """
    Attributes:
        rank (int): Competition rank: equal scores share a rank (1, 2, 2, 4).
        name (str): The member's chosen display name, or a pseudonym such as `Member #A3F2C1D4`.
        score (int):
        is_me (bool | Unset): The signed-in member's own row (member app only). Default: False.
    """

    rank: int
    name: str
    score: int
    is_me: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        rank = self.rank

        name = self.name

        score = self.score

        is_me = self.is_me

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "rank": rank,
                "name": name,
                "score": score,
            }
        )
        if is_me is not UNSET:
            field_dict["is_me"] = is_me

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        rank = d.pop("rank")

        name = d.pop("name")

        score = d.pop("score")

        is_me = d.pop("is_me", UNSET)

        standing_read = cls(
            rank=rank,
            name=name,
            score=score,
            is_me=is_me,
        )

        standing_read.additional_properties = d
        return standing_read

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
