from enum import StrEnum


class RuleDetailReadPercentEffectScope(StrEnum):
    MATCHING_LINES = "matching_lines"
    RECEIPT = "receipt"

    def __str__(self) -> str:
        return str(self.value)
