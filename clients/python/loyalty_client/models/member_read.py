from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.member_read_enrolment_channel import MemberReadEnrolmentChannel
from ..models.member_read_status import MemberReadStatus

if TYPE_CHECKING:
    from ..models.address import Address
    from ..models.consents_read import ConsentsRead
    from ..models.member_read_attributes import MemberReadAttributes


T = TypeVar("T", bound="MemberRead")


@_attrs_define
class MemberRead:
    """
    Attributes:
        id (int):
        email (None | str):
        phone (None | str):
        external_id (None | str):
        first_name (None | str):
        last_name (None | str):
        birth_date (datetime.date | None):
        address (Address | None):
        preferred_language (None | str):
        attributes (MemberReadAttributes):
        status (MemberReadStatus):
        enrolment_channel (MemberReadEnrolmentChannel):
        enrolled_at (datetime.datetime):
        updated_at (datetime.datetime):
        referral_code (str):
        consents (ConsentsRead):
        cards (list[str]): Numbers of the member's active cards.
    """

    id: int
    email: None | str
    phone: None | str
    external_id: None | str
    first_name: None | str
    last_name: None | str
    birth_date: datetime.date | None
    address: Address | None
    preferred_language: None | str
    attributes: MemberReadAttributes
    status: MemberReadStatus
    enrolment_channel: MemberReadEnrolmentChannel
    enrolled_at: datetime.datetime
    updated_at: datetime.datetime
    referral_code: str
    consents: ConsentsRead
    cards: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.address import Address  # noqa: PLC0415

        id = self.id

        email: None | str
        email = self.email

        phone: None | str
        phone = self.phone

        external_id: None | str
        external_id = self.external_id

        first_name: None | str
        first_name = self.first_name

        last_name: None | str
        last_name = self.last_name

        birth_date: None | str
        if isinstance(self.birth_date, datetime.date):
            birth_date = self.birth_date.isoformat()
        else:
            birth_date = self.birth_date

        address: dict[str, Any] | None
        if isinstance(self.address, Address):
            address = self.address.to_dict()
        else:
            address = self.address

        preferred_language: None | str
        preferred_language = self.preferred_language

        attributes = self.attributes.to_dict()

        status = self.status.value

        enrolment_channel = self.enrolment_channel.value

        enrolled_at = self.enrolled_at.isoformat()

        updated_at = self.updated_at.isoformat()

        referral_code = self.referral_code

        consents = self.consents.to_dict()

        cards = self.cards

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "email": email,
                "phone": phone,
                "external_id": external_id,
                "first_name": first_name,
                "last_name": last_name,
                "birth_date": birth_date,
                "address": address,
                "preferred_language": preferred_language,
                "attributes": attributes,
                "status": status,
                "enrolment_channel": enrolment_channel,
                "enrolled_at": enrolled_at,
                "updated_at": updated_at,
                "referral_code": referral_code,
                "consents": consents,
                "cards": cards,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.address import Address  # noqa: PLC0415
        from ..models.consents_read import ConsentsRead  # noqa: PLC0415
        from ..models.member_read_attributes import MemberReadAttributes  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))

        def _parse_phone(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        phone = _parse_phone(d.pop("phone"))

        def _parse_external_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        external_id = _parse_external_id(d.pop("external_id"))

        def _parse_first_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        first_name = _parse_first_name(d.pop("first_name"))

        def _parse_last_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_name = _parse_last_name(d.pop("last_name"))

        def _parse_birth_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                birth_date_type_0 = datetime.date.fromisoformat(data)

                return birth_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        birth_date = _parse_birth_date(d.pop("birth_date"))

        def _parse_address(data: object) -> Address | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                address_type_0 = Address.from_dict(data)

                return address_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Address | None, data)

        address = _parse_address(d.pop("address"))

        def _parse_preferred_language(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        preferred_language = _parse_preferred_language(d.pop("preferred_language"))

        attributes = MemberReadAttributes.from_dict(d.pop("attributes"))

        status = MemberReadStatus(d.pop("status"))

        enrolment_channel = MemberReadEnrolmentChannel(d.pop("enrolment_channel"))

        enrolled_at = datetime.datetime.fromisoformat(d.pop("enrolled_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        referral_code = d.pop("referral_code")

        consents = ConsentsRead.from_dict(d.pop("consents"))

        cards = cast(list[str], d.pop("cards"))

        member_read = cls(
            id=id,
            email=email,
            phone=phone,
            external_id=external_id,
            first_name=first_name,
            last_name=last_name,
            birth_date=birth_date,
            address=address,
            preferred_language=preferred_language,
            attributes=attributes,
            status=status,
            enrolment_channel=enrolment_channel,
            enrolled_at=enrolled_at,
            updated_at=updated_at,
            referral_code=referral_code,
            consents=consents,
            cards=cards,
        )

        member_read.additional_properties = d
        return member_read

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
