from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.basket_in import BasketIn
    from ..models.member_ref import MemberRef


T = TypeVar("T", bound="VoucherRedeem")


@_attrs_define
class VoucherRedeem:
    """
    Attributes:
        code (str): As typed: case and spaces do not matter.
        basket (BasketIn): The basket being paid. `total` defaults to the sum of the lines; given with lines it must
            equal it.
        order_id (str): The shop's order: a rollback names it.
        member (MemberRef | None | Unset):
    """

    code: str
    basket: BasketIn
    order_id: str
    member: MemberRef | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.member_ref import MemberRef  # noqa: PLC0415

        code = self.code

        basket = self.basket.to_dict()

        order_id = self.order_id

        member: dict[str, Any] | None | Unset
        if isinstance(self.member, Unset):
            member = UNSET
        elif isinstance(self.member, MemberRef):
            member = self.member.to_dict()
        else:
            member = self.member

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "basket": basket,
                "order_id": order_id,
            }
        )
        if member is not UNSET:
            field_dict["member"] = member

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.basket_in import BasketIn  # noqa: PLC0415
        from ..models.member_ref import MemberRef  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        basket = BasketIn.from_dict(d.pop("basket"))

        order_id = d.pop("order_id")

        def _parse_member(data: object) -> MemberRef | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                member_type_0 = MemberRef.from_dict(data)

                return member_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MemberRef | None | Unset, data)

        member = _parse_member(d.pop("member", UNSET))

        voucher_redeem = cls(
            code=code,
            basket=basket,
            order_id=order_id,
            member=member,
        )

        return voucher_redeem
