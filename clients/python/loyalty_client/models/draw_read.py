from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.winner_read import WinnerRead


T = TypeVar("T", bound="DrawRead")


@_attrs_define
class DrawRead:
    """The draw's record: enough to repeat it (`seed_hex`, the ordered entries' digest, the number of
    winners, the algorithm) and whether repeating it now gives the same result.

        Attributes:
            contest_id (int):
            seed_hex (str):
            entries_digest (str):
            entrants (int):
            entries_total (int):
            winners_count (int):
            algorithm (str):
            drawn_by (str):
            drawn_at (datetime.datetime):
            winners (list[WinnerRead]):
            verified (bool): Repeating the draw from today's entries gives the same digest and winners.
    """

    contest_id: int
    seed_hex: str
    entries_digest: str
    entrants: int
    entries_total: int
    winners_count: int
    algorithm: str
    drawn_by: str
    drawn_at: datetime.datetime
    winners: list[WinnerRead]
    verified: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        contest_id = self.contest_id

        seed_hex = self.seed_hex

        entries_digest = self.entries_digest

        entrants = self.entrants

        entries_total = self.entries_total

        winners_count = self.winners_count

        algorithm = self.algorithm

        drawn_by = self.drawn_by

        drawn_at = self.drawn_at.isoformat()

        winners = []
        for winners_item_data in self.winners:
            winners_item = winners_item_data.to_dict()
            winners.append(winners_item)

        verified = self.verified

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "contest_id": contest_id,
                "seed_hex": seed_hex,
                "entries_digest": entries_digest,
                "entrants": entrants,
                "entries_total": entries_total,
                "winners_count": winners_count,
                "algorithm": algorithm,
                "drawn_by": drawn_by,
                "drawn_at": drawn_at,
                "winners": winners,
                "verified": verified,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.winner_read import WinnerRead  # noqa: PLC0415

        d = dict(src_dict)
        contest_id = d.pop("contest_id")

        seed_hex = d.pop("seed_hex")

        entries_digest = d.pop("entries_digest")

        entrants = d.pop("entrants")

        entries_total = d.pop("entries_total")

        winners_count = d.pop("winners_count")

        algorithm = d.pop("algorithm")

        drawn_by = d.pop("drawn_by")

        drawn_at = datetime.datetime.fromisoformat(d.pop("drawn_at"))

        winners = []
        _winners = d.pop("winners")
        for winners_item_data in _winners:
            winners_item = WinnerRead.from_dict(winners_item_data)

            winners.append(winners_item)

        verified = d.pop("verified")

        draw_read = cls(
            contest_id=contest_id,
            seed_hex=seed_hex,
            entries_digest=entries_digest,
            entrants=entrants,
            entries_total=entries_total,
            winners_count=winners_count,
            algorithm=algorithm,
            drawn_by=drawn_by,
            drawn_at=drawn_at,
            winners=winners,
            verified=verified,
        )

        draw_read.additional_properties = d
        return draw_read

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
