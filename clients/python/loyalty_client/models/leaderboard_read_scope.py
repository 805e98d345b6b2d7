from enum import StrEnum


class LeaderboardReadScope(StrEnum):
    PROGRAM = "program"
    SEGMENT = "segment"
    STORE = "store"

    def __str__(self) -> str:
        return str(self.value)
