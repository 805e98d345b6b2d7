from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.benefits_read import BenefitsRead
    from ..models.tier_read_translations import TierReadTranslations


T = TypeVar("T", bound="TierRead")


@_attrs_define
class TierRead:
    """
    Attributes:
        id (int):
        code (str):
        name (str):
        description (None | str):
        rank (int):
        threshold (int):
        is_base (bool):
        benefits (BenefitsRead):
        translations (TierReadTranslations):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: int
    code: str
    name: str
    description: None | str
    rank: int
    threshold: int
    is_base: bool
    benefits: BenefitsRead
    translations: TierReadTranslations
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        code = self.code

        name = self.name

        description: None | str
        description = self.description

        rank = self.rank

        threshold = self.threshold

        is_base = self.is_base

        benefits = self.benefits.to_dict()

        translations = self.translations.to_dict()

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "code": code,
                "name": name,
                "description": description,
                "rank": rank,
                "threshold": threshold,
                "is_base": is_base,
                "benefits": benefits,
                "translations": translations,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.benefits_read import BenefitsRead  # noqa: PLC0415
        from ..models.tier_read_translations import TierReadTranslations  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        code = d.pop("code")

        name = d.pop("name")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        rank = d.pop("rank")

        threshold = d.pop("threshold")

        is_base = d.pop("is_base")

        benefits = BenefitsRead.from_dict(d.pop("benefits"))

        translations = TierReadTranslations.from_dict(d.pop("translations"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        tier_read = cls(
            id=id,
            code=code,
            name=name,
            description=description,
            rank=rank,
            threshold=threshold,
            is_base=is_base,
            benefits=benefits,
            translations=translations,
            created_at=created_at,
            updated_at=updated_at,
        )

        tier_read.additional_properties = d
        return tier_read

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
