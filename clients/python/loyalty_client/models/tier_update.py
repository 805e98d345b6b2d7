from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.benefits import Benefits
    from ..models.tier_update_translations_type_0 import TierUpdateTranslationsType0


T = TypeVar("T", bound="TierUpdate")


@_attrs_define
class TierUpdate:
    """Only the fields sent change. The code never changes: conditions refer to it.

    Attributes:
        name (None | str | Unset):
        description (None | str | Unset):
        rank (int | None | Unset):
        threshold (int | None | Unset):
        benefits (Benefits | None | Unset):
        translations (None | TierUpdateTranslationsType0 | Unset):
    """

    name: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    rank: int | None | Unset = UNSET
    threshold: int | None | Unset = UNSET
    benefits: Benefits | None | Unset = UNSET
    translations: None | TierUpdateTranslationsType0 | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.benefits import Benefits  # noqa: PLC0415
        from ..models.tier_update_translations_type_0 import TierUpdateTranslationsType0  # noqa: PLC0415

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        rank: int | None | Unset
        if isinstance(self.rank, Unset):
            rank = UNSET
        else:
            rank = self.rank

        threshold: int | None | Unset
        if isinstance(self.threshold, Unset):
            threshold = UNSET
        else:
            threshold = self.threshold

        benefits: dict[str, Any] | None | Unset
        if isinstance(self.benefits, Unset):
            benefits = UNSET
        elif isinstance(self.benefits, Benefits):
            benefits = self.benefits.to_dict()
        else:
            benefits = self.benefits

        translations: dict[str, Any] | None | Unset
        if isinstance(self.translations, Unset):
            translations = UNSET
        elif isinstance(self.translations, TierUpdateTranslationsType0):
            translations = self.translations.to_dict()
        else:
            translations = self.translations

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if description is not UNSET:
            field_dict["description"] = description
        if rank is not UNSET:
            field_dict["rank"] = rank
        if threshold is not UNSET:
            field_dict["threshold"] = threshold
        if benefits is not UNSET:
            field_dict["benefits"] = benefits
        if translations is not UNSET:
            field_dict["translations"] = translations

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.benefits import Benefits  # noqa: PLC0415
        from ..models.tier_update_translations_type_0 import TierUpdateTranslationsType0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_rank(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        rank = _parse_rank(d.pop("rank", UNSET))

        def _parse_threshold(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        threshold = _parse_threshold(d.pop("threshold", UNSET))

        def _parse_benefits(data: object) -> Benefits | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                benefits_type_0 = Benefits.from_dict(data)

                return benefits_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Benefits | None | Unset, data)

        benefits = _parse_benefits(d.pop("benefits", UNSET))

        def _parse_translations(data: object) -> None | TierUpdateTranslationsType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                translations_type_0 = TierUpdateTranslationsType0.from_dict(data)

                return translations_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TierUpdateTranslationsType0 | Unset, data)

        translations = _parse_translations(d.pop("translations", UNSET))

        tier_update = cls(
            name=name,
            description=description,
            rank=rank,
            threshold=threshold,
            benefits=benefits,
            translations=translations,
        )

        return tier_update
