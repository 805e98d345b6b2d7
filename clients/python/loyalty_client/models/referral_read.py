from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.referral_read_status import ReferralReadStatus

if TYPE_CHECKING:
    from ..models.side_reward import SideReward


T = TypeVar("T", bound="ReferralRead")


@_attrs_define
class ReferralRead:
    """
    Attributes:
        id (int):
        referrer_id (int):
        referee_id (int):
        code (str):
        status (ReferralReadStatus):
        reason (None | str): Why it was rejected or reversed (`self_referral_email`, `referral_cap_reached`,
            `qualifying_purchase_refunded`, …).
        signed_up_at (datetime.datetime):
        linked_at (datetime.datetime):
        qualifies_until (datetime.datetime | None): While pending: the last moment a qualifying purchase counts (under
            the current terms).
        qualifying_purchase_id (int | None):
        qualified_at (datetime.datetime | None):
        rewarded_at (datetime.datetime | None):
        reversed_at (datetime.datetime | None):
        referrer_reward (SideReward):
        referee_reward (SideReward):
    """

    id: int
    referrer_id: int
    referee_id: int
    code: str
    status: ReferralReadStatus
    reason: None | str
    signed_up_at: datetime.datetime
    linked_at: datetime.datetime
    qualifies_until: datetime.datetime | None
    qualifying_purchase_id: int | None
    qualified_at: datetime.datetime | None
    rewarded_at: datetime.datetime | None
    reversed_at: datetime.datetime | None
    referrer_reward: SideReward
    referee_reward: SideReward
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        referrer_id = self.referrer_id

        referee_id = self.referee_id

        code = self.code

        status = self.status.value

        reason: None | str
        reason = self.reason

        signed_up_at = self.signed_up_at.isoformat()

        linked_at = self.linked_at.isoformat()

        qualifies_until: None | str
        if isinstance(self.qualifies_until, datetime.datetime):
            qualifies_until = self.qualifies_until.isoformat()
        else:
            qualifies_until = self.qualifies_until

        qualifying_purchase_id: int | None
        qualifying_purchase_id = self.qualifying_purchase_id

        qualified_at: None | str
        if isinstance(self.qualified_at, datetime.datetime):
            qualified_at = self.qualified_at.isoformat()
        else:
            qualified_at = self.qualified_at

        rewarded_at: None | str
        if isinstance(self.rewarded_at, datetime.datetime):
            rewarded_at = self.rewarded_at.isoformat()
        else:
            rewarded_at = self.rewarded_at

        reversed_at: None | str
        if isinstance(self.reversed_at, datetime.datetime):
            reversed_at = self.reversed_at.isoformat()
        else:
            reversed_at = self.reversed_at

        referrer_reward = self.referrer_reward.to_dict()

        referee_reward = self.referee_reward.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "referrer_id": referrer_id,
                "referee_id": referee_id,
                "code": code,
                "status": status,
                "reason": reason,
                "signed_up_at": signed_up_at,
                "linked_at": linked_at,
                "qualifies_until": qualifies_until,
                "qualifying_purchase_id": qualifying_purchase_id,
                "qualified_at": qualified_at,
                "rewarded_at": rewarded_at,
                "reversed_at": reversed_at,
                "referrer_reward": referrer_reward,
                "referee_reward": referee_reward,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.side_reward import SideReward  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        referrer_id = d.pop("referrer_id")

        referee_id = d.pop("referee_id")

        code = d.pop("code")

        status = ReferralReadStatus(d.pop("status"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        signed_up_at = datetime.datetime.fromisoformat(d.pop("signed_up_at"))

        linked_at = datetime.datetime.fromisoformat(d.pop("linked_at"))

        def _parse_qualifies_until(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                qualifies_until_type_0 = datetime.datetime.fromisoformat(data)

                return qualifies_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        qualifies_until = _parse_qualifies_until(d.pop("qualifies_until"))

        def _parse_qualifying_purchase_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        qualifying_purchase_id = _parse_qualifying_purchase_id(d.pop("qualifying_purchase_id"))

        def _parse_qualified_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                qualified_at_type_0 = datetime.datetime.fromisoformat(data)

                return qualified_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        qualified_at = _parse_qualified_at(d.pop("qualified_at"))

        def _parse_rewarded_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                rewarded_at_type_0 = datetime.datetime.fromisoformat(data)

                return rewarded_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        rewarded_at = _parse_rewarded_at(d.pop("rewarded_at"))

        def _parse_reversed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reversed_at_type_0 = datetime.datetime.fromisoformat(data)

                return reversed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        reversed_at = _parse_reversed_at(d.pop("reversed_at"))

        referrer_reward = SideReward.from_dict(d.pop("referrer_reward"))

        referee_reward = SideReward.from_dict(d.pop("referee_reward"))

        referral_read = cls(
            id=id,
            referrer_id=referrer_id,
            referee_id=referee_id,
            code=code,
            status=status,
            reason=reason,
            signed_up_at=signed_up_at,
            linked_at=linked_at,
            qualifies_until=qualifies_until,
            qualifying_purchase_id=qualifying_purchase_id,
            qualified_at=qualified_at,
            rewarded_at=rewarded_at,
            reversed_at=reversed_at,
            referrer_reward=referrer_reward,
            referee_reward=referee_reward,
        )

        referral_read.additional_properties = d
        return referral_read

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
