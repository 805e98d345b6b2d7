from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.member_referrals_read_counts import MemberReferralsReadCounts
    from ..models.referral_read import ReferralRead


T = TypeVar("T", bound="MemberReferralsRead")


@_attrs_define
class MemberReferralsRead:
    """The member's referral code and link, how they joined, and a page of the members who
    joined with their code (`items`, newest first).

        Attributes:
            items (list[ReferralRead]):
            next_cursor (None | str): Pass as `cursor` for the next page; null on the last one.
            member_id (int):
            referral_code (str):
            referral_link (str):
            referred_by (None | ReferralRead): How this member joined, when it was with a code.
            counts (MemberReferralsReadCounts): The member's referees by status.
    """

    items: list[ReferralRead]
    next_cursor: None | str
    member_id: int
    referral_code: str
    referral_link: str
    referred_by: None | ReferralRead
    counts: MemberReferralsReadCounts
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.referral_read import ReferralRead  # noqa: PLC0415

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        next_cursor: None | str
        next_cursor = self.next_cursor

        member_id = self.member_id

        referral_code = self.referral_code

        referral_link = self.referral_link

        referred_by: dict[str, Any] | None
        if isinstance(self.referred_by, ReferralRead):
            referred_by = self.referred_by.to_dict()
        else:
            referred_by = self.referred_by

        counts = self.counts.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "items": items,
                "next_cursor": next_cursor,
                "member_id": member_id,
                "referral_code": referral_code,
                "referral_link": referral_link,
                "referred_by": referred_by,
                "counts": counts,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.member_referrals_read_counts import MemberReferralsReadCounts  # noqa: PLC0415
        from ..models.referral_read import ReferralRead  # noqa: PLC0415

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = ReferralRead.from_dict(items_item_data)

            items.append(items_item)

        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))

        member_id = d.pop("member_id")

        referral_code = d.pop("referral_code")

        referral_link = d.pop("referral_link")

        def _parse_referred_by(data: object) -> None | ReferralRead:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                referred_by_type_0 = ReferralRead.from_dict(data)

                return referred_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReferralRead, data)

        referred_by = _parse_referred_by(d.pop("referred_by"))

        counts = MemberReferralsReadCounts.from_dict(d.pop("counts"))

        member_referrals_read = cls(
            items=items,
            next_cursor=next_cursor,
            member_id=member_id,
            referral_code=referral_code,
            referral_link=referral_link,
            referred_by=referred_by,
            counts=counts,
        )

        member_referrals_read.additional_properties = d
        return member_referrals_read

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
