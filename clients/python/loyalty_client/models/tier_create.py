from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.benefits import Benefits
    from ..models.tier_create_translations import TierCreateTranslations


T = TypeVar("T", bound="TierCreate")


@_attrs_define
class TierCreate:
    """
    Attributes:
        code (str): Stable id used by conditions (`member.tier`), e.g. gold.
        name (str):
        rank (int): Order of the levels; 0 is the base level every member is in.
        threshold (int): The measure needed in the window (points, minor units or purchases).
        description (None | str | Unset):
        benefits (Benefits | Unset):
        translations (TierCreateTranslations | Unset): Per language: {"pl": {"name": "Złoty"}}.
    """

    code: str
    name: str
    rank: int
    threshold: int
    description: None | str | Unset = UNSET
    benefits: Benefits | Unset = UNSET
    translations: TierCreateTranslations | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        name = self.name

        rank = self.rank

        threshold = self.threshold

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        benefits: dict[str, Any] | Unset = UNSET
        if not isinstance(self.benefits, Unset):
            benefits = self.benefits.to_dict()

        translations: dict[str, Any] | Unset = UNSET
        if not isinstance(self.translations, Unset):
            translations = self.translations.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "name": name,
                "rank": rank,
                "threshold": threshold,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if benefits is not UNSET:
            field_dict["benefits"] = benefits
        if translations is not UNSET:
            field_dict["translations"] = translations

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.benefits import Benefits  # noqa: PLC0415
        from ..models.tier_create_translations import TierCreateTranslations  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        name = d.pop("name")

        rank = d.pop("rank")

        threshold = d.pop("threshold")

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        _benefits = d.pop("benefits", UNSET)
        benefits: Benefits | Unset
        if isinstance(_benefits, Unset):
            benefits = UNSET
        else:
            benefits = Benefits.from_dict(_benefits)

        _translations = d.pop("translations", UNSET)
        translations: TierCreateTranslations | Unset
        if isinstance(_translations, Unset):
            translations = UNSET
        else:
            translations = TierCreateTranslations.from_dict(_translations)

        tier_create = cls(
            code=code,
            name=name,
            rank=rank,
            threshold=threshold,
            description=description,
            benefits=benefits,
            translations=translations,
        )

        return tier_create
