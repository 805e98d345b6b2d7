from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CodeBatchCreate")


@_attrs_define
class CodeBatchCreate:
    """Codes drawn with a cryptographically secure generator from a pattern ('#' is a random
    character) or from prefix + length random characters + postfix.

        Attributes:
            count (int):
            pattern (None | str | Unset):
            prefix (str | Unset):  Default: ''.
            postfix (str | Unset):  Default: ''.
            length (int | None | Unset):
            charset (str | Unset): unambiguous (no 0/O, 1/I/L; the default), alphanumeric, alphabetic, numeric, or the
                characters to draw from. Default: 'unambiguous'.
    """

    count: int
    pattern: None | str | Unset = UNSET
    prefix: str | Unset = ""
    postfix: str | Unset = ""
    length: int | None | Unset = UNSET
    charset: str | Unset = "unambiguous"

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        pattern: None | str | Unset
        if isinstance(self.pattern, Unset):
            pattern = UNSET
        else:
            pattern = self.pattern

        prefix = self.prefix

        postfix = self.postfix

        length: int | None | Unset
        if isinstance(self.length, Unset):
            length = UNSET
        else:
            length = self.length

        charset = self.charset

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "count": count,
            }
        )
        if pattern is not UNSET:
            field_dict["pattern"] = pattern
        if prefix is not UNSET:
            field_dict["prefix"] = prefix
        if postfix is not UNSET:
            field_dict["postfix"] = postfix
        if length is not UNSET:
            field_dict["length"] = length
        if charset is not UNSET:
            field_dict["charset"] = charset

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        count = d.pop("count")

        def _parse_pattern(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        pattern = _parse_pattern(d.pop("pattern", UNSET))

        prefix = d.pop("prefix", UNSET)

        postfix = d.pop("postfix", UNSET)

        def _parse_length(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        length = _parse_length(d.pop("length", UNSET))

        charset = d.pop("charset", UNSET)

        code_batch_create = cls(
            count=count,
            pattern=pattern,
            prefix=prefix,
            postfix=postfix,
            length=length,
            charset=charset,
        )

        return code_batch_create
