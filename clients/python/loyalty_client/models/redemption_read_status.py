from enum import StrEnum


class RedemptionReadStatus(StrEnum):
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    CONFIRMED = "confirmed"
    DELIVERED = "delivered"
    REQUESTED = "requested"
    SHIPPED = "shipped"

    def __str__(self) -> str:
        return str(self.value)
