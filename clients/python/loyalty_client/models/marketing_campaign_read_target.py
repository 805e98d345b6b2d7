from enum import StrEnum


class MarketingCampaignReadTarget(StrEnum):
    CONDITION = "condition"
    LIST = "list"

    def __str__(self) -> str:
        return str(self.value)
