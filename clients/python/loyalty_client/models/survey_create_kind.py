from enum import StrEnum


class SurveyCreateKind(StrEnum):
    QUIZ = "quiz"
    SURVEY = "survey"

    def __str__(self) -> str:
        return str(self.value)
