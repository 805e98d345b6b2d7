from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ReferralLinkRead")


@_attrs_define
class ReferralLinkRead:
    """What a referral link resolves to when the program has no signup page configured.

    Attributes:
        referral_code (str):
        program_id (int):
        program_name (str):
        active (bool):
        signup_url (None | str):
    """

    referral_code: str
    program_id: int
    program_name: str
    active: bool
    signup_url: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        referral_code = self.referral_code

        program_id = self.program_id

        program_name = self.program_name

        active = self.active

        signup_url: None | str
        signup_url = self.signup_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "referral_code": referral_code,
                "program_id": program_id,
                "program_name": program_name,
                "active": active,
                "signup_url": signup_url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        referral_code = d.pop("referral_code")

        program_id = d.pop("program_id")

        program_name = d.pop("program_name")

        active = d.pop("active")

        def _parse_signup_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        signup_url = _parse_signup_url(d.pop("signup_url"))

        referral_link_read = cls(
            referral_code=referral_code,
            program_id=program_id,
            program_name=program_name,
            active=active,
            signup_url=signup_url,
        )

        referral_link_read.additional_properties = d
        return referral_link_read

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
