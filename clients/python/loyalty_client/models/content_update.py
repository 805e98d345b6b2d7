from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.content_update_body_format_type_0 import ContentUpdateBodyFormatType0
from ..models.content_update_status_type_0 import ContentUpdateStatusType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.access_window import AccessWindow


T = TypeVar("T", bound="ContentUpdate")


@_attrs_define
class ContentUpdate:
    """
    Attributes:
        title (None | str | Unset):
        body (None | str | Unset):
        body_format (ContentUpdateBodyFormatType0 | None | Unset):
        image_url (None | str | Unset):
        tiers (list[str] | None | Unset):
        segments (list[int] | None | Unset):
        windows (list[AccessWindow] | None | Unset):
        status (ContentUpdateStatusType0 | None | Unset):
    """

    title: None | str | Unset = UNSET
    body: None | str | Unset = UNSET
    body_format: ContentUpdateBodyFormatType0 | None | Unset = UNSET
    image_url: None | str | Unset = UNSET
    tiers: list[str] | None | Unset = UNSET
    segments: list[int] | None | Unset = UNSET
    windows: list[AccessWindow] | None | Unset = UNSET
    status: ContentUpdateStatusType0 | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        title: None | str | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        else:
            title = self.title

        body: None | str | Unset
        if isinstance(self.body, Unset):
            body = UNSET
        else:
            body = self.body

        body_format: None | str | Unset
        if isinstance(self.body_format, Unset):
            body_format = UNSET
        elif isinstance(self.body_format, ContentUpdateBodyFormatType0):
            body_format = self.body_format.value
        else:
            body_format = self.body_format

        image_url: None | str | Unset
        if isinstance(self.image_url, Unset):
            image_url = UNSET
        else:
            image_url = self.image_url

        tiers: list[str] | None | Unset
        if isinstance(self.tiers, Unset):
            tiers = UNSET
        elif isinstance(self.tiers, list):
            tiers = self.tiers

        else:
            tiers = self.tiers

        segments: list[int] | None | Unset
        if isinstance(self.segments, Unset):
            segments = UNSET
        elif isinstance(self.segments, list):
            segments = self.segments

        else:
            segments = self.segments

        windows: list[dict[str, Any]] | None | Unset
        if isinstance(self.windows, Unset):
            windows = UNSET
        elif isinstance(self.windows, list):
            windows = []
            for windows_type_0_item_data in self.windows:
                windows_type_0_item = windows_type_0_item_data.to_dict()
                windows.append(windows_type_0_item)

        else:
            windows = self.windows

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, ContentUpdateStatusType0):
            status = self.status.value
        else:
            status = self.status

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if title is not UNSET:
            field_dict["title"] = title
        if body is not UNSET:
            field_dict["body"] = body
        if body_format is not UNSET:
            field_dict["body_format"] = body_format
        if image_url is not UNSET:
            field_dict["image_url"] = image_url
        if tiers is not UNSET:
            field_dict["tiers"] = tiers
        if segments is not UNSET:
            field_dict["segments"] = segments
        if windows is not UNSET:
            field_dict["windows"] = windows
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.access_window import AccessWindow  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        title = _parse_title(d.pop("title", UNSET))

        def _parse_body(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        body = _parse_body(d.pop("body", UNSET))

        def _parse_body_format(data: object) -> ContentUpdateBodyFormatType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                body_format_type_0 = ContentUpdateBodyFormatType0(data)

                return body_format_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ContentUpdateBodyFormatType0 | None | Unset, data)

        body_format = _parse_body_format(d.pop("body_format", UNSET))

        def _parse_image_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        image_url = _parse_image_url(d.pop("image_url", UNSET))

        def _parse_tiers(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                tiers_type_0 = cast(list[str], data)

                return tiers_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        tiers = _parse_tiers(d.pop("tiers", UNSET))

        def _parse_segments(data: object) -> list[int] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                segments_type_0 = cast(list[int], data)

                return segments_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[int] | None | Unset, data)

        segments = _parse_segments(d.pop("segments", UNSET))

        def _parse_windows(data: object) -> list[AccessWindow] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                windows_type_0 = []
                _windows_type_0 = data
                for windows_type_0_item_data in _windows_type_0:
                    windows_type_0_item = AccessWindow.from_dict(windows_type_0_item_data)

                    windows_type_0.append(windows_type_0_item)

                return windows_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[AccessWindow] | None | Unset, data)

        windows = _parse_windows(d.pop("windows", UNSET))

        def _parse_status(data: object) -> ContentUpdateStatusType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = ContentUpdateStatusType0(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ContentUpdateStatusType0 | None | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        content_update = cls(
            title=title,
            body=body,
            body_format=body_format,
            image_url=image_url,
            tiers=tiers,
            segments=segments,
            windows=windows,
            status=status,
        )

        return content_update
