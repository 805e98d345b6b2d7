from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.member_scores_churn_model import MemberScoresChurnModel

T = TypeVar("T", bound="MemberScores")


@_attrs_define
class MemberScores:
    """A member's latest scores and how much to trust them (the run that made them).

    Attributes:
        member_id (int):
        rfm_recency (int):
        rfm_frequency (int):
        rfm_monetary (int):
        rfm_cell (str):
        expected_purchases (float | None):
        p_alive (float | None):
        predicted_value (int | None):
        churn_risk (float):
        scored_at (datetime.datetime):
        horizon_days (int):
        churn_model (MemberScoresChurnModel):
        churn_model_auc (float | None):
        churn_baseline_auc (float | None):
    """

    member_id: int
    rfm_recency: int
    rfm_frequency: int
    rfm_monetary: int
    rfm_cell: str
    expected_purchases: float | None
    p_alive: float | None
    predicted_value: int | None
    churn_risk: float
    scored_at: datetime.datetime
    horizon_days: int
    churn_model: MemberScoresChurnModel
    churn_model_auc: float | None
    churn_baseline_auc: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        member_id = self.member_id

        rfm_recency = self.rfm_recency

        rfm_frequency = self.rfm_frequency

        rfm_monetary = self.rfm_monetary

        rfm_cell = self.rfm_cell

        expected_purchases: float | None
        expected_purchases = self.expected_purchases

        p_alive: float | None
        p_alive = self.p_alive

        predicted_value: int | None
        predicted_value = self.predicted_value

        churn_risk = self.churn_risk

        scored_at = self.scored_at.isoformat()

        horizon_days = self.horizon_days

        churn_model = self.churn_model.value

        churn_model_auc: float | None
        churn_model_auc = self.churn_model_auc

        churn_baseline_auc: float | None
        churn_baseline_auc = self.churn_baseline_auc

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "member_id": member_id,
                "rfm_recency": rfm_recency,
                "rfm_frequency": rfm_frequency,
                "rfm_monetary": rfm_monetary,
                "rfm_cell": rfm_cell,
                "expected_purchases": expected_purchases,
                "p_alive": p_alive,
                "predicted_value": predicted_value,
                "churn_risk": churn_risk,
                "scored_at": scored_at,
                "horizon_days": horizon_days,
                "churn_model": churn_model,
                "churn_model_auc": churn_model_auc,
                "churn_baseline_auc": churn_baseline_auc,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        member_id = d.pop("member_id")

        rfm_recency = d.pop("rfm_recency")

        rfm_frequency = d.pop("rfm_frequency")

        rfm_monetary = d.pop("rfm_monetary")

        rfm_cell = d.pop("rfm_cell")

        def _parse_expected_purchases(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        expected_purchases = _parse_expected_purchases(d.pop("expected_purchases"))

        def _parse_p_alive(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        p_alive = _parse_p_alive(d.pop("p_alive"))

        def _parse_predicted_value(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        predicted_value = _parse_predicted_value(d.pop("predicted_value"))

        churn_risk = d.pop("churn_risk")

        scored_at = datetime.datetime.fromisoformat(d.pop("scored_at"))

        horizon_days = d.pop("horizon_days")

        churn_model = MemberScoresChurnModel(d.pop("churn_model"))

        def _parse_churn_model_auc(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        churn_model_auc = _parse_churn_model_auc(d.pop("churn_model_auc"))

        def _parse_churn_baseline_auc(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        churn_baseline_auc = _parse_churn_baseline_auc(d.pop("churn_baseline_auc"))

        member_scores = cls(
            member_id=member_id,
            rfm_recency=rfm_recency,
            rfm_frequency=rfm_frequency,
            rfm_monetary=rfm_monetary,
            rfm_cell=rfm_cell,
            expected_purchases=expected_purchases,
            p_alive=p_alive,
            predicted_value=predicted_value,
            churn_risk=churn_risk,
            scored_at=scored_at,
            horizon_days=horizon_days,
            churn_model=churn_model,
            churn_model_auc=churn_model_auc,
            churn_baseline_auc=churn_baseline_auc,
        )

        member_scores.additional_properties = d
        return member_scores

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
