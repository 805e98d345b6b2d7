from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.campaign_message_channel import CampaignMessageChannel

T = TypeVar("T", bound="CampaignMessage")


@_attrs_define
class CampaignMessage:
    """The message every reached member gets (through messaging's consent, caps and quiet hours).

    Attributes:
        channel (CampaignMessageChannel): email, sms, push or inbox.
        template_key (str): The message template's key.
    """

    channel: CampaignMessageChannel
    template_key: str

    def to_dict(self) -> dict[str, Any]:
        channel = self.channel.value

        template_key = self.template_key

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "channel": channel,
                "template_key": template_key,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        channel = CampaignMessageChannel(d.pop("channel"))

        template_key = d.pop("template_key")

        campaign_message = cls(
            channel=channel,
            template_key=template_key,
        )

        return campaign_message
