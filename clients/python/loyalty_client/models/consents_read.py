from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.consent_state import ConsentState


T = TypeVar("T", bound="ConsentsRead")


@_attrs_define
class ConsentsRead:
    """
    Attributes:
        email (ConsentState | None | Unset):
        sms (ConsentState | None | Unset):
        push (ConsentState | None | Unset):
        profiling (ConsentState | None | Unset):
    """

    email: ConsentState | None | Unset = UNSET
    sms: ConsentState | None | Unset = UNSET
    push: ConsentState | None | Unset = UNSET
    profiling: ConsentState | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.consent_state import ConsentState  # noqa: PLC0415

        email: dict[str, Any] | None | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        elif isinstance(self.email, ConsentState):
            email = self.email.to_dict()
        else:
            email = self.email

        sms: dict[str, Any] | None | Unset
        if isinstance(self.sms, Unset):
            sms = UNSET
        elif isinstance(self.sms, ConsentState):
            sms = self.sms.to_dict()
        else:
            sms = self.sms

        push: dict[str, Any] | None | Unset
        if isinstance(self.push, Unset):
            push = UNSET
        elif isinstance(self.push, ConsentState):
            push = self.push.to_dict()
        else:
            push = self.push

        profiling: dict[str, Any] | None | Unset
        if isinstance(self.profiling, Unset):
            profiling = UNSET
        elif isinstance(self.profiling, ConsentState):
            profiling = self.profiling.to_dict()
        else:
            profiling = self.profiling

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if email is not UNSET:
            field_dict["email"] = email
        if sms is not UNSET:
            field_dict["sms"] = sms
        if push is not UNSET:
            field_dict["push"] = push
        if profiling is not UNSET:
            field_dict["profiling"] = profiling

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.consent_state import ConsentState  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_email(data: object) -> ConsentState | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                email_type_0 = ConsentState.from_dict(data)

                return email_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConsentState | None | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_sms(data: object) -> ConsentState | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                sms_type_0 = ConsentState.from_dict(data)

                return sms_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConsentState | None | Unset, data)

        sms = _parse_sms(d.pop("sms", UNSET))

        def _parse_push(data: object) -> ConsentState | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                push_type_0 = ConsentState.from_dict(data)

                return push_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConsentState | None | Unset, data)

        push = _parse_push(d.pop("push", UNSET))

        def _parse_profiling(data: object) -> ConsentState | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                profiling_type_0 = ConsentState.from_dict(data)

                return profiling_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConsentState | None | Unset, data)

        profiling = _parse_profiling(d.pop("profiling", UNSET))

        consents_read = cls(
            email=email,
            sms=sms,
            push=push,
            profiling=profiling,
        )

        consents_read.additional_properties = d
        return consents_read

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
