from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.question_kind import QuestionKind
from ..models.question_scale_max_type_0 import QuestionScaleMaxType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="Question")


@_attrs_define
class Question:
    """One question. Choices name their options by index from 0; a scale runs from 1 to
    `scale_max` (5 or 10); an NPS question from 0 to 10 ("how likely are you to recommend us").

        Attributes:
            kind (QuestionKind):
            prompt (str):
            options (list[str] | Unset): The choices of a single or multiple choice question (2 to 20).
            scale_max (None | QuestionScaleMaxType0 | Unset): A scale's top (5 or 10); it starts at 1.
            correct (list[int] | None | Unset): A quiz's right option(s) by index: one for a single choice, the exact set
                for a multiple choice.
            profile_attribute (None | str | Unset): A member attribute the answer is copied to, only for members who gave
                the `profiling` consent.
            required (bool | Unset):  Default: True.
    """

    kind: QuestionKind
    prompt: str
    options: list[str] | Unset = UNSET
    scale_max: None | QuestionScaleMaxType0 | Unset = UNSET
    correct: list[int] | None | Unset = UNSET
    profile_attribute: None | str | Unset = UNSET
    required: bool | Unset = True

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        prompt = self.prompt

        options: list[str] | Unset = UNSET
        if not isinstance(self.options, Unset):
            options = self.options

        scale_max: int | None | Unset
        if isinstance(self.scale_max, Unset):
            scale_max = UNSET
        elif isinstance(self.scale_max, QuestionScaleMaxType0):
            scale_max = self.scale_max.value
        else:
            scale_max = self.scale_max

        correct: list[int] | None | Unset
        if isinstance(self.correct, Unset):
            correct = UNSET
        elif isinstance(self.correct, list):
            correct = self.correct

        else:
            correct = self.correct

        profile_attribute: None | str | Unset
        if isinstance(self.profile_attribute, Unset):
            profile_attribute = UNSET
        else:
            profile_attribute = self.profile_attribute

        required = self.required

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "prompt": prompt,
            }
        )
        if options is not UNSET:
            field_dict["options"] = options
        if scale_max is not UNSET:
            field_dict["scale_max"] = scale_max
        if correct is not UNSET:
            field_dict["correct"] = correct
        if profile_attribute is not UNSET:
            field_dict["profile_attribute"] = profile_attribute
        if required is not UNSET:
            field_dict["required"] = required

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = QuestionKind(d.pop("kind"))

        prompt = d.pop("prompt")

        options = cast(list[str], d.pop("options", UNSET))

        def _parse_scale_max(data: object) -> None | QuestionScaleMaxType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, int):
                    raise TypeError()
                scale_max_type_0 = QuestionScaleMaxType0(data)

                return scale_max_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | QuestionScaleMaxType0 | Unset, data)

        scale_max = _parse_scale_max(d.pop("scale_max", UNSET))

        def _parse_correct(data: object) -> list[int] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                correct_type_0 = cast(list[int], data)

                return correct_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[int] | None | Unset, data)

        correct = _parse_correct(d.pop("correct", UNSET))

        def _parse_profile_attribute(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        profile_attribute = _parse_profile_attribute(d.pop("profile_attribute", UNSET))

        required = d.pop("required", UNSET)

        question = cls(
            kind=kind,
            prompt=prompt,
            options=options,
            scale_max=scale_max,
            correct=correct,
            profile_attribute=profile_attribute,
            required=required,
        )

        return question
