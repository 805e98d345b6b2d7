from enum import StrEnum


class PurchaseCreateChannel(StrEnum):
    ONLINE = "online"
    PARTNER = "partner"
    POS = "pos"

    def __str__(self) -> str:
        return str(self.value)
