from enum import StrEnum


class ReferralOutcomeStatus(StrEnum):
    PENDING = "pending"
    REJECTED = "rejected"
    REVERSED = "reversed"
    REWARDED = "rewarded"

    def __str__(self) -> str:
        return str(self.value)
