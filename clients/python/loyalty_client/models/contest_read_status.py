from enum import StrEnum


class ContestReadStatus(StrEnum):
    CLOSED = "closed"
    DRAWN = "drawn"
    OPEN = "open"
    UPCOMING = "upcoming"

    def __str__(self) -> str:
        return str(self.value)
