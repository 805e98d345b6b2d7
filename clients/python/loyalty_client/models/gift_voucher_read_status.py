from enum import StrEnum


class GiftVoucherReadStatus(StrEnum):
    ACTIVE = "active"
    BLOCKED = "blocked"
    CANCELLED = "cancelled"

    def __str__(self) -> str:
        return str(self.value)
