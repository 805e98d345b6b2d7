from enum import StrEnum


class SurveyCreateStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"

    def __str__(self) -> str:
        return str(self.value)
