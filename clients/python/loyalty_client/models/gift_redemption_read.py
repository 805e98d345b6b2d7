from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.gift_redemption_read_allowed_transitions_item import GiftRedemptionReadAllowedTransitionsItem
from ..models.gift_redemption_read_kind import GiftRedemptionReadKind
from ..models.gift_redemption_read_status import GiftRedemptionReadStatus

if TYPE_CHECKING:
    from ..models.gift_redemption_read_delivery_address_type_0 import GiftRedemptionReadDeliveryAddressType0
    from ..models.status_entry_read import StatusEntryRead


T = TypeVar("T", bound="GiftRedemptionRead")


@_attrs_define
class GiftRedemptionRead:
    """
    Attributes:
        id (int):
        receipt_number (str):
        voucher_id (int):
        reward_id (int):
        kind (GiftRedemptionReadKind):
        reward_name (str):
        status (GiftRedemptionReadStatus):
        allowed_transitions (list[GiftRedemptionReadAllowedTransitionsItem]):
        points (int):
        code (None | str): The partner e-voucher code handed over.
        cause_id (int | None):
        recipient_name (None | str):
        delivery_address (GiftRedemptionReadDeliveryAddressType0 | None):
        history (list[StatusEntryRead]):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: int
    receipt_number: str
    voucher_id: int
    reward_id: int
    kind: GiftRedemptionReadKind
    reward_name: str
    status: GiftRedemptionReadStatus
    allowed_transitions: list[GiftRedemptionReadAllowedTransitionsItem]
    points: int
    code: None | str
    cause_id: int | None
    recipient_name: None | str
    delivery_address: GiftRedemptionReadDeliveryAddressType0 | None
    history: list[StatusEntryRead]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.gift_redemption_read_delivery_address_type_0 import GiftRedemptionReadDeliveryAddressType0  # noqa: PLC0415

        id = self.id

        receipt_number = self.receipt_number

        voucher_id = self.voucher_id

        reward_id = self.reward_id

        kind = self.kind.value

        reward_name = self.reward_name

        status = self.status.value

        allowed_transitions = []
        for allowed_transitions_item_data in self.allowed_transitions:
            allowed_transitions_item = allowed_transitions_item_data.value
            allowed_transitions.append(allowed_transitions_item)

        points = self.points

        code: None | str
        code = self.code

        cause_id: int | None
        cause_id = self.cause_id

        recipient_name: None | str
        recipient_name = self.recipient_name

        delivery_address: dict[str, Any] | None
        if isinstance(self.delivery_address, GiftRedemptionReadDeliveryAddressType0):
            delivery_address = self.delivery_address.to_dict()
        else:
            delivery_address = self.delivery_address

        history = []
        for history_item_data in self.history:
            history_item = history_item_data.to_dict()
            history.append(history_item)

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "receipt_number": receipt_number,
                "voucher_id": voucher_id,
                "reward_id": reward_id,
                "kind": kind,
                "reward_name": reward_name,
                "status": status,
                "allowed_transitions": allowed_transitions,
                "points": points,
                "code": code,
                "cause_id": cause_id,
                "recipient_name": recipient_name,
                "delivery_address": delivery_address,
                "history": history,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.gift_redemption_read_delivery_address_type_0 import GiftRedemptionReadDeliveryAddressType0  # noqa: PLC0415
        from ..models.status_entry_read import StatusEntryRead  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        receipt_number = d.pop("receipt_number")

        voucher_id = d.pop("voucher_id")

        reward_id = d.pop("reward_id")

        kind = GiftRedemptionReadKind(d.pop("kind"))

        reward_name = d.pop("reward_name")

        status = GiftRedemptionReadStatus(d.pop("status"))

        allowed_transitions = []
        _allowed_transitions = d.pop("allowed_transitions")
        for allowed_transitions_item_data in _allowed_transitions:
            allowed_transitions_item = GiftRedemptionReadAllowedTransitionsItem(allowed_transitions_item_data)

            allowed_transitions.append(allowed_transitions_item)

        points = d.pop("points")

        def _parse_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        code = _parse_code(d.pop("code"))

        def _parse_cause_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        cause_id = _parse_cause_id(d.pop("cause_id"))

        def _parse_recipient_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        recipient_name = _parse_recipient_name(d.pop("recipient_name"))

        def _parse_delivery_address(data: object) -> GiftRedemptionReadDeliveryAddressType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                delivery_address_type_0 = GiftRedemptionReadDeliveryAddressType0.from_dict(data)

                return delivery_address_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GiftRedemptionReadDeliveryAddressType0 | None, data)

        delivery_address = _parse_delivery_address(d.pop("delivery_address"))

        history = []
        _history = d.pop("history")
        for history_item_data in _history:
            history_item = StatusEntryRead.from_dict(history_item_data)

            history.append(history_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        gift_redemption_read = cls(
            id=id,
            receipt_number=receipt_number,
            voucher_id=voucher_id,
            reward_id=reward_id,
            kind=kind,
            reward_name=reward_name,
            status=status,
            allowed_transitions=allowed_transitions,
            points=points,
            code=code,
            cause_id=cause_id,
            recipient_name=recipient_name,
            delivery_address=delivery_address,
            history=history,
            created_at=created_at,
            updated_at=updated_at,
        )

        gift_redemption_read.additional_properties = d
        return gift_redemption_read

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
