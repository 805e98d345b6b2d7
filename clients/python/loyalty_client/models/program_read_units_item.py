from enum import StrEnum


class ProgramReadUnitsItem(StrEnum):
    CASHBACK = "cashback"
    POINTS = "points"
    STAMPS = "stamps"

    def __str__(self) -> str:
        return str(self.value)
