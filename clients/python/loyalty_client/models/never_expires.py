from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="NeverExpires")


@_attrs_define
class NeverExpires:
    """
    Attributes:
        kind (Literal['never'] | Unset):  Default: 'never'.
    """

    kind: Literal["never"] | Unset = "never"

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if kind is not UNSET:
            field_dict["kind"] = kind

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = cast(Literal["never"] | Unset, d.pop("kind", UNSET))
        if kind != "never" and not isinstance(kind, Unset):
            raise ValueError(f"kind must match const 'never', got '{kind}'")

        never_expires = cls(
            kind=kind,
        )

        return never_expires
