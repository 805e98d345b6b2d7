from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="BonusCardCreate")


@_attrs_define
class BonusCardCreate:
    """
    Attributes:
        label (str): The company or programme the card is for.
        value (int | Unset): The first funding, in points (0: fund later). Default: 0.
        pin (None | str | Unset): 4 to 12 digits; left out, a 6-digit PIN is generated and returned once.
        number_prefix (None | str | Unset): Leading digits of the card number; the program's card prefix when left out.
        expires_at (datetime.datetime | None | Unset):
    """

    label: str
    value: int | Unset = 0
    pin: None | str | Unset = UNSET
    number_prefix: None | str | Unset = UNSET
    expires_at: datetime.datetime | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        label = self.label

        value = self.value

        pin: None | str | Unset
        if isinstance(self.pin, Unset):
            pin = UNSET
        else:
            pin = self.pin

        number_prefix: None | str | Unset
        if isinstance(self.number_prefix, Unset):
            number_prefix = UNSET
        else:
            number_prefix = self.number_prefix

        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        elif isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "label": label,
            }
        )
        if value is not UNSET:
            field_dict["value"] = value
        if pin is not UNSET:
            field_dict["pin"] = pin
        if number_prefix is not UNSET:
            field_dict["number_prefix"] = number_prefix
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        label = d.pop("label")

        value = d.pop("value", UNSET)

        def _parse_pin(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        pin = _parse_pin(d.pop("pin", UNSET))

        def _parse_number_prefix(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        number_prefix = _parse_number_prefix(d.pop("number_prefix", UNSET))

        def _parse_expires_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        expires_at = _parse_expires_at(d.pop("expires_at", UNSET))

        bonus_card_create = cls(
            label=label,
            value=value,
            pin=pin,
            number_prefix=number_prefix,
            expires_at=expires_at,
        )

        return bonus_card_create
