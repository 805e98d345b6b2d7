from enum import StrEnum


class ListRewardRedemptionsStatusType0(StrEnum):
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    CONFIRMED = "confirmed"
    DELIVERED = "delivered"
    REQUESTED = "requested"
    SHIPPED = "shipped"

    def __str__(self) -> str:
        return str(self.value)
