from enum import StrEnum


class LeaderboardReadMeasure(StrEnum):
    CHALLENGE = "challenge"
    POINTS = "points"
    PURCHASES = "purchases"
    SPEND = "spend"

    def __str__(self) -> str:
        return str(self.value)
