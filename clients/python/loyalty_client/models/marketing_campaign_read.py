from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.marketing_campaign_read_status import MarketingCampaignReadStatus
from ..models.marketing_campaign_read_target import MarketingCampaignReadTarget

if TYPE_CHECKING:
    from ..models.campaign_budget_read import CampaignBudgetRead
    from ..models.campaign_message import CampaignMessage
    from ..models.campaign_offer_read import CampaignOfferRead
    from ..models.marketing_campaign_read_condition_type_0 import MarketingCampaignReadConditionType0


T = TypeVar("T", bound="MarketingCampaignRead")


@_attrs_define
class MarketingCampaignRead:
    """
    Attributes:
        id (int):
        name (str):
        description (None | str):
        status (MarketingCampaignReadStatus):
        target (MarketingCampaignReadTarget):
        list_size (int):
        condition (MarketingCampaignReadConditionType0 | None):
        starts_at (datetime.datetime | None):
        ends_at (datetime.datetime | None):
        message (CampaignMessage | None):
        offer (CampaignOfferRead | None):
        budget (CampaignBudgetRead | None):
        control_share (str):
        attribution_days (int):
        cost_per_member (int): What one reached member takes from the budget (its unit).
        chunks_total (int):
        chunks_done (int):
        launched_at (datetime.datetime | None):
        completed_at (datetime.datetime | None):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: int
    name: str
    description: None | str
    status: MarketingCampaignReadStatus
    target: MarketingCampaignReadTarget
    list_size: int
    condition: MarketingCampaignReadConditionType0 | None
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    message: CampaignMessage | None
    offer: CampaignOfferRead | None
    budget: CampaignBudgetRead | None
    control_share: str
    attribution_days: int
    cost_per_member: int
    chunks_total: int
    chunks_done: int
    launched_at: datetime.datetime | None
    completed_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.campaign_budget_read import CampaignBudgetRead  # noqa: PLC0415
        from ..models.campaign_message import CampaignMessage  # noqa: PLC0415
        from ..models.campaign_offer_read import CampaignOfferRead  # noqa: PLC0415
        from ..models.marketing_campaign_read_condition_type_0 import MarketingCampaignReadConditionType0  # noqa: PLC0415

        id = self.id

        name = self.name

        description: None | str
        description = self.description

        status = self.status.value

        target = self.target.value

        list_size = self.list_size

        condition: dict[str, Any] | None
        if isinstance(self.condition, MarketingCampaignReadConditionType0):
            condition = self.condition.to_dict()
        else:
            condition = self.condition

        starts_at: None | str
        if isinstance(self.starts_at, datetime.datetime):
            starts_at = self.starts_at.isoformat()
        else:
            starts_at = self.starts_at

        ends_at: None | str
        if isinstance(self.ends_at, datetime.datetime):
            ends_at = self.ends_at.isoformat()
        else:
            ends_at = self.ends_at

        message: dict[str, Any] | None
        if isinstance(self.message, CampaignMessage):
            message = self.message.to_dict()
        else:
            message = self.message

        offer: dict[str, Any] | None
        if isinstance(self.offer, CampaignOfferRead):
            offer = self.offer.to_dict()
        else:
            offer = self.offer

        budget: dict[str, Any] | None
        if isinstance(self.budget, CampaignBudgetRead):
            budget = self.budget.to_dict()
        else:
            budget = self.budget

        control_share = self.control_share

        attribution_days = self.attribution_days

        cost_per_member = self.cost_per_member

        chunks_total = self.chunks_total

        chunks_done = self.chunks_done

        launched_at: None | str
        if isinstance(self.launched_at, datetime.datetime):
            launched_at = self.launched_at.isoformat()
        else:
            launched_at = self.launched_at

        completed_at: None | str
        if isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "description": description,
                "status": status,
                "target": target,
                "list_size": list_size,
                "condition": condition,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "message": message,
                "offer": offer,
                "budget": budget,
                "control_share": control_share,
                "attribution_days": attribution_days,
                "cost_per_member": cost_per_member,
                "chunks_total": chunks_total,
                "chunks_done": chunks_done,
                "launched_at": launched_at,
                "completed_at": completed_at,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.campaign_budget_read import CampaignBudgetRead  # noqa: PLC0415
        from ..models.campaign_message import CampaignMessage  # noqa: PLC0415
        from ..models.campaign_offer_read import CampaignOfferRead  # noqa: PLC0415
        from ..models.marketing_campaign_read_condition_type_0 import MarketingCampaignReadConditionType0  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        status = MarketingCampaignReadStatus(d.pop("status"))

        target = MarketingCampaignReadTarget(d.pop("target"))

        list_size = d.pop("list_size")

        def _parse_condition(data: object) -> MarketingCampaignReadConditionType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                condition_type_0 = MarketingCampaignReadConditionType0.from_dict(data)

                return condition_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MarketingCampaignReadConditionType0 | None, data)

        condition = _parse_condition(d.pop("condition"))

        def _parse_starts_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                starts_at_type_0 = datetime.datetime.fromisoformat(data)

                return starts_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        starts_at = _parse_starts_at(d.pop("starts_at"))

        def _parse_ends_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_at_type_0 = datetime.datetime.fromisoformat(data)

                return ends_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ends_at = _parse_ends_at(d.pop("ends_at"))

        def _parse_message(data: object) -> CampaignMessage | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                message_type_0 = CampaignMessage.from_dict(data)

                return message_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CampaignMessage | None, data)

        message = _parse_message(d.pop("message"))

        def _parse_offer(data: object) -> CampaignOfferRead | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                offer_type_0 = CampaignOfferRead.from_dict(data)

                return offer_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CampaignOfferRead | None, data)

        offer = _parse_offer(d.pop("offer"))

        def _parse_budget(data: object) -> CampaignBudgetRead | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                budget_type_0 = CampaignBudgetRead.from_dict(data)

                return budget_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CampaignBudgetRead | None, data)

        budget = _parse_budget(d.pop("budget"))

        control_share = d.pop("control_share")

        attribution_days = d.pop("attribution_days")

        cost_per_member = d.pop("cost_per_member")

        chunks_total = d.pop("chunks_total")

        chunks_done = d.pop("chunks_done")

        def _parse_launched_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                launched_at_type_0 = datetime.datetime.fromisoformat(data)

                return launched_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        launched_at = _parse_launched_at(d.pop("launched_at"))

        def _parse_completed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)

                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        completed_at = _parse_completed_at(d.pop("completed_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        marketing_campaign_read = cls(
            id=id,
            name=name,
            description=description,
            status=status,
            target=target,
            list_size=list_size,
            condition=condition,
            starts_at=starts_at,
            ends_at=ends_at,
            message=message,
            offer=offer,
            budget=budget,
            control_share=control_share,
            attribution_days=attribution_days,
            cost_per_member=cost_per_member,
            chunks_total=chunks_total,
            chunks_done=chunks_done,
            launched_at=launched_at,
            completed_at=completed_at,
            created_at=created_at,
            updated_at=updated_at,
        )

        marketing_campaign_read.additional_properties = d
        return marketing_campaign_read

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
