from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.basket_in_channel import BasketInChannel
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.basket_line_in import BasketLineIn


T = TypeVar("T", bound="BasketIn")


@_attrs_define
class BasketIn:
    """The basket being paid. `total` defaults to the sum of the lines; given with lines it must equal it.

    Attributes:
        channel (BasketInChannel):
        lines (list[BasketLineIn] | Unset):
        total (int | None | Unset):
        store (None | str | Unset):
    """

    channel: BasketInChannel
    lines: list[BasketLineIn] | Unset = UNSET
    total: int | None | Unset = UNSET
    store: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        channel = self.channel.value

        lines: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.lines, Unset):
            lines = []
            for lines_item_data in self.lines:
                lines_item = lines_item_data.to_dict()
                lines.append(lines_item)

        total: int | None | Unset
        if isinstance(self.total, Unset):
            total = UNSET
        else:
            total = self.total

        store: None | str | Unset
        if isinstance(self.store, Unset):
            store = UNSET
        else:
            store = self.store

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "channel": channel,
            }
        )
        if lines is not UNSET:
            field_dict["lines"] = lines
        if total is not UNSET:
            field_dict["total"] = total
        if store is not UNSET:
            field_dict["store"] = store

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.basket_line_in import BasketLineIn  # noqa: PLC0415

        d = dict(src_dict)
        channel = BasketInChannel(d.pop("channel"))

        _lines = d.pop("lines", UNSET)
        lines: list[BasketLineIn] | Unset = UNSET
        if _lines is not UNSET:
            lines = []
            for lines_item_data in _lines:
                lines_item = BasketLineIn.from_dict(lines_item_data)

                lines.append(lines_item)

        def _parse_total(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        total = _parse_total(d.pop("total", UNSET))

        def _parse_store(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        store = _parse_store(d.pop("store", UNSET))

        basket_in = cls(
            channel=channel,
            lines=lines,
            total=total,
            store=store,
        )

        return basket_in
