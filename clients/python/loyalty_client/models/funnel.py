from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.funnel_by import FunnelBy

if TYPE_CHECKING:
    from ..models.funnel_row import FunnelRow


T = TypeVar("T", bound="Funnel")


@_attrs_define
class Funnel:
    """
    Attributes:
        by (FunnelBy):
        start (datetime.datetime):
        end (datetime.datetime):
        window_days (int):
        rows (list[FunnelRow]):
        totals (FunnelRow):
    """

    by: FunnelBy
    start: datetime.datetime
    end: datetime.datetime
    window_days: int
    rows: list[FunnelRow]
    totals: FunnelRow
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        by = self.by.value

        start = self.start.isoformat()

        end = self.end.isoformat()

        window_days = self.window_days

        rows = []
        for rows_item_data in self.rows:
            rows_item = rows_item_data.to_dict()
            rows.append(rows_item)

        totals = self.totals.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "by": by,
                "start": start,
                "end": end,
                "window_days": window_days,
                "rows": rows,
                "totals": totals,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.funnel_row import FunnelRow  # noqa: PLC0415

        d = dict(src_dict)
        by = FunnelBy(d.pop("by"))

        start = datetime.datetime.fromisoformat(d.pop("start"))

        end = datetime.datetime.fromisoformat(d.pop("end"))

        window_days = d.pop("window_days")

        rows = []
        _rows = d.pop("rows")
        for rows_item_data in _rows:
            rows_item = FunnelRow.from_dict(rows_item_data)

            rows.append(rows_item)

        totals = FunnelRow.from_dict(d.pop("totals"))

        funnel = cls(
            by=by,
            start=start,
            end=end,
            window_days=window_days,
            rows=rows,
            totals=totals,
        )

        funnel.additional_properties = d
        return funnel

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
