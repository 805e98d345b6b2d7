from enum import StrEnum


class CampaignBudgetReadKind(StrEnum):
    MONEY = "money"
    POINTS = "points"

    def __str__(self) -> str:
        return str(self.value)
