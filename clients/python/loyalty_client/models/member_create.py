from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.member_create_enrolment_channel import MemberCreateEnrolmentChannel
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.address import Address
    from ..models.consents_input import ConsentsInput
    from ..models.member_create_attributes import MemberCreateAttributes


T = TypeVar("T", bound="MemberCreate")


@_attrs_define
class MemberCreate:
    """
    Attributes:
        email (None | str | Unset):
        phone (None | str | Unset): International form with a leading +.
        external_id (None | str | Unset): The shop's own customer id.
        first_name (None | str | Unset):
        last_name (None | str | Unset):
        birth_date (datetime.date | None | Unset):
        address (Address | None | Unset):
        preferred_language (None | str | Unset): BCP 47 tag: en, pl, pt-BR.
        attributes (MemberCreateAttributes | Unset): Up to 50 custom keys of ≤ 64 characters.
        consents (ConsentsInput | None | Unset):
        enrolment_channel (MemberCreateEnrolmentChannel | Unset):  Default: MemberCreateEnrolmentChannel.API.
        enrolled_at (datetime.datetime | None | Unset): For imports; defaults to now, never future.
        card_number (None | str | Unset): An unassigned card (from a printed batch) to register at once.
        referral_code (None | str | Unset): The referral code of the member who invited this one (see
            docs/referrals.md); an unknown code is 422 unknown_referral_code.
    """

    email: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET
    external_id: None | str | Unset = UNSET
    first_name: None | str | Unset = UNSET
    last_name: None | str | Unset = UNSET
    birth_date: datetime.date | None | Unset = UNSET
    address: Address | None | Unset = UNSET
    preferred_language: None | str | Unset = UNSET
    attributes: MemberCreateAttributes | Unset = UNSET
    consents: ConsentsInput | None | Unset = UNSET
    enrolment_channel: MemberCreateEnrolmentChannel | Unset = MemberCreateEnrolmentChannel.API
    enrolled_at: datetime.datetime | None | Unset = UNSET
    card_number: None | str | Unset = UNSET
    referral_code: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.address import Address  # noqa: PLC0415
        from ..models.consents_input import ConsentsInput  # noqa: PLC0415

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        external_id: None | str | Unset
        if isinstance(self.external_id, Unset):
            external_id = UNSET
        else:
            external_id = self.external_id

        first_name: None | str | Unset
        if isinstance(self.first_name, Unset):
            first_name = UNSET
        else:
            first_name = self.first_name

        last_name: None | str | Unset
        if isinstance(self.last_name, Unset):
            last_name = UNSET
        else:
            last_name = self.last_name

        birth_date: None | str | Unset
        if isinstance(self.birth_date, Unset):
            birth_date = UNSET
        elif isinstance(self.birth_date, datetime.date):
            birth_date = self.birth_date.isoformat()
        else:
            birth_date = self.birth_date

        address: dict[str, Any] | None | Unset
        if isinstance(self.address, Unset):
            address = UNSET
        elif isinstance(self.address, Address):
            address = self.address.to_dict()
        else:
            address = self.address

        preferred_language: None | str | Unset
        if isinstance(self.preferred_language, Unset):
            preferred_language = UNSET
        else:
            preferred_language = self.preferred_language

        attributes: dict[str, Any] | Unset = UNSET
        if not isinstance(self.attributes, Unset):
            attributes = self.attributes.to_dict()

        consents: dict[str, Any] | None | Unset
        if isinstance(self.consents, Unset):
            consents = UNSET
        elif isinstance(self.consents, ConsentsInput):
            consents = self.consents.to_dict()
        else:
            consents = self.consents

        enrolment_channel: str | Unset = UNSET
        if not isinstance(self.enrolment_channel, Unset):
            enrolment_channel = self.enrolment_channel.value

        enrolled_at: None | str | Unset
        if isinstance(self.enrolled_at, Unset):
            enrolled_at = UNSET
        elif isinstance(self.enrolled_at, datetime.datetime):
            enrolled_at = self.enrolled_at.isoformat()
        else:
            enrolled_at = self.enrolled_at

        card_number: None | str | Unset
        if isinstance(self.card_number, Unset):
            card_number = UNSET
        else:
            card_number = self.card_number

        referral_code: None | str | Unset
        if isinstance(self.referral_code, Unset):
            referral_code = UNSET
        else:
            referral_code = self.referral_code

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if email is not UNSET:
            field_dict["email"] = email
        if phone is not UNSET:
            field_dict["phone"] = phone
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
        if first_name is not UNSET:
            field_dict["first_name"] = first_name
        if last_name is not UNSET:
            field_dict["last_name"] = last_name
        if birth_date is not UNSET:
            field_dict["birth_date"] = birth_date
        if address is not UNSET:
            field_dict["address"] = address
        if preferred_language is not UNSET:
            field_dict["preferred_language"] = preferred_language
        if attributes is not UNSET:
            field_dict["attributes"] = attributes
        if consents is not UNSET:
            field_dict["consents"] = consents
        if enrolment_channel is not UNSET:
            field_dict["enrolment_channel"] = enrolment_channel
        if enrolled_at is not UNSET:
            field_dict["enrolled_at"] = enrolled_at
        if card_number is not UNSET:
            field_dict["card_number"] = card_number
        if referral_code is not UNSET:
            field_dict["referral_code"] = referral_code

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.address import Address  # noqa: PLC0415
        from ..models.consents_input import ConsentsInput  # noqa: PLC0415
        from ..models.member_create_attributes import MemberCreateAttributes  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        def _parse_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_id = _parse_external_id(d.pop("external_id", UNSET))

        def _parse_first_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        first_name = _parse_first_name(d.pop("first_name", UNSET))

        def _parse_last_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_name = _parse_last_name(d.pop("last_name", UNSET))

        def _parse_birth_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                birth_date_type_0 = datetime.date.fromisoformat(data)

                return birth_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        birth_date = _parse_birth_date(d.pop("birth_date", UNSET))

        def _parse_address(data: object) -> Address | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                address_type_0 = Address.from_dict(data)

                return address_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Address | None | Unset, data)

        address = _parse_address(d.pop("address", UNSET))

        def _parse_preferred_language(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        preferred_language = _parse_preferred_language(d.pop("preferred_language", UNSET))

        _attributes = d.pop("attributes", UNSET)
        attributes: MemberCreateAttributes | Unset
        if isinstance(_attributes, Unset):
            attributes = UNSET
        else:
            attributes = MemberCreateAttributes.from_dict(_attributes)

        def _parse_consents(data: object) -> ConsentsInput | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                consents_type_0 = ConsentsInput.from_dict(data)

                return consents_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConsentsInput | None | Unset, data)

        consents = _parse_consents(d.pop("consents", UNSET))

        _enrolment_channel = d.pop("enrolment_channel", UNSET)
        enrolment_channel: MemberCreateEnrolmentChannel | Unset
        if isinstance(_enrolment_channel, Unset):
            enrolment_channel = UNSET
        else:
            enrolment_channel = MemberCreateEnrolmentChannel(_enrolment_channel)

        def _parse_enrolled_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                enrolled_at_type_0 = datetime.datetime.fromisoformat(data)

                return enrolled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        enrolled_at = _parse_enrolled_at(d.pop("enrolled_at", UNSET))

        def _parse_card_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        card_number = _parse_card_number(d.pop("card_number", UNSET))

        def _parse_referral_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        referral_code = _parse_referral_code(d.pop("referral_code", UNSET))

        member_create = cls(
            email=email,
            phone=phone,
            external_id=external_id,
            first_name=first_name,
            last_name=last_name,
            birth_date=birth_date,
            address=address,
            preferred_language=preferred_language,
            attributes=attributes,
            consents=consents,
            enrolment_channel=enrolment_channel,
            enrolled_at=enrolled_at,
            card_number=card_number,
            referral_code=referral_code,
        )

        return member_create
