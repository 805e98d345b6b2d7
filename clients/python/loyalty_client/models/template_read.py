from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.template_read_versions import TemplateReadVersions


T = TypeVar("T", bound="TemplateRead")


@_attrs_define
class TemplateRead:
    """
    Attributes:
        id (int):
        key (str):
        channel (str):
        description (None | str):
        fallback_language (str):
        versions (TemplateReadVersions):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: int
    key: str
    channel: str
    description: None | str
    fallback_language: str
    versions: TemplateReadVersions
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        key = self.key

        channel = self.channel

        description: None | str
        description = self.description

        fallback_language = self.fallback_language

        versions = self.versions.to_dict()

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "key": key,
                "channel": channel,
                "description": description,
                "fallback_language": fallback_language,
                "versions": versions,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.template_read_versions import TemplateReadVersions  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        key = d.pop("key")

        channel = d.pop("channel")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        fallback_language = d.pop("fallback_language")

        versions = TemplateReadVersions.from_dict(d.pop("versions"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        template_read = cls(
            id=id,
            key=key,
            channel=channel,
            description=description,
            fallback_language=fallback_language,
            versions=versions,
            created_at=created_at,
            updated_at=updated_at,
        )

        template_read.additional_properties = d
        return template_read

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
