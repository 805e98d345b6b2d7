from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.question_read_kind import QuestionReadKind

T = TypeVar("T", bound="QuestionRead")


@_attrs_define
class QuestionRead:
    """
    Attributes:
        kind (QuestionReadKind):
        prompt (str):
        options (list[str]):
        scale_max (int | None):
        correct (list[int] | None):
        profile_attribute (None | str):
        required (bool):
    """

    kind: QuestionReadKind
    prompt: str
    options: list[str]
    scale_max: int | None
    correct: list[int] | None
    profile_attribute: None | str
    required: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        prompt = self.prompt

        options = self.options

        scale_max: int | None
        scale_max = self.scale_max

        correct: list[int] | None
        if isinstance(self.correct, list):
            correct = self.correct

        else:
            correct = self.correct

        profile_attribute: None | str
        profile_attribute = self.profile_attribute

        required = self.required

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "prompt": prompt,
                "options": options,
                "scale_max": scale_max,
                "correct": correct,
                "profile_attribute": profile_attribute,
                "required": required,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = QuestionReadKind(d.pop("kind"))

        prompt = d.pop("prompt")

        options = cast(list[str], d.pop("options"))

        def _parse_scale_max(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        scale_max = _parse_scale_max(d.pop("scale_max"))

        def _parse_correct(data: object) -> list[int] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                correct_type_0 = cast(list[int], data)

                return correct_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[int] | None, data)

        correct = _parse_correct(d.pop("correct"))

        def _parse_profile_attribute(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        profile_attribute = _parse_profile_attribute(d.pop("profile_attribute"))

        required = d.pop("required")

        question_read = cls(
            kind=kind,
            prompt=prompt,
            options=options,
            scale_max=scale_max,
            correct=correct,
            profile_attribute=profile_attribute,
            required=required,
        )

        question_read.additional_properties = d
        return question_read

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
