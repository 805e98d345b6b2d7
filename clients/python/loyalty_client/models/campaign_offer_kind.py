from enum import StrEnum


class CampaignOfferKind(StrEnum):
    COUPON = "coupon"
    POINTS = "points"

    def __str__(self) -> str:
        return str(self.value)
