from enum import StrEnum


class LeaderboardCreatePeriodType0(StrEnum):
    MONTH = "month"
    SEASON = "season"
    WEEK = "week"

    def __str__(self) -> str:
        return str(self.value)
