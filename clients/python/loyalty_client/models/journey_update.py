from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.journey_update_graph_type_0 import JourneyUpdateGraphType0


T = TypeVar("T", bound="JourneyUpdate")


@_attrs_define
class JourneyUpdate:
    """A changed graph becomes a new version: members already in the journey finish on theirs.

    Attributes:
        name (None | str | Unset):
        graph (JourneyUpdateGraphType0 | None | Unset):
    """

    name: None | str | Unset = UNSET
    graph: JourneyUpdateGraphType0 | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.journey_update_graph_type_0 import JourneyUpdateGraphType0  # noqa: PLC0415

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        graph: dict[str, Any] | None | Unset
        if isinstance(self.graph, Unset):
            graph = UNSET
        elif isinstance(self.graph, JourneyUpdateGraphType0):
            graph = self.graph.to_dict()
        else:
            graph = self.graph

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if graph is not UNSET:
            field_dict["graph"] = graph

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.journey_update_graph_type_0 import JourneyUpdateGraphType0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_graph(data: object) -> JourneyUpdateGraphType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                graph_type_0 = JourneyUpdateGraphType0.from_dict(data)

                return graph_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JourneyUpdateGraphType0 | None | Unset, data)

        graph = _parse_graph(d.pop("graph", UNSET))

        journey_update = cls(
            name=name,
            graph=graph,
        )

        return journey_update
