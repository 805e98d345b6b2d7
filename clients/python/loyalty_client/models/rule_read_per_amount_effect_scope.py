from enum import StrEnum


class RuleReadPerAmountEffectScope(StrEnum):
    MATCHING_LINES = "matching_lines"
    RECEIPT = "receipt"

    def __str__(self) -> str:
        return str(self.value)
