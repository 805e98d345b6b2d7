from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.leaderboard_read_measure import LeaderboardReadMeasure
from ..models.leaderboard_read_period import LeaderboardReadPeriod
from ..models.leaderboard_read_scope import LeaderboardReadScope

T = TypeVar("T", bound="LeaderboardRead")


@_attrs_define
class LeaderboardRead:
    """
    Attributes:
        id (int):
        name (str):
        description (None | str):
        measure (LeaderboardReadMeasure):
        period (LeaderboardReadPeriod):
        starts_on (datetime.date | None):
        ends_on (datetime.date | None):
        scope (LeaderboardReadScope):
        store_code (None | str):
        segment_id (int | None):
        challenge_id (int | None):
        is_active (bool):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: int
    name: str
    description: None | str
    measure: LeaderboardReadMeasure
    period: LeaderboardReadPeriod
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    scope: LeaderboardReadScope
    store_code: None | str
    segment_id: int | None
    challenge_id: int | None
    is_active: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        description: None | str
        description = self.description

        measure = self.measure.value

        period = self.period.value

        starts_on: None | str
        if isinstance(self.starts_on, datetime.date):
            starts_on = self.starts_on.isoformat()
        else:
            starts_on = self.starts_on

        ends_on: None | str
        if isinstance(self.ends_on, datetime.date):
            ends_on = self.ends_on.isoformat()
        else:
            ends_on = self.ends_on

        scope = self.scope.value

        store_code: None | str
        store_code = self.store_code

        segment_id: int | None
        segment_id = self.segment_id

        challenge_id: int | None
        challenge_id = self.challenge_id

        is_active = self.is_active

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "description": description,
                "measure": measure,
                "period": period,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "scope": scope,
                "store_code": store_code,
                "segment_id": segment_id,
                "challenge_id": challenge_id,
                "is_active": is_active,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        measure = LeaderboardReadMeasure(d.pop("measure"))

        period = LeaderboardReadPeriod(d.pop("period"))

        def _parse_starts_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                starts_on_type_0 = datetime.date.fromisoformat(data)

                return starts_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        starts_on = _parse_starts_on(d.pop("starts_on"))

        def _parse_ends_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_on_type_0 = datetime.date.fromisoformat(data)

                return ends_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        ends_on = _parse_ends_on(d.pop("ends_on"))

        scope = LeaderboardReadScope(d.pop("scope"))

        def _parse_store_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        store_code = _parse_store_code(d.pop("store_code"))

        def _parse_segment_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        segment_id = _parse_segment_id(d.pop("segment_id"))

        def _parse_challenge_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        challenge_id = _parse_challenge_id(d.pop("challenge_id"))

        is_active = d.pop("is_active")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        leaderboard_read = cls(
            id=id,
            name=name,
            description=description,
            measure=measure,
            period=period,
            starts_on=starts_on,
            ends_on=ends_on,
            scope=scope,
            store_code=store_code,
            segment_id=segment_id,
            challenge_id=challenge_id,
            is_active=is_active,
            created_at=created_at,
            updated_at=updated_at,
        )

        leaderboard_read.additional_properties = d
        return leaderboard_read

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
