from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.program_update_units_type_0_item import ProgramUpdateUnitsType0Item
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.end_of_next_calendar_year import EndOfNextCalendarYear
    from ..models.months_after_earning import MonthsAfterEarning
    from ..models.never_expires import NeverExpires


T = TypeVar("T", bound="ProgramUpdate")


@_attrs_define
class ProgramUpdate:
    """
    Attributes:
        name (None | str | Unset):
        timezone (None | str | Unset):
        locale (None | str | Unset):
        point_value (float | None | str | Unset):
        expiry_policy (EndOfNextCalendarYear | MonthsAfterEarning | NeverExpires | None | Unset):
        pending_days (int | None | Unset):
        claim_window_days (int | None | Unset):
        allow_transfers (bool | None | Unset):
        units (list[ProgramUpdateUnitsType0Item] | None | Unset):
    """

    name: None | str | Unset = UNSET
    timezone: None | str | Unset = UNSET
    locale: None | str | Unset = UNSET
    point_value: float | None | str | Unset = UNSET
    expiry_policy: EndOfNextCalendarYear | MonthsAfterEarning | NeverExpires | None | Unset = UNSET
    pending_days: int | None | Unset = UNSET
    claim_window_days: int | None | Unset = UNSET
    allow_transfers: bool | None | Unset = UNSET
    units: list[ProgramUpdateUnitsType0Item] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.end_of_next_calendar_year import EndOfNextCalendarYear  # noqa: PLC0415
        from ..models.months_after_earning import MonthsAfterEarning  # noqa: PLC0415
        from ..models.never_expires import NeverExpires  # noqa: PLC0415

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        timezone: None | str | Unset
        if isinstance(self.timezone, Unset):
            timezone = UNSET
        else:
            timezone = self.timezone

        locale: None | str | Unset
        if isinstance(self.locale, Unset):
            locale = UNSET
        else:
            locale = self.locale

        point_value: float | None | str | Unset
        if isinstance(self.point_value, Unset):
            point_value = UNSET
        else:
            point_value = self.point_value

        expiry_policy: dict[str, Any] | None | Unset
        if isinstance(self.expiry_policy, Unset):
            expiry_policy = UNSET
        elif isinstance(self.expiry_policy, NeverExpires):
            expiry_policy = self.expiry_policy.to_dict()
        elif isinstance(self.expiry_policy, MonthsAfterEarning):
            expiry_policy = self.expiry_policy.to_dict()
        elif isinstance(self.expiry_policy, EndOfNextCalendarYear):
            expiry_policy = self.expiry_policy.to_dict()
        else:
            expiry_policy = self.expiry_policy

        pending_days: int | None | Unset
        if isinstance(self.pending_days, Unset):
            pending_days = UNSET
        else:
            pending_days = self.pending_days

        claim_window_days: int | None | Unset
        if isinstance(self.claim_window_days, Unset):
            claim_window_days = UNSET
        else:
            claim_window_days = self.claim_window_days

        allow_transfers: bool | None | Unset
        if isinstance(self.allow_transfers, Unset):
            allow_transfers = UNSET
        else:
            allow_transfers = self.allow_transfers

        units: list[str] | None | Unset
        if isinstance(self.units, Unset):
            units = UNSET
        elif isinstance(self.units, list):
            units = []
            for units_type_0_item_data in self.units:
                units_type_0_item = units_type_0_item_data.value
                units.append(units_type_0_item)

        else:
            units = self.units

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if timezone is not UNSET:
            field_dict["timezone"] = timezone
        if locale is not UNSET:
            field_dict["locale"] = locale
        if point_value is not UNSET:
            field_dict["point_value"] = point_value
        if expiry_policy is not UNSET:
            field_dict["expiry_policy"] = expiry_policy
        if pending_days is not UNSET:
            field_dict["pending_days"] = pending_days
        if claim_window_days is not UNSET:
            field_dict["claim_window_days"] = claim_window_days
        if allow_transfers is not UNSET:
            field_dict["allow_transfers"] = allow_transfers
        if units is not UNSET:
            field_dict["units"] = units

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.end_of_next_calendar_year import EndOfNextCalendarYear  # noqa: PLC0415
        from ..models.months_after_earning import MonthsAfterEarning  # noqa: PLC0415
        from ..models.never_expires import NeverExpires  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_timezone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        timezone = _parse_timezone(d.pop("timezone", UNSET))

        def _parse_locale(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        locale = _parse_locale(d.pop("locale", UNSET))

        def _parse_point_value(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        point_value = _parse_point_value(d.pop("point_value", UNSET))

        def _parse_expiry_policy(
            data: object,
        ) -> EndOfNextCalendarYear | MonthsAfterEarning | NeverExpires | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                expiry_policy_type_0_type_0 = NeverExpires.from_dict(data)

                return expiry_policy_type_0_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                expiry_policy_type_0_type_1 = MonthsAfterEarning.from_dict(data)

                return expiry_policy_type_0_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                expiry_policy_type_0_type_2 = EndOfNextCalendarYear.from_dict(data)

                return expiry_policy_type_0_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EndOfNextCalendarYear | MonthsAfterEarning | NeverExpires | None | Unset, data)

        expiry_policy = _parse_expiry_policy(d.pop("expiry_policy", UNSET))

        def _parse_pending_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        pending_days = _parse_pending_days(d.pop("pending_days", UNSET))

        def _parse_claim_window_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        claim_window_days = _parse_claim_window_days(d.pop("claim_window_days", UNSET))

        def _parse_allow_transfers(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        allow_transfers = _parse_allow_transfers(d.pop("allow_transfers", UNSET))

        def _parse_units(data: object) -> list[ProgramUpdateUnitsType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                units_type_0 = []
                _units_type_0 = data
                for units_type_0_item_data in _units_type_0:
                    units_type_0_item = ProgramUpdateUnitsType0Item(units_type_0_item_data)

                    units_type_0.append(units_type_0_item)

                return units_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ProgramUpdateUnitsType0Item] | None | Unset, data)

        units = _parse_units(d.pop("units", UNSET))

        program_update = cls(
            name=name,
            timezone=timezone,
            locale=locale,
            point_value=point_value,
            expiry_policy=expiry_policy,
            pending_days=pending_days,
            claim_window_days=claim_window_days,
            allow_transfers=allow_transfers,
            units=units,
        )

        return program_update
