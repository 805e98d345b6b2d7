from enum import StrEnum


class CampaignReadKind(StrEnum):
    FIXED_AMOUNT = "fixed_amount"
    FREE_PRODUCT = "free_product"
    GIFT_CARD = "gift_card"
    PERCENT = "percent"
    POINTS_MULTIPLIER = "points_multiplier"

    def __str__(self) -> str:
        return str(self.value)
