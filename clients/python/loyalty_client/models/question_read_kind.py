from enum import StrEnum


class QuestionReadKind(StrEnum):
    MULTIPLE = "multiple"
    NPS = "nps"
    SCALE = "scale"
    SINGLE = "single"
    TEXT = "text"

    def __str__(self) -> str:
        return str(self.value)
