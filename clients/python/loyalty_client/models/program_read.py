from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.program_read_units_item import ProgramReadUnitsItem

if TYPE_CHECKING:
    from ..models.end_of_next_calendar_year import EndOfNextCalendarYear
    from ..models.months_after_earning import MonthsAfterEarning
    from ..models.never_expires import NeverExpires


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
        expiry_policy (EndOfNextCalendarYear | MonthsAfterEarning | NeverExpires):
        pending_days (int):
        claim_window_days (int):
        allow_transfers (bool):
        units (list[ProgramReadUnitsItem]):
        card_prefix (str):
    """

    id: int
    name: str
    currency: str
    timezone: str
    locale: str
    point_value: str
    expiry_policy: EndOfNextCalendarYear | MonthsAfterEarning | NeverExpires
    pending_days: int
    claim_window_days: int
    allow_transfers: bool
    units: list[ProgramReadUnitsItem]
    card_prefix: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.months_after_earning import MonthsAfterEarning  # noqa: PLC0415
        from ..models.never_expires import NeverExpires  # noqa: PLC0415

        id = self.id

        name = self.name

        currency = self.currency

        timezone = self.timezone

        locale = self.locale

        point_value = self.point_value

        expiry_policy: dict[str, Any]
        if isinstance(self.expiry_policy, NeverExpires):
            expiry_policy = self.expiry_policy.to_dict()
        elif isinstance(self.expiry_policy, MonthsAfterEarning):
            expiry_policy = self.expiry_policy.to_dict()
        else:
            expiry_policy = self.expiry_policy.to_dict()

        pending_days = self.pending_days

        claim_window_days = self.claim_window_days

        allow_transfers = self.allow_transfers

        units = []
        for units_item_data in self.units:
            units_item = units_item_data.value
            units.append(units_item)

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
        from ..models.end_of_next_calendar_year import EndOfNextCalendarYear  # noqa: PLC0415
        from ..models.months_after_earning import MonthsAfterEarning  # noqa: PLC0415
        from ..models.never_expires import NeverExpires  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        currency = d.pop("currency")

        timezone = d.pop("timezone")

        locale = d.pop("locale")

        point_value = d.pop("point_value")

        def _parse_expiry_policy(data: object) -> EndOfNextCalendarYear | MonthsAfterEarning | NeverExpires:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                expiry_policy_type_0 = NeverExpires.from_dict(data)

                return expiry_policy_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                expiry_policy_type_1 = MonthsAfterEarning.from_dict(data)

                return expiry_policy_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            expiry_policy_type_2 = EndOfNextCalendarYear.from_dict(data)

            return expiry_policy_type_2

        expiry_policy = _parse_expiry_policy(d.pop("expiry_policy"))

        pending_days = d.pop("pending_days")

        claim_window_days = d.pop("claim_window_days")

        allow_transfers = d.pop("allow_transfers")

        units = []
        _units = d.pop("units")
        for units_item_data in _units:
            units_item = ProgramReadUnitsItem(units_item_data)

            units.append(units_item)

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
