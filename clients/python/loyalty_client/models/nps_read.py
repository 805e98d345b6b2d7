from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="NpsRead")


@_attrs_define
class NpsRead:
    """
    Attributes:
        score (int): Promoters (9–10) minus detractors (0–6), in % of the answers: −100 to 100.
        promoters (int):
        passives (int):
        detractors (int):
    """

    score: int
    promoters: int
    passives: int
    detractors: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        score = self.score

        promoters = self.promoters

        passives = self.passives

        detractors = self.detractors

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "score": score,
                "promoters": promoters,
                "passives": passives,
                "detractors": detractors,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        score = d.pop("score")

        promoters = d.pop("promoters")

        passives = d.pop("passives")

        detractors = d.pop("detractors")

        nps_read = cls(
            score=score,
            promoters=promoters,
            passives=passives,
            detractors=detractors,
        )

        nps_read.additional_properties = d
        return nps_read

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
