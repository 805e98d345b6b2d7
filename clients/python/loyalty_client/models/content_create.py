from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.content_create_body_format import ContentCreateBodyFormat
from ..models.content_create_kind import ContentCreateKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.access_window import AccessWindow


T = TypeVar("T", bound="ContentCreate")


@_attrs_define
class ContentCreate:
    """
    Attributes:
        title (str):
        kind (ContentCreateKind | Unset):  Default: ContentCreateKind.ARTICLE.
        body (str | Unset):  Default: ''.
        body_format (ContentCreateBodyFormat | Unset):  Default: ContentCreateBodyFormat.PLAIN.
        image_url (None | str | Unset):
        tiers (list[str] | Unset): Tier codes whose members see it; with `segments` empty too, every member does.
        segments (list[int] | Unset):
        item_ref (None | str | Unset): Early access: the product SKU or sale code the e-shop asks about.
        windows (list[AccessWindow] | Unset): Early access: when it opens for whom (the best tiers first, then the next,
            then everyone).
    """

    title: str
    kind: ContentCreateKind | Unset = ContentCreateKind.ARTICLE
    body: str | Unset = ""
    body_format: ContentCreateBodyFormat | Unset = ContentCreateBodyFormat.PLAIN
    image_url: None | str | Unset = UNSET
    tiers: list[str] | Unset = UNSET
    segments: list[int] | Unset = UNSET
    item_ref: None | str | Unset = UNSET
    windows: list[AccessWindow] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        title = self.title

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value

        body = self.body

        body_format: str | Unset = UNSET
        if not isinstance(self.body_format, Unset):
            body_format = self.body_format.value

        image_url: None | str | Unset
        if isinstance(self.image_url, Unset):
            image_url = UNSET
        else:
            image_url = self.image_url

        tiers: list[str] | Unset = UNSET
        if not isinstance(self.tiers, Unset):
            tiers = self.tiers

        segments: list[int] | Unset = UNSET
        if not isinstance(self.segments, Unset):
            segments = self.segments

        item_ref: None | str | Unset
        if isinstance(self.item_ref, Unset):
            item_ref = UNSET
        else:
            item_ref = self.item_ref

        windows: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.windows, Unset):
            windows = []
            for windows_item_data in self.windows:
                windows_item = windows_item_data.to_dict()
                windows.append(windows_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "title": title,
            }
        )
        if kind is not UNSET:
            field_dict["kind"] = kind
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
        if item_ref is not UNSET:
            field_dict["item_ref"] = item_ref
        if windows is not UNSET:
            field_dict["windows"] = windows

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.access_window import AccessWindow  # noqa: PLC0415

        d = dict(src_dict)
        title = d.pop("title")

        _kind = d.pop("kind", UNSET)
        kind: ContentCreateKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = ContentCreateKind(_kind)

        body = d.pop("body", UNSET)

        _body_format = d.pop("body_format", UNSET)
        body_format: ContentCreateBodyFormat | Unset
        if isinstance(_body_format, Unset):
            body_format = UNSET
        else:
            body_format = ContentCreateBodyFormat(_body_format)

        def _parse_image_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        image_url = _parse_image_url(d.pop("image_url", UNSET))

        tiers = cast(list[str], d.pop("tiers", UNSET))

        segments = cast(list[int], d.pop("segments", UNSET))

        def _parse_item_ref(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        item_ref = _parse_item_ref(d.pop("item_ref", UNSET))

        _windows = d.pop("windows", UNSET)
        windows: list[AccessWindow] | Unset = UNSET
        if _windows is not UNSET:
            windows = []
            for windows_item_data in _windows:
                windows_item = AccessWindow.from_dict(windows_item_data)

                windows.append(windows_item)

        content_create = cls(
            title=title,
            kind=kind,
            body=body,
            body_format=body_format,
            image_url=image_url,
            tiers=tiers,
            segments=segments,
            item_ref=item_ref,
            windows=windows,
        )

        return content_create
