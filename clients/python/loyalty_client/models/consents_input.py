from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.consent_input import ConsentInput


T = TypeVar("T", bound="ConsentsInput")


@_attrs_define
class ConsentsInput:
    """
    Attributes:
        email (ConsentInput | None | Unset):
        sms (ConsentInput | None | Unset):
        push (ConsentInput | None | Unset):
        profiling (ConsentInput | None | Unset): May the program keep what the member tells it (survey answers mapped to
            profile attributes) in their profile.
    """

    email: ConsentInput | None | Unset = UNSET
    sms: ConsentInput | None | Unset = UNSET
    push: ConsentInput | None | Unset = UNSET
    profiling: ConsentInput | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.consent_input import ConsentInput  # noqa: PLC0415

        email: dict[str, Any] | None | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        elif isinstance(self.email, ConsentInput):
            email = self.email.to_dict()
        else:
            email = self.email

        sms: dict[str, Any] | None | Unset
        if isinstance(self.sms, Unset):
            sms = UNSET
        elif isinstance(self.sms, ConsentInput):
            sms = self.sms.to_dict()
        else:
            sms = self.sms

        push: dict[str, Any] | None | Unset
        if isinstance(self.push, Unset):
            push = UNSET
        elif isinstance(self.push, ConsentInput):
            push = self.push.to_dict()
        else:
            push = self.push

        profiling: dict[str, Any] | None | Unset
        if isinstance(self.profiling, Unset):
            profiling = UNSET
        elif isinstance(self.profiling, ConsentInput):
            profiling = self.profiling.to_dict()
        else:
            profiling = self.profiling

        field_dict: dict[str, Any] = {}

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
        from ..models.consent_input import ConsentInput  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_email(data: object) -> ConsentInput | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                email_type_0 = ConsentInput.from_dict(data)

                return email_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConsentInput | None | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_sms(data: object) -> ConsentInput | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                sms_type_0 = ConsentInput.from_dict(data)

                return sms_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConsentInput | None | Unset, data)

        sms = _parse_sms(d.pop("sms", UNSET))

        def _parse_push(data: object) -> ConsentInput | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                push_type_0 = ConsentInput.from_dict(data)

                return push_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConsentInput | None | Unset, data)

        push = _parse_push(d.pop("push", UNSET))

        def _parse_profiling(data: object) -> ConsentInput | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                profiling_type_0 = ConsentInput.from_dict(data)

                return profiling_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConsentInput | None | Unset, data)

        profiling = _parse_profiling(d.pop("profiling", UNSET))

        consents_input = cls(
            email=email,
            sms=sms,
            push=push,
            profiling=profiling,
        )

        return consents_input
