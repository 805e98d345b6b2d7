from enum import StrEnum


class ProgramUpdateUnitsType0Item(StrEnum):
    CASHBACK = "cashback"
    POINTS = "points"
    STAMPS = "stamps"

    def __str__(self) -> str:
        return str(self.value)
