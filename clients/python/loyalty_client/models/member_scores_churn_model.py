from enum import StrEnum


class MemberScoresChurnModel(StrEnum):
    MODEL = "model"
    RECENCY = "recency"

    def __str__(self) -> str:
        return str(self.value)
