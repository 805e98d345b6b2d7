from enum import StrEnum


class MemberBadgeReadMeasure(StrEnum):
    DISTINCT_CATEGORIES = "distinct_categories"
    EVENT_COUNT = "event_count"
    PURCHASE_COUNT = "purchase_count"
    SPEND = "spend"
    WEEK_STREAK = "week_streak"

    def __str__(self) -> str:
        return str(self.value)
