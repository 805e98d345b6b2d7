from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.message_read_status import MessageReadStatus

T = TypeVar("T", bound="MessageRead")


@_attrs_define
class MessageRead:
    """
    Attributes:
        id (int):
        member_id (int):
        channel (str):
        template_key (str):
        dedupe_key (str):
        source (str):
        status (MessageReadStatus):
        skip_reason (None | str):
        error (None | str):
        send_after (datetime.datetime):
        attempts (int):
        language (None | str):
        subject (None | str):
        provider_id (None | str):
        created_at (datetime.datetime):
        sent_at (datetime.datetime | None):
        delivered_at (datetime.datetime | None):
        opened_at (datetime.datetime | None):
        clicked_at (datetime.datetime | None):
    """

    id: int
    member_id: int
    channel: str
    template_key: str
    dedupe_key: str
    source: str
    status: MessageReadStatus
    skip_reason: None | str
    error: None | str
    send_after: datetime.datetime
    attempts: int
    language: None | str
    subject: None | str
    provider_id: None | str
    created_at: datetime.datetime
    sent_at: datetime.datetime | None
    delivered_at: datetime.datetime | None
    opened_at: datetime.datetime | None
    clicked_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        member_id = self.member_id

        channel = self.channel

        template_key = self.template_key

        dedupe_key = self.dedupe_key

        source = self.source

        status = self.status.value

        skip_reason: None | str
        skip_reason = self.skip_reason

        error: None | str
        error = self.error

        send_after = self.send_after.isoformat()

        attempts = self.attempts

        language: None | str
        language = self.language

        subject: None | str
        subject = self.subject

        provider_id: None | str
        provider_id = self.provider_id

        created_at = self.created_at.isoformat()

        sent_at: None | str
        if isinstance(self.sent_at, datetime.datetime):
            sent_at = self.sent_at.isoformat()
        else:
            sent_at = self.sent_at

        delivered_at: None | str
        if isinstance(self.delivered_at, datetime.datetime):
            delivered_at = self.delivered_at.isoformat()
        else:
            delivered_at = self.delivered_at

        opened_at: None | str
        if isinstance(self.opened_at, datetime.datetime):
            opened_at = self.opened_at.isoformat()
        else:
            opened_at = self.opened_at

        clicked_at: None | str
        if isinstance(self.clicked_at, datetime.datetime):
            clicked_at = self.clicked_at.isoformat()
        else:
            clicked_at = self.clicked_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "member_id": member_id,
                "channel": channel,
                "template_key": template_key,
                "dedupe_key": dedupe_key,
                "source": source,
                "status": status,
                "skip_reason": skip_reason,
                "error": error,
                "send_after": send_after,
                "attempts": attempts,
                "language": language,
                "subject": subject,
                "provider_id": provider_id,
                "created_at": created_at,
                "sent_at": sent_at,
                "delivered_at": delivered_at,
                "opened_at": opened_at,
                "clicked_at": clicked_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        member_id = d.pop("member_id")

        channel = d.pop("channel")

        template_key = d.pop("template_key")

        dedupe_key = d.pop("dedupe_key")

        source = d.pop("source")

        status = MessageReadStatus(d.pop("status"))

        def _parse_skip_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        skip_reason = _parse_skip_reason(d.pop("skip_reason"))

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        send_after = datetime.datetime.fromisoformat(d.pop("send_after"))

        attempts = d.pop("attempts")

        def _parse_language(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        language = _parse_language(d.pop("language"))

        def _parse_subject(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        subject = _parse_subject(d.pop("subject"))

        def _parse_provider_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        provider_id = _parse_provider_id(d.pop("provider_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_sent_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sent_at_type_0 = datetime.datetime.fromisoformat(data)

                return sent_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        sent_at = _parse_sent_at(d.pop("sent_at"))

        def _parse_delivered_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivered_at_type_0 = datetime.datetime.fromisoformat(data)

                return delivered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        delivered_at = _parse_delivered_at(d.pop("delivered_at"))

        def _parse_opened_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                opened_at_type_0 = datetime.datetime.fromisoformat(data)

                return opened_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        opened_at = _parse_opened_at(d.pop("opened_at"))

        def _parse_clicked_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                clicked_at_type_0 = datetime.datetime.fromisoformat(data)

                return clicked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        clicked_at = _parse_clicked_at(d.pop("clicked_at"))

        message_read = cls(
            id=id,
            member_id=member_id,
            channel=channel,
            template_key=template_key,
            dedupe_key=dedupe_key,
            source=source,
            status=status,
            skip_reason=skip_reason,
            error=error,
            send_after=send_after,
            attempts=attempts,
            language=language,
            subject=subject,
            provider_id=provider_id,
            created_at=created_at,
            sent_at=sent_at,
            delivered_at=delivered_at,
            opened_at=opened_at,
            clicked_at=clicked_at,
        )

        message_read.additional_properties = d
        return message_read

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
