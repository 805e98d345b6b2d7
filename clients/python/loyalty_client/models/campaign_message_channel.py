from enum import StrEnum


class CampaignMessageChannel(StrEnum):
    EMAIL = "email"
    INBOX = "inbox"
    PUSH = "push"
    SMS = "sms"

    def __str__(self) -> str:
        return str(self.value)
