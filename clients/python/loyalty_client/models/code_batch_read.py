from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CodeBatchRead")


@_attrs_define
class CodeBatchRead:
    """
    Attributes:
        id (int):
        campaign_id (int):
        source (str):
        pattern (None | str):
        charset (None | str):
        size (int):
        created_at (datetime.datetime):
        guesses_per_hit (int | None | Unset): Random guesses at the pattern per valid code found, after this batch
            (generated batches).
    """

    id: int
    campaign_id: int
    source: str
    pattern: None | str
    charset: None | str
    size: int
    created_at: datetime.datetime
    guesses_per_hit: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        campaign_id = self.campaign_id

        source = self.source

        pattern: None | str
        pattern = self.pattern

        charset: None | str
        charset = self.charset

        size = self.size

        created_at = self.created_at.isoformat()

        guesses_per_hit: int | None | Unset
        if isinstance(self.guesses_per_hit, Unset):
            guesses_per_hit = UNSET
        else:
            guesses_per_hit = self.guesses_per_hit

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "campaign_id": campaign_id,
                "source": source,
                "pattern": pattern,
                "charset": charset,
                "size": size,
                "created_at": created_at,
            }
        )
        if guesses_per_hit is not UNSET:
            field_dict["guesses_per_hit"] = guesses_per_hit

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        campaign_id = d.pop("campaign_id")

        source = d.pop("source")

        def _parse_pattern(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        pattern = _parse_pattern(d.pop("pattern"))

        def _parse_charset(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        charset = _parse_charset(d.pop("charset"))

        size = d.pop("size")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_guesses_per_hit(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        guesses_per_hit = _parse_guesses_per_hit(d.pop("guesses_per_hit", UNSET))

        code_batch_read = cls(
            id=id,
            campaign_id=campaign_id,
            source=source,
            pattern=pattern,
            charset=charset,
            size=size,
            created_at=created_at,
            guesses_per_hit=guesses_per_hit,
        )

        code_batch_read.additional_properties = d
        return code_batch_read

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
