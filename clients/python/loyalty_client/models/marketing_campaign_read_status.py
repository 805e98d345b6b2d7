from enum import StrEnum


class MarketingCampaignReadStatus(StrEnum):
    COMPLETED = "completed"
    DRAFT = "draft"
    RUNNING = "running"
    SCHEDULED = "scheduled"
    STOPPED = "stopped"

    def __str__(self) -> str:
        return str(self.value)
