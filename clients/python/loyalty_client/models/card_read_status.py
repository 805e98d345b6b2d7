from enum import StrEnum


class CardReadStatus(StrEnum):
    ACTIVE = "active"
    BLOCKED = "blocked"
    UNASSIGNED = "unassigned"

    def __str__(self) -> str:
        return str(self.value)
