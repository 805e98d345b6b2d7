from enum import StrEnum


class PurchaseReadChannel(StrEnum):
    ONLINE = "online"
    PARTNER = "partner"
    POS = "pos"

    def __str__(self) -> str:
        return str(self.value)
