from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.leaderboard_create_measure import LeaderboardCreateMeasure
from ..models.leaderboard_create_period_type_0 import LeaderboardCreatePeriodType0
from ..models.leaderboard_create_scope import LeaderboardCreateScope
from ..types import UNSET, Unset

T = TypeVar("T", bound="LeaderboardCreate")


@_attrs_define
class LeaderboardCreate:
    """
    Attributes:
        name (str):
        measure (LeaderboardCreateMeasure): points: points earned less reversals; purchases: receipts; spend: money
            spent less refunds (minor units); challenge: the progress of challenge_id's participants.
        description (None | str | Unset):
        period (LeaderboardCreatePeriodType0 | None | Unset): week or month: calendar periods in the program's time
            zone, each its own standings; season: from starts_on to ends_on. Required, except for a challenge board: its
            period is the challenge's window (stored as a season) and a period given is ignored.
        starts_on (datetime.date | None | Unset): A season's first day.
        ends_on (datetime.date | None | Unset): A season's last day.
        scope (LeaderboardCreateScope | Unset): program: every member; store: one store's receipts; segment: the
            segment's members. Default: LeaderboardCreateScope.PROGRAM.
        store_code (None | str | Unset):
        segment_id (int | None | Unset):
        challenge_id (int | None | Unset): The challenge a `challenge` board ranks by (a challenge of the same program).
        count_past_events (bool | Unset): Also count the events of the current period recorded before the board was made
            (once, now); otherwise the board starts empty and counts what comes from now on. Default: False.
    """

    name: str
    measure: LeaderboardCreateMeasure
    description: None | str | Unset = UNSET
    period: LeaderboardCreatePeriodType0 | None | Unset = UNSET
    starts_on: datetime.date | None | Unset = UNSET
    ends_on: datetime.date | None | Unset = UNSET
    scope: LeaderboardCreateScope | Unset = LeaderboardCreateScope.PROGRAM
    store_code: None | str | Unset = UNSET
    segment_id: int | None | Unset = UNSET
    challenge_id: int | None | Unset = UNSET
    count_past_events: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        measure = self.measure.value

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        period: None | str | Unset
        if isinstance(self.period, Unset):
            period = UNSET
        elif isinstance(self.period, LeaderboardCreatePeriodType0):
            period = self.period.value
        else:
            period = self.period

        starts_on: None | str | Unset
        if isinstance(self.starts_on, Unset):
            starts_on = UNSET
        elif isinstance(self.starts_on, datetime.date):
            starts_on = self.starts_on.isoformat()
        else:
            starts_on = self.starts_on

        ends_on: None | str | Unset
        if isinstance(self.ends_on, Unset):
            ends_on = UNSET
        elif isinstance(self.ends_on, datetime.date):
            ends_on = self.ends_on.isoformat()
        else:
            ends_on = self.ends_on

        scope: str | Unset = UNSET
        if not isinstance(self.scope, Unset):
            scope = self.scope.value

        store_code: None | str | Unset
        if isinstance(self.store_code, Unset):
            store_code = UNSET
        else:
            store_code = self.store_code

        segment_id: int | None | Unset
        if isinstance(self.segment_id, Unset):
            segment_id = UNSET
        else:
            segment_id = self.segment_id

        challenge_id: int | None | Unset
        if isinstance(self.challenge_id, Unset):
            challenge_id = UNSET
        else:
            challenge_id = self.challenge_id

        count_past_events = self.count_past_events

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "measure": measure,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if period is not UNSET:
            field_dict["period"] = period
        if starts_on is not UNSET:
            field_dict["starts_on"] = starts_on
        if ends_on is not UNSET:
            field_dict["ends_on"] = ends_on
        if scope is not UNSET:
            field_dict["scope"] = scope
        if store_code is not UNSET:
            field_dict["store_code"] = store_code
        if segment_id is not UNSET:
            field_dict["segment_id"] = segment_id
        if challenge_id is not UNSET:
            field_dict["challenge_id"] = challenge_id
        if count_past_events is not UNSET:
            field_dict["count_past_events"] = count_past_events

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        measure = LeaderboardCreateMeasure(d.pop("measure"))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_period(data: object) -> LeaderboardCreatePeriodType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                period_type_0 = LeaderboardCreatePeriodType0(data)

                return period_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LeaderboardCreatePeriodType0 | None | Unset, data)

        period = _parse_period(d.pop("period", UNSET))

        def _parse_starts_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                starts_on_type_0 = datetime.date.fromisoformat(data)

                return starts_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        starts_on = _parse_starts_on(d.pop("starts_on", UNSET))

        def _parse_ends_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_on_type_0 = datetime.date.fromisoformat(data)

                return ends_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        ends_on = _parse_ends_on(d.pop("ends_on", UNSET))

        _scope = d.pop("scope", UNSET)
        scope: LeaderboardCreateScope | Unset
        if isinstance(_scope, Unset):
            scope = UNSET
        else:
            scope = LeaderboardCreateScope(_scope)

        def _parse_store_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        store_code = _parse_store_code(d.pop("store_code", UNSET))

        def _parse_segment_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        segment_id = _parse_segment_id(d.pop("segment_id", UNSET))

        def _parse_challenge_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        challenge_id = _parse_challenge_id(d.pop("challenge_id", UNSET))

        count_past_events = d.pop("count_past_events", UNSET)

        leaderboard_create = cls(
            name=name,
            measure=measure,
            description=description,
            period=period,
            starts_on=starts_on,
            ends_on=ends_on,
            scope=scope,
            store_code=store_code,
            segment_id=segment_id,
            challenge_id=challenge_id,
            count_past_events=count_past_events,
        )

        return leaderboard_create
