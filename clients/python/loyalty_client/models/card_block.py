from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CardBlock")


@_attrs_define
class CardBlock:
    """
    Attributes:
        replace (bool | Unset): Give the member a new card in the same request. Default: True.
        replacement_card_number (None | str | Unset): An unassigned card to hand over; omitted: a new number is made.
    """

    replace: bool | Unset = True
    replacement_card_number: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        replace = self.replace

        replacement_card_number: None | str | Unset
        if isinstance(self.replacement_card_number, Unset):
            replacement_card_number = UNSET
        else:
            replacement_card_number = self.replacement_card_number

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if replace is not UNSET:
            field_dict["replace"] = replace
        if replacement_card_number is not UNSET:
            field_dict["replacement_card_number"] = replacement_card_number

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        replace = d.pop("replace", UNSET)

        def _parse_replacement_card_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        replacement_card_number = _parse_replacement_card_number(d.pop("replacement_card_number", UNSET))

        card_block = cls(
            replace=replace,
            replacement_card_number=replacement_card_number,
        )

        return card_block
