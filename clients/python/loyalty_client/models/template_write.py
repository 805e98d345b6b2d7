from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.template_write_channel import TemplateWriteChannel
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.template_write_versions import TemplateWriteVersions


T = TypeVar("T", bound="TemplateWrite")


@_attrs_define
class TemplateWrite:
    """A template and all its language versions (PUT replaces the versions sent, drops the others).

    Attributes:
        key (str):
        channel (TemplateWriteChannel):
        fallback_language (str):
        versions (TemplateWriteVersions):
        description (None | str | Unset):
    """

    key: str
    channel: TemplateWriteChannel
    fallback_language: str
    versions: TemplateWriteVersions
    description: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        key = self.key

        channel = self.channel.value

        fallback_language = self.fallback_language

        versions = self.versions.to_dict()

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "key": key,
                "channel": channel,
                "fallback_language": fallback_language,
                "versions": versions,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.template_write_versions import TemplateWriteVersions  # noqa: PLC0415

        d = dict(src_dict)
        key = d.pop("key")

        channel = TemplateWriteChannel(d.pop("channel"))

        fallback_language = d.pop("fallback_language")

        versions = TemplateWriteVersions.from_dict(d.pop("versions"))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        template_write = cls(
            key=key,
            channel=channel,
            fallback_language=fallback_language,
            versions=versions,
            description=description,
        )

        return template_write
