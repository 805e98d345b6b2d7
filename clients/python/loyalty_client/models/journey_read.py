from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.journey_read_status import JourneyReadStatus

if TYPE_CHECKING:
    from ..models.journey_counts import JourneyCounts
    from ..models.journey_read_graph import JourneyReadGraph
    from ..models.step_count import StepCount


T = TypeVar("T", bound="JourneyRead")


@_attrs_define
class JourneyRead:
    """
    Attributes:
        id (int):
        name (str):
        status (JourneyReadStatus):
        version (int):
        graph (JourneyReadGraph):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        counts (JourneyCounts):
        steps (list[StepCount]):
    """

    id: int
    name: str
    status: JourneyReadStatus
    version: int
    graph: JourneyReadGraph
    created_at: datetime.datetime
    updated_at: datetime.datetime
    counts: JourneyCounts
    steps: list[StepCount]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        status = self.status.value

        version = self.version

        graph = self.graph.to_dict()

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        counts = self.counts.to_dict()

        steps = []
        for steps_item_data in self.steps:
            steps_item = steps_item_data.to_dict()
            steps.append(steps_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "status": status,
                "version": version,
                "graph": graph,
                "created_at": created_at,
                "updated_at": updated_at,
                "counts": counts,
                "steps": steps,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.journey_counts import JourneyCounts  # noqa: PLC0415
        from ..models.journey_read_graph import JourneyReadGraph  # noqa: PLC0415
        from ..models.step_count import StepCount  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        status = JourneyReadStatus(d.pop("status"))

        version = d.pop("version")

        graph = JourneyReadGraph.from_dict(d.pop("graph"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        counts = JourneyCounts.from_dict(d.pop("counts"))

        steps = []
        _steps = d.pop("steps")
        for steps_item_data in _steps:
            steps_item = StepCount.from_dict(steps_item_data)

            steps.append(steps_item)

        journey_read = cls(
            id=id,
            name=name,
            status=status,
            version=version,
            graph=graph,
            created_at=created_at,
            updated_at=updated_at,
            counts=counts,
            steps=steps,
        )

        journey_read.additional_properties = d
        return journey_read

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
