from enum import StrEnum


class ChallengeCreateChannelType0(StrEnum):
    ONLINE = "online"
    PARTNER = "partner"
    POS = "pos"

    def __str__(self) -> str:
        return str(self.value)
