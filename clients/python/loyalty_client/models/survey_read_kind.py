from enum import StrEnum


class SurveyReadKind(StrEnum):
    QUIZ = "quiz"
    SURVEY = "survey"

    def __str__(self) -> str:
        return str(self.value)
