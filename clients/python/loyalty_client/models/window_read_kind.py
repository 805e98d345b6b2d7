from enum import StrEnum


class WindowReadKind(StrEnum):
    CALENDAR_YEAR = "calendar_year"
    ROLLING = "rolling"

    def __str__(self) -> str:
        return str(self.value)
