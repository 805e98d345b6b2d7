from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.question_summary_kind import QuestionSummaryKind

if TYPE_CHECKING:
    from ..models.nps_read import NpsRead
    from ..models.option_count import OptionCount


T = TypeVar("T", bound="QuestionSummary")


@_attrs_define
class QuestionSummary:
    """
    Attributes:
        question (int):
        kind (QuestionSummaryKind):
        prompt (str):
        answered (int):
        options (list[OptionCount]):
        mean (float | None):
        nps (None | NpsRead):
        latest_texts (list[str]):
    """

    question: int
    kind: QuestionSummaryKind
    prompt: str
    answered: int
    options: list[OptionCount]
    mean: float | None
    nps: None | NpsRead
    latest_texts: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.nps_read import NpsRead  # noqa: PLC0415

        question = self.question

        kind = self.kind.value

        prompt = self.prompt

        answered = self.answered

        options = []
        for options_item_data in self.options:
            options_item = options_item_data.to_dict()
            options.append(options_item)

        mean: float | None
        mean = self.mean

        nps: dict[str, Any] | None
        if isinstance(self.nps, NpsRead):
            nps = self.nps.to_dict()
        else:
            nps = self.nps

        latest_texts = self.latest_texts

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "question": question,
                "kind": kind,
                "prompt": prompt,
                "answered": answered,
                "options": options,
                "mean": mean,
                "nps": nps,
                "latest_texts": latest_texts,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.nps_read import NpsRead  # noqa: PLC0415
        from ..models.option_count import OptionCount  # noqa: PLC0415

        d = dict(src_dict)
        question = d.pop("question")

        kind = QuestionSummaryKind(d.pop("kind"))

        prompt = d.pop("prompt")

        answered = d.pop("answered")

        options = []
        _options = d.pop("options")
        for options_item_data in _options:
            options_item = OptionCount.from_dict(options_item_data)

            options.append(options_item)

        def _parse_mean(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        mean = _parse_mean(d.pop("mean"))

        def _parse_nps(data: object) -> None | NpsRead:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                nps_type_0 = NpsRead.from_dict(data)

                return nps_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | NpsRead, data)

        nps = _parse_nps(d.pop("nps"))

        latest_texts = cast(list[str], d.pop("latest_texts"))

        question_summary = cls(
            question=question,
            kind=kind,
            prompt=prompt,
            answered=answered,
            options=options,
            mean=mean,
            nps=nps,
            latest_texts=latest_texts,
        )

        question_summary.additional_properties = d
        return question_summary

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
