from enum import StrEnum


class TierPolicyReadMeasure(StrEnum):
    AMOUNT_SPENT = "amount_spent"
    POINTS_EARNED = "points_earned"
    PURCHASE_COUNT = "purchase_count"

    def __str__(self) -> str:
        return str(self.value)
