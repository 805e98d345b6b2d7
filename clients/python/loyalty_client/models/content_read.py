from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.content_read_body_format import ContentReadBodyFormat
from ..models.content_read_kind import ContentReadKind
from ..models.content_read_status import ContentReadStatus

if TYPE_CHECKING:
    from ..models.access_window_read import AccessWindowRead


T = TypeVar("T", bound="ContentRead")


@_attrs_define
class ContentRead:
    """
    Attributes:
        id (int):
        kind (ContentReadKind):
        title (str):
        body (str):
        body_format (ContentReadBodyFormat):
        image_url (None | str):
        tiers (list[str]):
        segments (list[int]):
        item_ref (None | str):
        windows (list[AccessWindowRead]):
        status (ContentReadStatus):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: int
    kind: ContentReadKind
    title: str
    body: str
    body_format: ContentReadBodyFormat
    image_url: None | str
    tiers: list[str]
    segments: list[int]
    item_ref: None | str
    windows: list[AccessWindowRead]
    status: ContentReadStatus
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        kind = self.kind.value

        title = self.title

        body = self.body

        body_format = self.body_format.value

        image_url: None | str
        image_url = self.image_url

        tiers = self.tiers

        segments = self.segments

        item_ref: None | str
        item_ref = self.item_ref

        windows = []
        for windows_item_data in self.windows:
            windows_item = windows_item_data.to_dict()
            windows.append(windows_item)

        status = self.status.value

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "title": title,
                "body": body,
                "body_format": body_format,
                "image_url": image_url,
                "tiers": tiers,
                "segments": segments,
                "item_ref": item_ref,
                "windows": windows,
                "status": status,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.access_window_read import AccessWindowRead  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        kind = ContentReadKind(d.pop("kind"))

        title = d.pop("title")

        body = d.pop("body")

        body_format = ContentReadBodyFormat(d.pop("body_format"))

        def _parse_image_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        image_url = _parse_image_url(d.pop("image_url"))

        tiers = cast(list[str], d.pop("tiers"))

        segments = cast(list[int], d.pop("segments"))

        def _parse_item_ref(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        item_ref = _parse_item_ref(d.pop("item_ref"))

        windows = []
        _windows = d.pop("windows")
        for windows_item_data in _windows:
            windows_item = AccessWindowRead.from_dict(windows_item_data)

            windows.append(windows_item)

        status = ContentReadStatus(d.pop("status"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        content_read = cls(
            id=id,
            kind=kind,
            title=title,
            body=body,
            body_format=body_format,
            image_url=image_url,
            tiers=tiers,
            segments=segments,
            item_ref=item_ref,
            windows=windows,
            status=status,
            created_at=created_at,
            updated_at=updated_at,
        )

        content_read.additional_properties = d
        return content_read

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
