from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.campaign_read_kind import CampaignReadKind

if TYPE_CHECKING:
    from ..models.campaign_read_condition_type_0 import CampaignReadConditionType0
    from ..models.campaign_read_line_condition_type_0 import CampaignReadLineConditionType0


T = TypeVar("T", bound="CampaignRead")


@_attrs_define
class CampaignRead:
    """
    Attributes:
        id (int):
        name (str):
        description (None | str):
        kind (CampaignReadKind):
        currency (str):
        amount (int | None):
        percent (None | str):
        max_discount (int | None):
        sku (None | str):
        free_quantity (int | None):
        factor (None | str):
        condition (CampaignReadConditionType0 | None):
        line_condition (CampaignReadLineConditionType0 | None):
        starts_at (datetime.datetime | None):
        ends_at (datetime.datetime | None):
        max_uses_per_code (int | None):
        max_uses_per_member (int | None):
        max_uses_total (int | None):
        uses_total (int): Live redemptions (rolled-back ones are given back).
        codes (int): Codes the campaign holds.
        codes_published (int): Codes published to a member.
        is_active (bool):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: int
    name: str
    description: None | str
    kind: CampaignReadKind
    currency: str
    amount: int | None
    percent: None | str
    max_discount: int | None
    sku: None | str
    free_quantity: int | None
    factor: None | str
    condition: CampaignReadConditionType0 | None
    line_condition: CampaignReadLineConditionType0 | None
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    max_uses_per_code: int | None
    max_uses_per_member: int | None
    max_uses_total: int | None
    uses_total: int
    codes: int
    codes_published: int
    is_active: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.campaign_read_condition_type_0 import CampaignReadConditionType0  # noqa: PLC0415
        from ..models.campaign_read_line_condition_type_0 import CampaignReadLineConditionType0  # noqa: PLC0415

        id = self.id

        name = self.name

        description: None | str
        description = self.description

        kind = self.kind.value

        currency = self.currency

        amount: int | None
        amount = self.amount

        percent: None | str
        percent = self.percent

        max_discount: int | None
        max_discount = self.max_discount

        sku: None | str
        sku = self.sku

        free_quantity: int | None
        free_quantity = self.free_quantity

        factor: None | str
        factor = self.factor

        condition: dict[str, Any] | None
        if isinstance(self.condition, CampaignReadConditionType0):
            condition = self.condition.to_dict()
        else:
            condition = self.condition

        line_condition: dict[str, Any] | None
        if isinstance(self.line_condition, CampaignReadLineConditionType0):
            line_condition = self.line_condition.to_dict()
        else:
            line_condition = self.line_condition

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

        max_uses_per_code: int | None
        max_uses_per_code = self.max_uses_per_code

        max_uses_per_member: int | None
        max_uses_per_member = self.max_uses_per_member

        max_uses_total: int | None
        max_uses_total = self.max_uses_total

        uses_total = self.uses_total

        codes = self.codes

        codes_published = self.codes_published

        is_active = self.is_active

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "description": description,
                "kind": kind,
                "currency": currency,
                "amount": amount,
                "percent": percent,
                "max_discount": max_discount,
                "sku": sku,
                "free_quantity": free_quantity,
                "factor": factor,
                "condition": condition,
                "line_condition": line_condition,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "max_uses_per_code": max_uses_per_code,
                "max_uses_per_member": max_uses_per_member,
                "max_uses_total": max_uses_total,
                "uses_total": uses_total,
                "codes": codes,
                "codes_published": codes_published,
                "is_active": is_active,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.campaign_read_condition_type_0 import CampaignReadConditionType0  # noqa: PLC0415
        from ..models.campaign_read_line_condition_type_0 import CampaignReadLineConditionType0  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        kind = CampaignReadKind(d.pop("kind"))

        currency = d.pop("currency")

        def _parse_amount(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        amount = _parse_amount(d.pop("amount"))

        def _parse_percent(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        percent = _parse_percent(d.pop("percent"))

        def _parse_max_discount(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        max_discount = _parse_max_discount(d.pop("max_discount"))

        def _parse_sku(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        sku = _parse_sku(d.pop("sku"))

        def _parse_free_quantity(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        free_quantity = _parse_free_quantity(d.pop("free_quantity"))

        def _parse_factor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        factor = _parse_factor(d.pop("factor"))

        def _parse_condition(data: object) -> CampaignReadConditionType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                condition_type_0 = CampaignReadConditionType0.from_dict(data)

                return condition_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CampaignReadConditionType0 | None, data)

        condition = _parse_condition(d.pop("condition"))

        def _parse_line_condition(data: object) -> CampaignReadLineConditionType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                line_condition_type_0 = CampaignReadLineConditionType0.from_dict(data)

                return line_condition_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CampaignReadLineConditionType0 | None, data)

        line_condition = _parse_line_condition(d.pop("line_condition"))

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

        def _parse_max_uses_per_code(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        max_uses_per_code = _parse_max_uses_per_code(d.pop("max_uses_per_code"))

        def _parse_max_uses_per_member(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        max_uses_per_member = _parse_max_uses_per_member(d.pop("max_uses_per_member"))

        def _parse_max_uses_total(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        max_uses_total = _parse_max_uses_total(d.pop("max_uses_total"))

        uses_total = d.pop("uses_total")

        codes = d.pop("codes")

        codes_published = d.pop("codes_published")

        is_active = d.pop("is_active")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        campaign_read = cls(
            id=id,
            name=name,
            description=description,
            kind=kind,
            currency=currency,
            amount=amount,
            percent=percent,
            max_discount=max_discount,
            sku=sku,
            free_quantity=free_quantity,
            factor=factor,
            condition=condition,
            line_condition=line_condition,
            starts_at=starts_at,
            ends_at=ends_at,
            max_uses_per_code=max_uses_per_code,
            max_uses_per_member=max_uses_per_member,
            max_uses_total=max_uses_total,
            uses_total=uses_total,
            codes=codes,
            codes_published=codes_published,
            is_active=is_active,
            created_at=created_at,
            updated_at=updated_at,
        )

        campaign_read.additional_properties = d
        return campaign_read

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
