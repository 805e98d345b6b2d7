from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="CardRegister")


@_attrs_define
class CardRegister:
    """
    Attributes:
        card_number (str):
    """

    card_number: str

    def to_dict(self) -> dict[str, Any]:
        card_number = self.card_number

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "card_number": card_number,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        card_number = d.pop("card_number")

        card_register = cls(
            card_number=card_number,
        )

        return card_register
