from enum import StrEnum


class RedemptionReadAllowedTransitionsItem(StrEnum):
    CANCELLED = "cancelled"
    CONFIRMED = "confirmed"
    DELIVERED = "delivered"
    SHIPPED = "shipped"

    def __str__(self) -> str:
        return str(self.value)
