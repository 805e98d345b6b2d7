from enum import StrEnum


class ChallengeReadMeasure(StrEnum):
    EVENT_COUNT = "event_count"
    NEW_CATEGORIES = "new_categories"
    PURCHASE_COUNT = "purchase_count"
    SPEND = "spend"

    def __str__(self) -> str:
        return str(self.value)
