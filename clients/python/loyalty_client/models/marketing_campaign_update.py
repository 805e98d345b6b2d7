from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.marketing_campaign_update_target_type_0 import MarketingCampaignUpdateTargetType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.campaign_budget import CampaignBudget
    from ..models.campaign_message import CampaignMessage
    from ..models.campaign_offer import CampaignOffer
    from ..models.marketing_campaign_update_condition_type_0 import MarketingCampaignUpdateConditionType0
    from ..models.member_ref import MemberRef


T = TypeVar("T", bound="MarketingCampaignUpdate")


@_attrs_define
class MarketingCampaignUpdate:
    """Any subset of a draft or scheduled campaign's fields; null clears message, offer, budget,
    condition, starts_at (back to a draft) or ends_at. `members` replaces the list.

        Attributes:
            name (None | str | Unset):
            description (None | str | Unset):
            target (MarketingCampaignUpdateTargetType0 | None | Unset):
            members (list[MemberRef] | None | Unset):
            condition (MarketingCampaignUpdateConditionType0 | None | Unset):
            starts_at (datetime.datetime | None | Unset):
            ends_at (datetime.datetime | None | Unset):
            message (CampaignMessage | None | Unset):
            offer (CampaignOffer | None | Unset):
            budget (CampaignBudget | None | Unset):
            control_share (float | None | str | Unset):
            attribution_days (int | None | Unset):
    """

    name: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    target: MarketingCampaignUpdateTargetType0 | None | Unset = UNSET
    members: list[MemberRef] | None | Unset = UNSET
    condition: MarketingCampaignUpdateConditionType0 | None | Unset = UNSET
    starts_at: datetime.datetime | None | Unset = UNSET
    ends_at: datetime.datetime | None | Unset = UNSET
    message: CampaignMessage | None | Unset = UNSET
    offer: CampaignOffer | None | Unset = UNSET
    budget: CampaignBudget | None | Unset = UNSET
    control_share: float | None | str | Unset = UNSET
    attribution_days: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.campaign_budget import CampaignBudget  # noqa: PLC0415
        from ..models.campaign_message import CampaignMessage  # noqa: PLC0415
        from ..models.campaign_offer import CampaignOffer  # noqa: PLC0415
        from ..models.marketing_campaign_update_condition_type_0 import MarketingCampaignUpdateConditionType0  # noqa: PLC0415

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        target: None | str | Unset
        if isinstance(self.target, Unset):
            target = UNSET
        elif isinstance(self.target, MarketingCampaignUpdateTargetType0):
            target = self.target.value
        else:
            target = self.target

        members: list[dict[str, Any]] | None | Unset
        if isinstance(self.members, Unset):
            members = UNSET
        elif isinstance(self.members, list):
            members = []
            for members_type_0_item_data in self.members:
                members_type_0_item = members_type_0_item_data.to_dict()
                members.append(members_type_0_item)

        else:
            members = self.members

        condition: dict[str, Any] | None | Unset
        if isinstance(self.condition, Unset):
            condition = UNSET
        elif isinstance(self.condition, MarketingCampaignUpdateConditionType0):
            condition = self.condition.to_dict()
        else:
            condition = self.condition

        starts_at: None | str | Unset
        if isinstance(self.starts_at, Unset):
            starts_at = UNSET
        elif isinstance(self.starts_at, datetime.datetime):
            starts_at = self.starts_at.isoformat()
        else:
            starts_at = self.starts_at

        ends_at: None | str | Unset
        if isinstance(self.ends_at, Unset):
            ends_at = UNSET
        elif isinstance(self.ends_at, datetime.datetime):
            ends_at = self.ends_at.isoformat()
        else:
            ends_at = self.ends_at

        message: dict[str, Any] | None | Unset
        if isinstance(self.message, Unset):
            message = UNSET
        elif isinstance(self.message, CampaignMessage):
            message = self.message.to_dict()
        else:
            message = self.message

        offer: dict[str, Any] | None | Unset
        if isinstance(self.offer, Unset):
            offer = UNSET
        elif isinstance(self.offer, CampaignOffer):
            offer = self.offer.to_dict()
        else:
            offer = self.offer

        budget: dict[str, Any] | None | Unset
        if isinstance(self.budget, Unset):
            budget = UNSET
        elif isinstance(self.budget, CampaignBudget):
            budget = self.budget.to_dict()
        else:
            budget = self.budget

        control_share: float | None | str | Unset
        if isinstance(self.control_share, Unset):
            control_share = UNSET
        else:
            control_share = self.control_share

        attribution_days: int | None | Unset
        if isinstance(self.attribution_days, Unset):
            attribution_days = UNSET
        else:
            attribution_days = self.attribution_days

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if description is not UNSET:
            field_dict["description"] = description
        if target is not UNSET:
            field_dict["target"] = target
        if members is not UNSET:
            field_dict["members"] = members
        if condition is not UNSET:
            field_dict["condition"] = condition
        if starts_at is not UNSET:
            field_dict["starts_at"] = starts_at
        if ends_at is not UNSET:
            field_dict["ends_at"] = ends_at
        if message is not UNSET:
            field_dict["message"] = message
        if offer is not UNSET:
            field_dict["offer"] = offer
        if budget is not UNSET:
            field_dict["budget"] = budget
        if control_share is not UNSET:
            field_dict["control_share"] = control_share
        if attribution_days is not UNSET:
            field_dict["attribution_days"] = attribution_days

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.campaign_budget import CampaignBudget  # noqa: PLC0415
        from ..models.campaign_message import CampaignMessage  # noqa: PLC0415
        from ..models.campaign_offer import CampaignOffer  # noqa: PLC0415
        from ..models.marketing_campaign_update_condition_type_0 import MarketingCampaignUpdateConditionType0  # noqa: PLC0415
        from ..models.member_ref import MemberRef  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_target(data: object) -> MarketingCampaignUpdateTargetType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                target_type_0 = MarketingCampaignUpdateTargetType0(data)

                return target_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MarketingCampaignUpdateTargetType0 | None | Unset, data)

        target = _parse_target(d.pop("target", UNSET))

        def _parse_members(data: object) -> list[MemberRef] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                members_type_0 = []
                _members_type_0 = data
                for members_type_0_item_data in _members_type_0:
                    members_type_0_item = MemberRef.from_dict(members_type_0_item_data)

                    members_type_0.append(members_type_0_item)

                return members_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[MemberRef] | None | Unset, data)

        members = _parse_members(d.pop("members", UNSET))

        def _parse_condition(data: object) -> MarketingCampaignUpdateConditionType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                condition_type_0 = MarketingCampaignUpdateConditionType0.from_dict(data)

                return condition_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MarketingCampaignUpdateConditionType0 | None | Unset, data)

        condition = _parse_condition(d.pop("condition", UNSET))

        def _parse_starts_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                starts_at_type_0 = datetime.datetime.fromisoformat(data)

                return starts_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        starts_at = _parse_starts_at(d.pop("starts_at", UNSET))

        def _parse_ends_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_at_type_0 = datetime.datetime.fromisoformat(data)

                return ends_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        ends_at = _parse_ends_at(d.pop("ends_at", UNSET))

        def _parse_message(data: object) -> CampaignMessage | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                message_type_0 = CampaignMessage.from_dict(data)

                return message_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CampaignMessage | None | Unset, data)

        message = _parse_message(d.pop("message", UNSET))

        def _parse_offer(data: object) -> CampaignOffer | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                offer_type_0 = CampaignOffer.from_dict(data)

                return offer_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CampaignOffer | None | Unset, data)

        offer = _parse_offer(d.pop("offer", UNSET))

        def _parse_budget(data: object) -> CampaignBudget | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                budget_type_0 = CampaignBudget.from_dict(data)

                return budget_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CampaignBudget | None | Unset, data)

        budget = _parse_budget(d.pop("budget", UNSET))

        def _parse_control_share(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        control_share = _parse_control_share(d.pop("control_share", UNSET))

        def _parse_attribution_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        attribution_days = _parse_attribution_days(d.pop("attribution_days", UNSET))

        marketing_campaign_update = cls(
            name=name,
            description=description,
            target=target,
            members=members,
            condition=condition,
            starts_at=starts_at,
            ends_at=ends_at,
            message=message,
            offer=offer,
            budget=budget,
            control_share=control_share,
            attribution_days=attribution_days,
        )

        return marketing_campaign_update
