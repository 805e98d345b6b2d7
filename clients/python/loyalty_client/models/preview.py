from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.preview_context import PreviewContext


T = TypeVar("T", bound="Preview")


@_attrs_define
class Preview:
    """
    Attributes:
        language (str):
        subject (str):
        html (None | str):
        text (str):
        context (PreviewContext):
    """

    language: str
    subject: str
    html: None | str
    text: str
    context: PreviewContext
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        language = self.language

        subject = self.subject

        html: None | str
        html = self.html

        text = self.text

        context = self.context.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "language": language,
                "subject": subject,
                "html": html,
                "text": text,
                "context": context,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.preview_context import PreviewContext  # noqa: PLC0415

        d = dict(src_dict)
        language = d.pop("language")

        subject = d.pop("subject")

        def _parse_html(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        html = _parse_html(d.pop("html"))

        text = d.pop("text")

        context = PreviewContext.from_dict(d.pop("context"))

        preview = cls(
            language=language,
            subject=subject,
            html=html,
            text=text,
            context=context,
        )

        preview.additional_properties = d
        return preview

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
