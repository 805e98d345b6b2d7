from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.error_error_details import ErrorErrorDetails


T = TypeVar("T", bound="ErrorError")


@_attrs_define
class ErrorError:
    """
    Attributes:
        code (str): Stable, for programs: `invalid_api_key`, `missing_scope`, `member_exists`, `insufficient_points`,
            `missing_field`, …
        message (str): For people; may change between versions.
        field (None | str): The field or header at fault, dotted when nested (`lines.0.amount`); null when no one field
            is.
        details (ErrorErrorDetails | Unset): More about some codes: `available` and `requested` for
            `insufficient_points`, `other_errors` when a request has several invalid fields, `retry_after` for
            `rate_limited` and the 503s, `in_use_by` for `tier_in_use`, `line` for `nul_character` in a file.
    """

    code: str
    message: str
    field: None | str
    details: ErrorErrorDetails | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        message = self.message

        field: None | str
        field = self.field

        details: dict[str, Any] | Unset = UNSET
        if not isinstance(self.details, Unset):
            details = self.details.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "message": message,
                "field": field,
            }
        )
        if details is not UNSET:
            field_dict["details"] = details

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.error_error_details import ErrorErrorDetails  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        message = d.pop("message")

        def _parse_field(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        field = _parse_field(d.pop("field"))

        _details = d.pop("details", UNSET)
        details: ErrorErrorDetails | Unset
        if isinstance(_details, Unset):
            details = UNSET
        else:
            details = ErrorErrorDetails.from_dict(_details)

        error_error = cls(
            code=code,
            message=message,
            field=field,
            details=details,
        )

        return error_error
