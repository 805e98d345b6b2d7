from enum import StrEnum


class ContestCreateEntryAction(StrEnum):
    CUSTOM_EVENT = "custom_event"
    PURCHASE = "purchase"

    def __str__(self) -> str:
        return str(self.value)
