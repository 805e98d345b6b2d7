from enum import StrEnum


class RecommendationReadKind(StrEnum):
    CHALLENGE = "challenge"
    COUPON = "coupon"
    PRODUCT = "product"
    REWARD = "reward"

    def __str__(self) -> str:
        return str(self.value)
