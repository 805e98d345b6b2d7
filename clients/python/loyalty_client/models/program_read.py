from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.program_read_expiry_policy import ProgramReadExpiryPolicy


T = TypeVar("T", bound="ProgramRead")


@_attrs_define
class ProgramRead:
    """
    Attributes:
        id (int):
        name (str):
        currency (str):
        timezone (str):
        locale (str):
        point_value (str):
        expiry_policy (ProgramReadExpiryPolicy):
        pending_days (int):
        claim_window_days (int):
        allow_transfers (bool):
        units (list[str]):
        card_prefix (str):
    """

    id: int
    name: str
    currency: str
    timezone: str
    locale: str
    point_value: str
    expiry_policy: ProgramReadExpiryPolicy
    pending_days: int
    claim_window_days: int
    allow_transfers: bool
    units: list[str]
    card_prefix: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        currency = self.currency

        timezone = self.timezone

        locale = self.locale

        point_value = self.point_value

        expiry_policy = self.expiry_policy.to_dict()

        pending_days = self.pending_days

        claim_window_days = self.claim_window_days

        allow_transfers = self.allow_transfers

        units = self.units

        card_prefix = self.card_prefix

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "currency": currency,
                "timezone": timezone,
                "locale": locale,
                "point_value": point_value,
                "expiry_policy": expiry_policy,
                "pending_days": pending_days,
                "claim_window_days": claim_window_days,
                "allow_transfers": allow_transfers,
                "units": units,
                "card_prefix": card_prefix,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.program_read_expiry_policy import ProgramReadExpiryPolicy  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        currency = d.pop("currency")

        timezone = d.pop("timezone")

        locale = d.pop("locale")

        point_value = d.pop("point_value")

        expiry_policy = ProgramReadExpiryPolicy.from_dict(d.pop("expiry_policy"))

        pending_days = d.pop("pending_days")

        claim_window_days = d.pop("claim_window_days")

        allow_transfers = d.pop("allow_transfers")

        units = cast(list[str], d.pop("units"))

        card_prefix = d.pop("card_prefix")

        program_read = cls(
            id=id,
            name=name,
            currency=currency,
            timezone=timezone,
            locale=locale,
            point_value=point_value,
            expiry_policy=expiry_policy,
            pending_days=pending_days,
            claim_window_days=claim_window_days,
            allow_transfers=allow_transfers,
            units=units,
            card_prefix=card_prefix,
        )

        program_read.additional_properties = d
        return program_read

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
