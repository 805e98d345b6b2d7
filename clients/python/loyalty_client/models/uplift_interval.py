from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="UpliftInterval")


@_attrs_define
class UpliftInterval:
    """
    Attributes:
        estimate (float):
        standard_error (float):
        low (float):
        high (float):
        confidence (float):
        excludes_zero (bool): The interval lies wholly above or below zero.
    """

    estimate: float
    standard_error: float
    low: float
    high: float
    confidence: float
    excludes_zero: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        estimate = self.estimate

        standard_error = self.standard_error

        low = self.low

        high = self.high

        confidence = self.confidence

        excludes_zero = self.excludes_zero

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "estimate": estimate,
                "standard_error": standard_error,
                "low": low,
                "high": high,
                "confidence": confidence,
                "excludes_zero": excludes_zero,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        estimate = d.pop("estimate")

        standard_error = d.pop("standard_error")

        low = d.pop("low")

        high = d.pop("high")

        confidence = d.pop("confidence")

        excludes_zero = d.pop("excludes_zero")

        uplift_interval = cls(
            estimate=estimate,
            standard_error=standard_error,
            low=low,
            high=high,
            confidence=confidence,
            excludes_zero=excludes_zero,
        )

        uplift_interval.additional_properties = d
        return uplift_interval

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
