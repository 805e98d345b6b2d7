from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.suppression_write_channel import SuppressionWriteChannel
from ..types import UNSET, Unset

T = TypeVar("T", bound="SuppressionWrite")


@_attrs_define
class SuppressionWrite:
    """
    Attributes:
        channel (SuppressionWriteChannel):
        address (str):
        reason (str | Unset):  Default: 'added by staff'.
    """

    channel: SuppressionWriteChannel
    address: str
    reason: str | Unset = "added by staff"

    def to_dict(self) -> dict[str, Any]:
        channel = self.channel.value

        address = self.address

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "channel": channel,
                "address": address,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        channel = SuppressionWriteChannel(d.pop("channel"))

        address = d.pop("address")

        reason = d.pop("reason", UNSET)

        suppression_write = cls(
            channel=channel,
            address=address,
            reason=reason,
        )

        return suppression_write
