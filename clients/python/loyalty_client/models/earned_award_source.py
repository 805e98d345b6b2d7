from enum import StrEnum


class EarnedAwardSource(StrEnum):
    RULE = "rule"
    TIER = "tier"
    VOUCHER = "voucher"

    def __str__(self) -> str:
        return str(self.value)
