from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.journey_create_graph import JourneyCreateGraph


T = TypeVar("T", bound="JourneyCreate")


@_attrs_define
class JourneyCreate:
    """
    Attributes:
        name (str):
        graph (JourneyCreateGraph): The journey's graph: entry, reentry, goal, start and steps (docs/journeys.md).
    """

    name: str
    graph: JourneyCreateGraph

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        graph = self.graph.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "graph": graph,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.journey_create_graph import JourneyCreateGraph  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        graph = JourneyCreateGraph.from_dict(d.pop("graph"))

        journey_create = cls(
            name=name,
            graph=graph,
        )

        return journey_create
