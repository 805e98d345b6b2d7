from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.recommendation_read_kind import RecommendationReadKind
from ..models.recommendation_read_source import RecommendationReadSource

T = TypeVar("T", bound="RecommendationRead")


@_attrs_define
class RecommendationRead:
    """One entry of a member's ranked list.

    Attributes:
        rank (int): 1 is the best.
        kind (RecommendationReadKind):
        ref (str): The product's SKU, or the reward's, voucher campaign's or challenge's id.
        name (None | str):
        category (None | str): The product's category (products only).
        score (float): 0 to 1, comparable within one member's list only.
        source (RecommendationReadSource): `similar`: chosen from what customers who buy like the member bought;
            `popular`: the popularity fallback (a member with little history, or to fill the list).
        computed_at (datetime.datetime):
    """

    rank: int
    kind: RecommendationReadKind
    ref: str
    name: None | str
    category: None | str
    score: float
    source: RecommendationReadSource
    computed_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        rank = self.rank

        kind = self.kind.value

        ref = self.ref

        name: None | str
        name = self.name

        category: None | str
        category = self.category

        score = self.score

        source = self.source.value

        computed_at = self.computed_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "rank": rank,
                "kind": kind,
                "ref": ref,
                "name": name,
                "category": category,
                "score": score,
                "source": source,
                "computed_at": computed_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        rank = d.pop("rank")

        kind = RecommendationReadKind(d.pop("kind"))

        ref = d.pop("ref")

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))

        def _parse_category(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        category = _parse_category(d.pop("category"))

        score = d.pop("score")

        source = RecommendationReadSource(d.pop("source"))

        computed_at = datetime.datetime.fromisoformat(d.pop("computed_at"))

        recommendation_read = cls(
            rank=rank,
            kind=kind,
            ref=ref,
            name=name,
            category=category,
            score=score,
            source=source,
            computed_at=computed_at,
        )

        recommendation_read.additional_properties = d
        return recommendation_read

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
