from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.contest_create_entry_action import ContestCreateEntryAction
from ..types import UNSET, Unset

T = TypeVar("T", bound="ContestCreate")


@_attrs_define
class ContestCreate:
    """
    Attributes:
        name (str):
        prize (str):
        rules_text (str): The rules, shown to members as written.
        entry_action (ContestCreateEntryAction): purchase: a receipt earns entries; custom_event: a custom event of
            custom_event_type (a review, an answered survey) does; best_score: no entries, the best scores of leaderboard_id
            at closing win.
        winners_count (int):
        opens_at (datetime.datetime):
        closes_at (datetime.datetime):
        entries_per_action (int | Unset):  Default: 1.
        amount_per_entry (int | None | Unset): purchase: one entry per this much spent (minor units) instead of
            entries_per_action.
        custom_event_type (None | str | Unset):
        leaderboard_id (int | None | Unset): best_score: the board whose standings in the period holding closes_at
            decide.
        max_entries_per_member (int | None | Unset): Required for purchase and custom_event contests.
        draws_automatically (bool | Unset): The worker draws soon after closing; otherwise staff draw. Default: True.
        count_past_events (bool | Unset): Also give the entries of the qualifying events that occurred since opens_at,
            before the contest was made (each event still enters once). Default: False.
    """

    name: str
    prize: str
    rules_text: str
    entry_action: ContestCreateEntryAction
    winners_count: int
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    entries_per_action: int | Unset = 1
    amount_per_entry: int | None | Unset = UNSET
    custom_event_type: None | str | Unset = UNSET
    leaderboard_id: int | None | Unset = UNSET
    max_entries_per_member: int | None | Unset = UNSET
    draws_automatically: bool | Unset = True
    count_past_events: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        prize = self.prize

        rules_text = self.rules_text

        entry_action = self.entry_action.value

        winners_count = self.winners_count

        opens_at = self.opens_at.isoformat()

        closes_at = self.closes_at.isoformat()

        entries_per_action = self.entries_per_action

        amount_per_entry: int | None | Unset
        if isinstance(self.amount_per_entry, Unset):
            amount_per_entry = UNSET
        else:
            amount_per_entry = self.amount_per_entry

        custom_event_type: None | str | Unset
        if isinstance(self.custom_event_type, Unset):
            custom_event_type = UNSET
        else:
            custom_event_type = self.custom_event_type

        leaderboard_id: int | None | Unset
        if isinstance(self.leaderboard_id, Unset):
            leaderboard_id = UNSET
        else:
            leaderboard_id = self.leaderboard_id

        max_entries_per_member: int | None | Unset
        if isinstance(self.max_entries_per_member, Unset):
            max_entries_per_member = UNSET
        else:
            max_entries_per_member = self.max_entries_per_member

        draws_automatically = self.draws_automatically

        count_past_events = self.count_past_events

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "prize": prize,
                "rules_text": rules_text,
                "entry_action": entry_action,
                "winners_count": winners_count,
                "opens_at": opens_at,
                "closes_at": closes_at,
            }
        )
        if entries_per_action is not UNSET:
            field_dict["entries_per_action"] = entries_per_action
        if amount_per_entry is not UNSET:
            field_dict["amount_per_entry"] = amount_per_entry
        if custom_event_type is not UNSET:
            field_dict["custom_event_type"] = custom_event_type
        if leaderboard_id is not UNSET:
            field_dict["leaderboard_id"] = leaderboard_id
        if max_entries_per_member is not UNSET:
            field_dict["max_entries_per_member"] = max_entries_per_member
        if draws_automatically is not UNSET:
            field_dict["draws_automatically"] = draws_automatically
        if count_past_events is not UNSET:
            field_dict["count_past_events"] = count_past_events

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        prize = d.pop("prize")

        rules_text = d.pop("rules_text")

        entry_action = ContestCreateEntryAction(d.pop("entry_action"))

        winners_count = d.pop("winners_count")

        opens_at = datetime.datetime.fromisoformat(d.pop("opens_at"))

        closes_at = datetime.datetime.fromisoformat(d.pop("closes_at"))

        entries_per_action = d.pop("entries_per_action", UNSET)

        def _parse_amount_per_entry(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        amount_per_entry = _parse_amount_per_entry(d.pop("amount_per_entry", UNSET))

        def _parse_custom_event_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        custom_event_type = _parse_custom_event_type(d.pop("custom_event_type", UNSET))

        def _parse_leaderboard_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        leaderboard_id = _parse_leaderboard_id(d.pop("leaderboard_id", UNSET))

        def _parse_max_entries_per_member(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_entries_per_member = _parse_max_entries_per_member(d.pop("max_entries_per_member", UNSET))

        draws_automatically = d.pop("draws_automatically", UNSET)

        count_past_events = d.pop("count_past_events", UNSET)

        contest_create = cls(
            name=name,
            prize=prize,
            rules_text=rules_text,
            entry_action=entry_action,
            winners_count=winners_count,
            opens_at=opens_at,
            closes_at=closes_at,
            entries_per_action=entries_per_action,
            amount_per_entry=amount_per_entry,
            custom_event_type=custom_event_type,
            leaderboard_id=leaderboard_id,
            max_entries_per_member=max_entries_per_member,
            draws_automatically=draws_automatically,
            count_past_events=count_past_events,
        )

        return contest_create
