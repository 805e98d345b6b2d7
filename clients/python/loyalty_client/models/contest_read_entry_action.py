from enum import StrEnum


class ContestReadEntryAction(StrEnum):
    BEST_SCORE = "best_score"
    CUSTOM_EVENT = "custom_event"
    PURCHASE = "purchase"

    def __str__(self) -> str:
        return str(self.value)
