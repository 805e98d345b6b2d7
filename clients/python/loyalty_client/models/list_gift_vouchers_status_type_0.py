from enum import StrEnum


class ListGiftVouchersStatusType0(StrEnum):
    ACTIVE = "active"
    BLOCKED = "blocked"
    CANCELLED = "cancelled"

    def __str__(self) -> str:
        return str(self.value)
