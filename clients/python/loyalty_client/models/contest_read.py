from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.contest_read_entry_action import ContestReadEntryAction
from ..models.contest_read_status import ContestReadStatus

T = TypeVar("T", bound="ContestRead")


@_attrs_define
class ContestRead:
    """
    Attributes:
        id (int):
        name (str):
        prize (str):
        rules_text (str):
        entry_action (ContestReadEntryAction):
        entries_per_action (int):
        amount_per_entry (int | None):
        custom_event_type (None | str):
        leaderboard_id (int | None):
        max_entries_per_member (int): 0 for a best_score contest (no entries).
        winners_count (int):
        opens_at (datetime.datetime):
        closes_at (datetime.datetime):
        draws_automatically (bool):
        drawn_at (datetime.datetime | None):
        status (ContestReadStatus):
        created_at (datetime.datetime):
    """

    id: int
    name: str
    prize: str
    rules_text: str
    entry_action: ContestReadEntryAction
    entries_per_action: int
    amount_per_entry: int | None
    custom_event_type: None | str
    leaderboard_id: int | None
    max_entries_per_member: int
    winners_count: int
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    draws_automatically: bool
    drawn_at: datetime.datetime | None
    status: ContestReadStatus
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        prize = self.prize

        rules_text = self.rules_text

        entry_action = self.entry_action.value

        entries_per_action = self.entries_per_action

        amount_per_entry: int | None
        amount_per_entry = self.amount_per_entry

        custom_event_type: None | str
        custom_event_type = self.custom_event_type

        leaderboard_id: int | None
        leaderboard_id = self.leaderboard_id

        max_entries_per_member = self.max_entries_per_member

        winners_count = self.winners_count

        opens_at = self.opens_at.isoformat()

        closes_at = self.closes_at.isoformat()

        draws_automatically = self.draws_automatically

        drawn_at: None | str
        if isinstance(self.drawn_at, datetime.datetime):
            drawn_at = self.drawn_at.isoformat()
        else:
            drawn_at = self.drawn_at

        status = self.status.value

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "prize": prize,
                "rules_text": rules_text,
                "entry_action": entry_action,
                "entries_per_action": entries_per_action,
                "amount_per_entry": amount_per_entry,
                "custom_event_type": custom_event_type,
                "leaderboard_id": leaderboard_id,
                "max_entries_per_member": max_entries_per_member,
                "winners_count": winners_count,
                "opens_at": opens_at,
                "closes_at": closes_at,
                "draws_automatically": draws_automatically,
                "drawn_at": drawn_at,
                "status": status,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        prize = d.pop("prize")

        rules_text = d.pop("rules_text")

        entry_action = ContestReadEntryAction(d.pop("entry_action"))

        entries_per_action = d.pop("entries_per_action")

        def _parse_amount_per_entry(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        amount_per_entry = _parse_amount_per_entry(d.pop("amount_per_entry"))

        def _parse_custom_event_type(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        custom_event_type = _parse_custom_event_type(d.pop("custom_event_type"))

        def _parse_leaderboard_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        leaderboard_id = _parse_leaderboard_id(d.pop("leaderboard_id"))

        max_entries_per_member = d.pop("max_entries_per_member")

        winners_count = d.pop("winners_count")

        opens_at = datetime.datetime.fromisoformat(d.pop("opens_at"))

        closes_at = datetime.datetime.fromisoformat(d.pop("closes_at"))

        draws_automatically = d.pop("draws_automatically")

        def _parse_drawn_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                drawn_at_type_0 = datetime.datetime.fromisoformat(data)

                return drawn_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        drawn_at = _parse_drawn_at(d.pop("drawn_at"))

        status = ContestReadStatus(d.pop("status"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        contest_read = cls(
            id=id,
            name=name,
            prize=prize,
            rules_text=rules_text,
            entry_action=entry_action,
            entries_per_action=entries_per_action,
            amount_per_entry=amount_per_entry,
            custom_event_type=custom_event_type,
            leaderboard_id=leaderboard_id,
            max_entries_per_member=max_entries_per_member,
            winners_count=winners_count,
            opens_at=opens_at,
            closes_at=closes_at,
            draws_automatically=draws_automatically,
            drawn_at=drawn_at,
            status=status,
            created_at=created_at,
        )

        contest_read.additional_properties = d
        return contest_read

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
