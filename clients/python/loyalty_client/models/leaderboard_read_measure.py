from enum import StrEnum


class LeaderboardReadMeasure(StrEnum):
    POINTS = "points"
    PURCHASES = "purchases"
    SPEND = "spend"

    def __str__(self) -> str:
        return str(self.value)
