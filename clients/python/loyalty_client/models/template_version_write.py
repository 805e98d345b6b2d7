from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TemplateVersionWrite")


@_attrs_define
class TemplateVersionWrite:
    """
    Attributes:
        subject (str | Unset):  Default: ''.
        html_body (str | Unset):  Default: ''.
        text_body (str | Unset):  Default: ''.
    """

    subject: str | Unset = ""
    html_body: str | Unset = ""
    text_body: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        subject = self.subject

        html_body = self.html_body

        text_body = self.text_body

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if subject is not UNSET:
            field_dict["subject"] = subject
        if html_body is not UNSET:
            field_dict["html_body"] = html_body
        if text_body is not UNSET:
            field_dict["text_body"] = text_body

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        subject = d.pop("subject", UNSET)

        html_body = d.pop("html_body", UNSET)

        text_body = d.pop("text_body", UNSET)

        template_version_write = cls(
            subject=subject,
            html_body=html_body,
            text_body=text_body,
        )

        return template_version_write
