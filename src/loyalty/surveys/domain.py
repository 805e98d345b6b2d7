"""Pure survey rules: checking a member's answers against the questions, a quiz's score, the NPS.

No database: the service feeds plain values and stores what these return. A refusal is a
ValueError-like `AnswerProblem` naming the question, which the service turns into 422.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

MAX_TEXT_ANSWER = 2000
NPS_PROMOTER = 9
NPS_DETRACTOR = 6


class AnswerProblem(ValueError):
    def __init__(self, question: int | None, message: str) -> None:
        super().__init__(message)
        self.question = question
        self.message = message


@dataclass(frozen=True)
class AnswerRow:
    """What one stored answer row holds (a multiple choice gives one per option)."""

    question: int
    choice: int | None = None
    number: int | None = None
    text: str | None = None


@dataclass(frozen=True)
class CheckedAnswers:
    rows: list[AnswerRow]
    score: int | None
    max_score: int | None
    # Profile attribute -> the value to store (an option's label, the number, the text, a list of labels).
    attributes: dict[str, Any]


def check_answers(questions: Sequence[Mapping[str, Any]], answers: Mapping[int, Any], *,
                  is_quiz: bool) -> CheckedAnswers:
    """The answers as rows to store, the quiz score and the attributes to copy; AnswerProblem when an
    answer does not fit its question, a required one is missing or an unknown question is named."""
    for position in answers:
        if not 0 <= position < len(questions):
            raise AnswerProblem(position, f"There is no question {position + 1}.")
    rows: list[AnswerRow] = []
    attributes: dict[str, Any] = {}
    score = 0
    max_score = 0
    for position, question in enumerate(questions):
        kind = question["kind"]
        value = answers.get(position)
        if value is None or value == "" or value == []:
            if question.get("required", True):
                raise AnswerProblem(position, f"Question {position + 1} needs an answer.")
            if question.get("correct"):
                max_score += 1
            continue
        stored: Any
        if kind == "single":
            choice = _option(question, position, value)
            rows.append(AnswerRow(position, choice=choice))
            stored = question["options"][choice]
            picked = {choice}
        elif kind == "multiple":
            values = value if isinstance(value, list) else [value]
            choices = sorted({_option(question, position, item) for item in values})
            rows.extend(AnswerRow(position, choice=choice) for choice in choices)
            stored = [question["options"][choice] for choice in choices]
            picked = set(choices)
        elif kind in ("scale", "nps"):
            low, high = (1, int(question.get("scale_max") or 5)) if kind == "scale" else (0, 10)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise AnswerProblem(position, f"Question {position + 1} takes a whole number from {low} to {high}.")
            rows.append(AnswerRow(position, number=value))
            stored = value
            picked = set()
        else:
            if not isinstance(value, str):
                raise AnswerProblem(position, f"Question {position + 1} takes text.")
            text = value.strip()
            if len(text) > MAX_TEXT_ANSWER:
                raise AnswerProblem(position, f"Question {position + 1}: at most {MAX_TEXT_ANSWER} characters.")
            if not text:
                if question.get("required", True):
                    raise AnswerProblem(position, f"Question {position + 1} needs an answer.")
                continue
            rows.append(AnswerRow(position, text=text))
            stored = text
            picked = set()
        correct = question.get("correct")
        if correct:
            max_score += 1
            if picked == set(correct):
                score += 1
        if question.get("profile_attribute"):
            attributes[question["profile_attribute"]] = stored
    return CheckedAnswers(rows=rows, score=score if is_quiz else None, max_score=max_score if is_quiz else None,
                          attributes=attributes)


def _option(question: Mapping[str, Any], position: int, value: Any) -> int:
    options = question["options"]
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < len(options):
        raise AnswerProblem(position, f"Question {position + 1}: pick one of its {len(options)} options.")
    return value


@dataclass(frozen=True)
class Nps:
    score: int
    promoters: int
    passives: int
    detractors: int


def nps(counts: Mapping[int, int]) -> Nps | None:
    """Net promoter score from how many answered each 0–10: % promoters (9–10) − % detractors (0–6),
    rounded half away from zero; None without answers."""
    promoters = sum(count for value, count in counts.items() if value >= NPS_PROMOTER)
    detractors = sum(count for value, count in counts.items() if value <= NPS_DETRACTOR)
    total = sum(counts.values())
    if total == 0:
        return None
    share = (promoters - detractors) * 100 / total
    rounded = int(abs(share) + 0.5) * (1 if share >= 0 else -1)
    return Nps(score=rounded, promoters=promoters, passives=total - promoters - detractors, detractors=detractors)
