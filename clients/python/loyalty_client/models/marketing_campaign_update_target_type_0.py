from enum import StrEnum


class MarketingCampaignUpdateTargetType0(StrEnum):
    CONDITION = "condition"
    LIST = "list"

    def __str__(self) -> str:
        return str(self.value)
