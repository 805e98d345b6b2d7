from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.member_content_read_kind import MemberContentReadKind

T = TypeVar("T", bound="MemberContentRead")


@_attrs_define
class MemberContentRead:
    """An item as one member sees it: the body as safe HTML, and for early access when it opens
    for this member.

        Attributes:
            id (int):
            kind (MemberContentReadKind):
            title (str):
            body_html (str): The body as HTML: markdown rendered without raw HTML, or escaped text.
            image_url (None | str):
            item_ref (None | str):
            opens_at (datetime.datetime | None): Early access: when this member may buy (null for other kinds).
            is_open (bool): Whether the member may use it now (always true for articles).
    """

    id: int
    kind: MemberContentReadKind
    title: str
    body_html: str
    image_url: None | str
    item_ref: None | str
    opens_at: datetime.datetime | None
    is_open: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        kind = self.kind.value

        title = self.title

        body_html = self.body_html

        image_url: None | str
        image_url = self.image_url

        item_ref: None | str
        item_ref = self.item_ref

        opens_at: None | str
        if isinstance(self.opens_at, datetime.datetime):
            opens_at = self.opens_at.isoformat()
        else:
            opens_at = self.opens_at

        is_open = self.is_open

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "title": title,
                "body_html": body_html,
                "image_url": image_url,
                "item_ref": item_ref,
                "opens_at": opens_at,
                "is_open": is_open,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        kind = MemberContentReadKind(d.pop("kind"))

        title = d.pop("title")

        body_html = d.pop("body_html")

        def _parse_image_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        image_url = _parse_image_url(d.pop("image_url"))

        def _parse_item_ref(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        item_ref = _parse_item_ref(d.pop("item_ref"))

        def _parse_opens_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                opens_at_type_0 = datetime.datetime.fromisoformat(data)

                return opens_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        opens_at = _parse_opens_at(d.pop("opens_at"))

        is_open = d.pop("is_open")

        member_content_read = cls(
            id=id,
            kind=kind,
            title=title,
            body_html=body_html,
            image_url=image_url,
            item_ref=item_ref,
            opens_at=opens_at,
            is_open=is_open,
        )

        member_content_read.additional_properties = d
        return member_content_read

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
