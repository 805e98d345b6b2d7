from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.dry_run_purchase import DryRunPurchase
    from ..models.member_ref import MemberRef


T = TypeVar("T", bound="DryRunRequest")


@_attrs_define
class DryRunRequest:
    """A purchase to try the active purchase rules on; nothing is saved or used up.

    Attributes:
        purchase (DryRunPurchase):
        member (MemberRef | None | Unset):
    """

    purchase: DryRunPurchase
    member: MemberRef | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.member_ref import MemberRef  # noqa: PLC0415

        purchase = self.purchase.to_dict()

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
                "purchase": purchase,
            }
        )
        if member is not UNSET:
            field_dict["member"] = member

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dry_run_purchase import DryRunPurchase  # noqa: PLC0415
        from ..models.member_ref import MemberRef  # noqa: PLC0415

        d = dict(src_dict)
        purchase = DryRunPurchase.from_dict(d.pop("purchase"))

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

        dry_run_request = cls(
            purchase=purchase,
            member=member,
        )

        return dry_run_request
