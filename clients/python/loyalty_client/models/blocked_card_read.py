from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.card_read import CardRead


T = TypeVar("T", bound="BlockedCardRead")


@_attrs_define
class BlockedCardRead:
    """
    Attributes:
        blocked (CardRead):
        replacement (CardRead | None):
    """

    blocked: CardRead
    replacement: CardRead | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.card_read import CardRead  # noqa: PLC0415

        blocked = self.blocked.to_dict()

        replacement: dict[str, Any] | None
        if isinstance(self.replacement, CardRead):
            replacement = self.replacement.to_dict()
        else:
            replacement = self.replacement

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "blocked": blocked,
                "replacement": replacement,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.card_read import CardRead  # noqa: PLC0415

        d = dict(src_dict)
        blocked = CardRead.from_dict(d.pop("blocked"))

        def _parse_replacement(data: object) -> CardRead | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                replacement_type_0 = CardRead.from_dict(data)

                return replacement_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CardRead | None, data)

        replacement = _parse_replacement(d.pop("replacement"))

        blocked_card_read = cls(
            blocked=blocked,
            replacement=replacement,
        )

        blocked_card_read.additional_properties = d
        return blocked_card_read

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
