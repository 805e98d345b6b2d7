from enum import StrEnum


class GiftMovementReadKind(StrEnum):
    CANCEL = "cancel"
    ISSUE = "issue"
    RETURN = "return"
    SPEND = "spend"
    TOP_UP = "top_up"

    def __str__(self) -> str:
        return str(self.value)
